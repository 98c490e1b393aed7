"""The diagonal DRAFT stamp every page of an incomplete assessment carries."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.i18n import N_, gettext_for
from app.reporting.fonts import BOLD, clean
from app.reporting.styles import PAGE_HEIGHT, PAGE_WIDTH

DRAFT = N_("DRAFT")
# The stamp must never go out untranslated, even before the catalogs carry the word.
_FALLBACK = {"fr": "BROUILLON", "de": "ENTWURF", "it": "BOZZA", "en": "DRAFT"}
_COLOUR = colors.HexColor("#B5483F")


def draft_word(language: str) -> str:
    translated = gettext_for(language, DRAFT)
    if translated == DRAFT:
        translated = _FALLBACK.get(language, DRAFT)
    return clean(translated)


def draw_watermark(canvas: Any, word: str) -> None:
    """The word across the page, large, faint, at 45°: visible, and the content stays legible."""
    size = 110.0
    diagonal = (PAGE_WIDTH ** 2 + PAGE_HEIGHT ** 2) ** 0.5
    width = stringWidth(word, BOLD, size)
    if width > diagonal * 0.7:
        size *= diagonal * 0.7 / width
    canvas.saveState()
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(54.7)  # the A4 diagonal
    canvas.setFillColor(_COLOUR)
    canvas.setFillAlpha(0.10)
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(0, -size * 0.35, word)
    canvas.restoreState()
