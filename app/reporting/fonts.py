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


def fonts_dir() -> Path:
    return Path(reportlab.__file__).resolve().parent / "fonts"


def register_fonts() -> None:
    """Register the Vera family once (idempotent) and make it the charts' default font."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(fonts_dir() / filename)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC,
                                  boldItalic=BOLD_ITALIC)
    shapes.STATE_DEFAULTS["fontName"] = REGULAR


def clean(text: str) -> str:
    """``text`` with the characters Vera cannot print replaced by ones it can."""
    return text.translate(_REPLACEMENTS)
