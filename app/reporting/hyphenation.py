"""Long words in narrow columns: soft hyphens at their syllables, in the report's language.

German compounds ("Datensicherungsverantwortlicher", "Fernwartungswerkzeug") are wider than a
30 mm column. ReportLab hyphenates with pyphen when a style names a language, but a word wider
than a whole line that comes after other words is cut by ``splitLongWords`` instead: a letter
left at the end of the line, the rest cut anywhere, without a hyphen. With soft hyphens (U+00AD)
at the syllables of the long words, ReportLab breaks there and draws a hyphen, and draws nothing
where it does not break. Without pyphen the text is left as it is, and ReportLab's cut still
keeps it inside its column. ``narrow_style`` adds breaks after the hyphens a word already has.
"""

from __future__ import annotations

import importlib
import re
from functools import cache, lru_cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle

SOFT_HYPHEN = "\u00ad"
MIN_LENGTH = 10
"""Shorter words move to the next line whole: they always fit a column."""
# pyphen's dictionaries for the report's languages (Swiss German has its own).
DICTIONARIES = {"de": "de_DE", "fr": "fr", "it": "it_IT", "en": "en_GB"}
SWISS = {"de": "de_CH"}
_LONG_WORD = re.compile(rf"[^\W\d_]{{{MIN_LENGTH},}}")


def dictionary_code(language: str, country: str | None = None) -> str:
    """The pyphen dictionary for a language (and country), "" when there is none."""
    return (SWISS if country == "CH" else {}).get(language) or DICTIONARIES.get(language, "")


@cache
def _hyphenator(code: str) -> Any:
    try:
        pyphen = importlib.import_module("pyphen")
    except ImportError:
        return None
    return pyphen.Pyphen(lang=code)


def soften(text: str, code: str) -> str:
    """``text`` with soft hyphens at the syllable breaks of its long words (letters only)."""
    if not code or _hyphenator(code) is None:
        return text
    return _LONG_WORD.sub(lambda match: _softened(match.group(0), code), text)


@lru_cache(maxsize=4096)
def _softened(word: str, code: str) -> str:
    """One word with its soft hyphens: pyphen works in pure Python, and the same words (the
    answers' labels, "Datensicherung") come back in every row of the review table."""
    return str(_hyphenator(code).inserted(word, SOFT_HYPHEN))


@cache
def narrow_style(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` that also breaks after the hyphens already in a word ("Online-Backup-Dienst"),
    which ReportLab otherwise cuts anywhere when the whole word is wider than a line."""
    return ParagraphStyle(f"{style.name}-narrow", parent=style, embeddedHyphenation=1)
