"""The page canvas: header, footer with "page x / y", DRAFT watermark, metadata, bookmarks.

"Page x / y" needs the page count before the first page is written. Rather than building the
document twice, ``ReportCanvas`` keeps each finished page in memory and draws the header and
footer on all of them when the document is saved (one layout pass). Bookmarks made during
layout would then point at the wrong page, because ReportLab binds a bookmark to the page
being written: they are kept with their page and bound when it is really written.

The document information dictionary gets the usual fields plus the CyberCabinet keys that
``verify`` reads, and a creation date taken from the report's ``generated_at``, so that the
same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.reporting import styles as st
from app.reporting.fonts import BOLD, REGULAR
from app.reporting.watermark import draw_watermark


@dataclass(frozen=True)
class PageDecor:
    """What every page carries besides its content."""

    practice: str
    report_title: str
    date: str
    fingerprint_label: str
    fingerprint: str
    page_label: str
    """With ``{page}`` and ``{pages}``."""
    watermark: str | None = None
    created: dt.datetime | None = None
    extra_info: Mapping[str, str] = field(default_factory=dict)


def _pdf_date(moment: dt.datetime) -> PDFDate:
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    stamp = SimpleNamespace(YMDhms=(moment.year, moment.month, moment.day, moment.hour,
                                    moment.minute, moment.second),
                            dhh=int(minutes / 60), dmm=abs(minutes) % 60)
    return PDFDate(ts=stamp)


class ReportInfo(PDFInfo):  # type: ignore[misc]
    """The /Info dictionary with a fixed creation date and our own keys."""

    def __init__(self, created: dt.datetime | None, extra: Mapping[str, str]) -> None:
        super().__init__()
        self._created = created
        self._extra = dict(extra)

    def format(self, document: Any) -> bytes:
        entries: dict[str, Any] = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
            "Trapped": PDFName(self.trapped),
        }
        if self._created is not None:
            entries["CreationDate"] = entries["ModDate"] = _pdf_date(self._created)
        for key, value in self._extra.items():
            entries[key] = PDFString(value)
        result: bytes = PDFDictionary(entries).format(document)
        return result


class ReportCanvas(Canvas):  # type: ignore[misc]
    def __init__(self, *args: Any, decor: PageDecor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._pages: list[dict[str, Any]] = []
        self._bookmarks: list[tuple[str, dict[str, Any]]] = []
        self._doc.info = ReportInfo(decor.created, decor.extra_info)
        self.showOutline()

    # -- deferred pages and bookmarks -------------------------------------------------------
    def bookmarkPage(self, key: str, **kwargs: Any) -> None:  # noqa: N802 (ReportLab's name)
        self._bookmarks.append((key, kwargs))

    def showPage(self) -> None:  # noqa: N802
        self._pages.append(dict(self.__dict__))
        self._bookmarks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            for key, kwargs in state["_bookmarks"]:
                Canvas.bookmarkPage(self, key, **kwargs)
            Canvas.showPage(self)
        Canvas.save(self)

    # -- what every page carries ------------------------------------------------------------
    def _decorate(self, number: int, total: int) -> None:
        decor = self._decor
        left, right = st.MARGIN_X, st.PAGE_WIDTH - st.MARGIN_X
        self.saveState()
        if decor.watermark:
            draw_watermark(self, decor.watermark)
        top = st.PAGE_HEIGHT - 13 * st.MM
        self.setFillColor(st.NAVY)
        self.setFont(BOLD, 8)
        self.drawString(left, top, _fit(decor.practice, BOLD, 8, (right - left) * 0.6))
        self.setFillColor(st.MUTED)
        self.setFont(REGULAR, 7.5)
        self.drawRightString(right, top, _fit(decor.report_title, REGULAR, 7.5,
                                              (right - left) * 0.38))
        self.setStrokeColor(st.RULE)
        self.setLineWidth(0.6)
        self.line(left, top - 5, right, top - 5)

        bottom = 11 * st.MM
        self.line(left, bottom + 9, right, bottom + 9)
        self.setFont(REGULAR, 6.5)
        self.setFillColor(st.MUTED)
        self.drawString(left, bottom, f"{decor.fingerprint_label} {decor.fingerprint}")
        self.setFont(REGULAR, 7.5)
        self.setFillColor(st.INK)
        page = decor.page_label.format(page=number, pages=total)
        self.drawRightString(right, bottom, f"{decor.date}   ·   {page}")
        self.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so that it fits ``width``."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
