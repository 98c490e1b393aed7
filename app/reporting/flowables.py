"""Small flowables of our own: bookmarked headings, badges, score gauges, call-outs, and the
signature area that notes where it landed so that a signature field can be put over it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from app.reporting import styles as st
from app.reporting.fonts import BOLD, ITALIC
from app.reporting.markup import fragments


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that breaks its lines once per width.

    A table asks each cell's paragraphs for their size when it measures its rows, again for
    each part when it splits across pages, and once more when it draws them, always at the
    column's width: ReportLab breaks the lines anew every time (~40 % of a report's time).
    The size depends only on the width, not on the height offered, so the lines broken for a
    width are kept while the width stays the same.

    It also keeps the lines right: ReportLab's ``breakLines`` replaces the paragraph's parsed
    fragments with the words it cut, and breaking those again loses the hyphen of a word it
    cut at an embedded hyphen ("est-il" drawn "estil" in the narrow review columns, whose
    style sets ``embeddedHyphenation``). Another width starts again from the parsed fragments.

    Measured gain of the cache (issue 20: kept for >= 10 %): 142 ms of 0.66 s, 22 % of the
    report + signature row (CPU, median of 41 paired rounds), with
    ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/hack_gains.py report``. It overrides
    ReportLab's ``Paragraph._setup`` and ``wrap`` and reads ``frags`` and ``blPara``
    (reportlab pinned; tests/reporting/test_reportlab_contract.py).
    """

    _wrapped_for: float | None = None

    def __init__(self, text: str | None, style: Any, bulletText: Any = None,  # noqa: N803
                 frags: Any = None, caseSensitive: int = 1,  # noqa: N803
                 encoding: str = "utf8") -> None:
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
        self._parsed_frags: Any = self.__dict__["frags"]

    def _setup(self, text: str | None, style: Any, bulletText: Any, frags: Any,  # noqa: N803
               cleaner: Any) -> None:
        """ReportLab's setup, with the markup read by ``markup.fragments`` when it can."""
        if frags is None and text is not None:
            text = cleaner(text)
            frags = fragments(text, style)
        super()._setup(text, style, bulletText, frags, cleaner)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # ``split`` forgets the lines (``del self.blPara``) when nothing fits: break them again.
        if avail_width == self._wrapped_for and "blPara" in self.__dict__:
            return self.width, self.height
        self.frags = self._parsed_frags
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        self._wrapped_for = avail_width
        return size


class Heading(Para):
    """A heading that adds itself to the PDF outline (bookmarks) where it is drawn."""

    def __init__(self, text: str, style: Any, *, key: str, title: str, level: int = 0) -> None:
        super().__init__(text, style)
        self.key = key
        self.outline_title = title
        self.outline_level = level

    def draw(self) -> None:
        super().draw()
        self.canv.bookmarkHorizontal(self.key, 0, self.height + 6)
        self.canv.addOutlineEntry(self.outline_title, self.key, level=self.outline_level,
                                  closed=False)


class Badge(Flowable):  # type: ignore[misc]
    """Text in a rounded, coloured pill: a maturity level, a status."""

    def __init__(self, text: str, fill: colors.Color, *, size: float = 9.5,
                 text_colour: colors.Color = st.WHITE, pad_x: float = 9,
                 pad_y: float = 4.5) -> None:
        super().__init__()
        self.text, self.fill, self.size = text, fill, size
        self.text_colour, self.pad_x, self.pad_y = text_colour, pad_x, pad_y

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = stringWidth(self.text, BOLD, self.size) + 2 * self.pad_x
        self.height = self.size + 2 * self.pad_y
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(self.fill)
        canvas.setStrokeColor(self.fill)
        canvas.roundRect(0, 0, self.width, self.height, self.height / 2, stroke=0, fill=1)
        canvas.setFillColor(self.text_colour)
        canvas.setFont(BOLD, self.size)
        canvas.drawString(self.pad_x, self.pad_y + self.size * 0.18, self.text)


class Gauge(Flowable):  # type: ignore[misc]
    """A thin horizontal bar filled to a 0..100 score, in the score's colour."""

    def __init__(self, score: float | None, width: float, height: float = 6) -> None:
        super().__init__()
        self.score, self.width, self.height = score, width, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        radius = self.height / 2
        canvas.setFillColor(st.HEADER_FILL)
        canvas.roundRect(0, 0, self.width, self.height, radius, stroke=0, fill=1)
        if self.score:
            filled = max(self.height, self.width * min(self.score, 100.0) / 100.0)
            canvas.setFillColor(st.score_colour(self.score))
            canvas.roundRect(0, 0, filled, self.height, radius, stroke=0, fill=1)


def callout(content: list[Flowable], *, fill: colors.Color = st.WARN_FILL,
            edge: colors.Color = st.WARN_EDGE, width: float = st.CONTENT_WIDTH) -> Table:
    """A tinted box with a coloured left edge, for what the reader must not miss."""
    table = Table([[content]], colWidths=[width])
    table.setStyle(st.table_style(
        ("BACKGROUND", (0, 0), (-1, -1), fill),
        ("LINEBEFORE", (0, 0), (0, -1), 3, edge),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ))
    return table


@dataclass(frozen=True)
class PlacedBox:
    """Where a flowable landed: page index (0-based) and its rectangle in PDF points."""

    page_index: int
    x1: float
    y1: float
    x2: float
    y2: float

    def as_ints(self) -> tuple[int, int, int, int]:
        return round(self.x1), round(self.y1), round(self.x2), round(self.y2)


class SignatureArea(Flowable):  # type: ignore[misc]
    """The framed area a signature goes in. When drawn, it writes its absolute position into
    ``registry[name]``, so that the signature field is put exactly over it afterwards."""

    def __init__(self, name: str, hint: str, registry: dict[str, PlacedBox], *,
                 width: float, height: float) -> None:
        super().__init__()
        self.name, self.hint, self.registry = name, hint, registry
        self.width, self.height = width, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(st.WHITE)
        canvas.setStrokeColor(st.SLATE)
        canvas.setLineWidth(0.7)
        canvas.setDash(3, 2)
        canvas.roundRect(0, 0, self.width, self.height, 4, stroke=1, fill=1)
        canvas.setFillColor(st.SLATE)
        canvas.setFont(ITALIC, 7.5)
        canvas.drawString(8, 7, self.hint)
        canvas.restoreState()
        x1, y1 = canvas.absolutePosition(0, 0)
        x2, y2 = canvas.absolutePosition(self.width, self.height)
        self.registry[self.name] = PlacedBox(canvas.getPageNumber() - 1, x1, y1, x2, y2)
