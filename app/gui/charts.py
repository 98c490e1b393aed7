"""A bar chart of the theme scores, painted with QPainter (QtCharts is not in Essentials).

Horizontal bars read better than a radar for a physician: the theme names stay whole and
the weakest theme is the shortest bar. Faint lines mark the maturity thresholds. When the names
do not fit beside the bars (a narrow window, a large font), each name goes above its bar.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.maturity import LEVELS
from app.gui.look import BORDER, MUTED, TEXT, relative_font, score_color
from app.i18n import _, format_number

TRACK = "#e8ecef"


@dataclass(frozen=True)
class Bar:
    title: str
    score: float | None  # 0..100; None: nothing answered yet


class ThemeBarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    @property
    def bars(self) -> list[Bar]:
        return list(self._bars)

    def set_bars(self, bars: list[Bar]) -> None:
        self._bars = list(bars)
        self.setAccessibleDescription("; ".join(
            f"{bar.title}: {self._value_text(bar)}" for bar in bars))
        self.updateGeometry()
        self.update()

    # -- geometry ----------------------------------------------------------------------
    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        return max((metrics.horizontalAdvance(b.title) for b in self._bars), default=0) \
            + metrics.height()

    def stacked(self, width: int | None = None) -> bool:
        """Names above the bars: they would take more than 2/5 of the width beside them."""
        return self._label_width() > (self.width() if width is None else width) * 2 // 5

    def _row_height(self, stacked: bool) -> int:
        em = self.fontMetrics().height()
        return em * 2 + em // 4 if stacked else em * 3 // 2

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        em = self.fontMetrics().height()
        return self._row_height(self.stacked(width)) * max(len(self._bars), 1) + em * 2

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def sizeHint(self) -> QSize:  # noqa: N802
        """Wide enough for the names beside the bars; the layout asks heightForWidth after."""
        width = self._label_width() * 5 // 2 + self.fontMetrics().height()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        em = self.fontMetrics().height()
        return QSize(em * 14, self._row_height(False) * max(len(self._bars), 1) + em * 2)

    @staticmethod
    def _value_text(bar: Bar) -> str:
        return _("not answered") if bar.score is None else format_number(bar.score)

    # -- painting ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        em = metrics.height()
        stacked = self.stacked()
        row = self._row_height(stacked)
        value_width = metrics.horizontalAdvance("100") + em
        left = 0 if stacked else self._label_width()
        width = max(self.width() - left - value_width, em)
        bottom = row * len(self._bars)
        self._paint_thresholds(painter, left, width, bottom)
        painter.setFont(self.font())
        for index, bar in enumerate(self._bars):
            top = index * row
            painter.setPen(QColor(TEXT))
            if stacked:
                painter.drawText(QRect(0, top, self.width(), em),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 metrics.elidedText(bar.title, Qt.TextElideMode.ElideRight,
                                                    self.width()))
                track = QRect(left, top + em + em // 4, width, em * 3 // 4)
            else:
                painter.drawText(QRect(0, top, left - em // 2, row),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 bar.title)
                track = QRect(left, top + row // 4, width, row // 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(TRACK))
            painter.drawRoundedRect(track, 3, 3)
            if bar.score is not None:
                painter.setBrush(score_color(bar.score))
                filled = QRect(track.left(), track.top(),
                               max(round(width * bar.score / 100), 3), track.height())
                painter.drawRoundedRect(filled, 3, 3)
            painter.setPen(QColor(TEXT if bar.score is not None else MUTED))
            painter.drawText(QRect(left + width + em // 2, track.top() - em, value_width,
                                   track.height() + 2 * em),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             format_number(bar.score) if bar.score is not None else "—")
        painter.end()

    def _paint_thresholds(self, painter: QPainter, left: int, width: int, bottom: int) -> None:
        em = self.fontMetrics().height()
        pen = QPen(QColor(BORDER))
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setFont(relative_font(0.8))
        for level in LEVELS[1:]:
            x = left + round(width * level.min_score / 100)
            painter.setPen(pen)
            painter.drawLine(x, 0, x, bottom)
            painter.setPen(QColor(MUTED))
            painter.drawText(QRect(x - em, bottom, em * 2, em * 3 // 2),
                             Qt.AlignmentFlag.AlignCenter, format_number(level.min_score))
