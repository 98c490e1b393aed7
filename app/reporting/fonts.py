"""The fonts of the report: Bitstream Vera, shipped with ReportLab, registered and embedded.

The 14 standard PDF fonts (Helvetica…) are never embedded, so a report that used them would look
different on every reader and would not pass PDF/A-style checks. Vera covers every accent of
French, German and Italian and € « » ’ —, but not U+202F (the narrow no-break space Babel puts in
French numbers): ``clean`` swaps it, and the other spaces Vera lacks, for a plain no-break space.

ReportLab still falls back on Helvetica in three places unless told otherwise: chart labels
(``STATE_DEFAULTS["fontName"]``), the document template (``initialFontName``) and the table of
contents' style. ``register_fonts`` fixes the first; ``report.py`` passes ``initialFontName``;
the report has no table of contents (the outline serves instead).
"""

from __future__ import annotations

from pathlib import Path

import reportlab
from reportlab.graphics import shapes
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "Vera"
BOLD = "Vera-Bold"
ITALIC = "Vera-Italic"
BOLD_ITALIC = "Vera-BoldItalic"

_FILES = {
    REGULAR: "Vera.ttf",
    BOLD: "VeraBd.ttf",
    ITALIC: "VeraIt.ttf",
    BOLD_ITALIC: "VeraBI.ttf",
}

# Spaces Vera has no glyph for, and what prints instead.
_REPLACEMENTS = str.maketrans({
    "\u202f": "\u00a0",  # narrow no-break space (Babel, French numbers and percentages)
    "\u2009": "\u00a0",  # thin space
    "\u2002": " ",  # en space
    "\u2003": " ",  # em space
    "\u2007": "\u00a0",  # figure space
    "\u200b": "",  # zero-width space
})


class MeasuredFont(TTFont):  # type: ignore[misc]
    """A TrueType font that remembers the width of the words it measured.

    ReportLab measures every word of a paragraph when it breaks its lines, summing the glyph
    widths in Python: the same words ("de", "la", "sauvegarde", an answer's label) come back
    hundreds of times in a report. The width of a text at a size never changes for a font, so
    it is kept; ``forget_widths`` empties the memory (each report starts with it empty, so
    that a report's time does not depend on the one before).
    """

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._widths: dict[tuple[str, float], float] = {}

    def stringWidth(self, text: str, size: float,  # noqa: N802 (ReportLab's name)
                    encoding: str = "utf8") -> float:
        if not isinstance(text, str):
            return float(super().stringWidth(text, size, encoding))
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = super().stringWidth(text, size, encoding)
        return width

    def forget_widths(self) -> None:
        self._widths.clear()


def forget_widths() -> None:
    """Empty the fonts' memory of widths (see ``MeasuredFont``)."""
    for name in _FILES:
        font = pdfmetrics.getFont(name)
        if isinstance(font, MeasuredFont):
            font.forget_widths()


def fonts_dir() -> Path:
    return Path(reportlab.__file__).resolve().parent / "fonts"


def register_fonts() -> None:
    """Register the Vera family once (idempotent) and make it the charts' default font."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(MeasuredFont(name, str(fonts_dir() / filename)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC,
                                  boldItalic=BOLD_ITALIC)
    shapes.STATE_DEFAULTS["fontName"] = REGULAR


def clean(text: str) -> str:
    """``text`` with the characters Vera cannot print replaced by ones it can."""
    return text.translate(_REPLACEMENTS)
