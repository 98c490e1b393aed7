"""Catalogs: complete, placeholders kept, every source string extracted, plurals right."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.i18n import (
    LANGUAGES,
    format_date,
    format_number,
    gettext_for,
    ngettext_for,
    set_language,
    system_language,
)

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "i18n"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\(\w+\)[sd]|%[sd]")


def _catalog(language: str):  # type: ignore[no-untyped-def]
    with (CATALOGS / language / "LC_MESSAGES" / "cybercabinet.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete(language: str) -> None:
    missing = [m.id for m in _catalog(language) if m.id and (
        not m.string or (isinstance(m.string, tuple) and not all(m.string))
        or m.fuzzy)]
    assert missing == []


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_translations_keep_placeholders(language: str) -> None:
    wrong = []
    for message in _catalog(language):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if string and sorted(PLACEHOLDER.findall(string)) != expected:
                wrong.append((ids[0], string))
    assert wrong == []


def test_every_source_string_is_extracted(tmp_path: Path) -> None:
    pot = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract",
                    "--no-location", "--mapping-file", str(ROOT / "babel.cfg"),
                    "--output-file", str(pot), str(ROOT / "app")],
                   check=True, cwd=ROOT, capture_output=True)
    with pot.open("rb") as handle:
        fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    for language in LANGUAGES:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(language) if m.id}
        assert fresh - known == set(), f"not in the {language} catalog: run 'make extract'"


def test_french_plural_treats_zero_as_singular() -> None:
    catalog = _catalog("fr")
    assert "n > 1" in catalog.plural_expr


def test_runtime_translation_and_fallback() -> None:
    assert gettext_for("fr", "Yes") == "Oui"
    assert gettext_for("en", "Yes") == "Yes"
    assert ngettext_for("en", "one", "many", 2) == "many"


def test_locale_formatting() -> None:
    day = dt.date(2026, 11, 23)
    assert format_date(day, "fr") == "23 novembre 2026"
    assert format_date(day, "de") == "23. November 2026"
    assert format_number(1234.5, "fr", digits=1) == "1\u202f234,5"
    assert format_number(1234.5, "de", country="CH", digits=1) == "1’234.5"


def test_system_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "de_CH.UTF-8")
    assert system_language() == "de"
    monkeypatch.setenv("LC_ALL", "es_ES.UTF-8")
    monkeypatch.setenv("LC_MESSAGES", "")
    monkeypatch.setenv("LANG", "")
    monkeypatch.setenv("LANGUAGE", "")
    assert system_language() in LANGUAGES
    with pytest.raises(ValueError, match="unsupported"):
        set_language("es")


@pytest.mark.parametrize(("name", "code"), [
    ("de_CH.UTF-8", "de"), ("it-CH", "it"), ("German_Switzerland", "de"),
    ("French_France", "fr"), ("Italian_Switzerland", "it"), ("English_United States", "en"),
    ("Spanish_Spain", ""), ("C.UTF-8", ""), ("POSIX", ""), ("", "")])
def test_locale_names_of_every_system_are_understood(name: str, code: str) -> None:
    from app.i18n.translation import _language_code

    assert _language_code(name) == code


def test_no_translated_call_hides_inside_an_f_string() -> None:
    """The extractor cannot see ``_('…')`` inside an f-string: it would stay in English."""
    import ast

    hidden = []
    for path in (ROOT / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name)
                        and inner.func.id in {"_", "N_", "ngettext"}
                        and any(isinstance(arg, ast.Constant) for arg in inner.args)):
                    hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert hidden == []
