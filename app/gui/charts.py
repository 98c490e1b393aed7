"""A bar chart of the theme scores, painted with QPainter (QtCharts is not in Essentials).

Horizontal bars read better than a radar for a physician: the theme names stay whole and
the weakest theme is the shortest bar. Faint lines mark the maturity thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.maturity import LEVELS
from app.gui.look import BORDER, MUTED, TEXT, relative_font, score_color
from app.i18n import _, format_number


@dataclass(frozen=True)
class Bar:
    title: str
    score: float | None  # 0..100; None: nothing answered yet


class ThemeBarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    @property
    def bars(self) -> list[Bar]:
        return list(self._bars)

    def set_bars(self, bars: list[Bar]) -> None:
        self._bars = list(bars)
        self.setAccessibleDescription("; ".join(
            f"{bar.title}: {self._value_text(bar)}" for bar in bars))
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return self.fontMetrics().height() * 2

    def sizeHint(self) -> QSize:  # noqa: N802
        em = self.fontMetrics().height()
        return QSize(em * 30, self._row_height() * max(len(self._bars), 1) + em * 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.fontMetrics().height() * 18, self.sizeHint().height())

    @staticmethod
    def _value_text(bar: Bar) -> str:
        return _("not answered") if bar.score is None else format_number(bar.score)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        em = metrics.height()
        row = self._row_height()
        label_width = min(self.width() * 2 // 5, max(
            (metrics.horizontalAdvance(b.title) for b in self._bars), default=0) + em * 2)
        value_width = metrics.horizontalAdvance("100") + em
        left = label_width
        width = max(self.width() - left - value_width, em)
        bottom = row * len(self._bars)
        # maturity thresholds
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
        painter.setFont(self.font())
        for index, bar in enumerate(self._bars):
            top = index * row
            painter.setPen(QColor(TEXT))
            title = metrics.elidedText(bar.title, Qt.TextElideMode.ElideRight, label_width - em)
            painter.drawText(QRect(0, top, label_width - em // 2, row),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, title)
            track = QRect(left, top + row // 4, width, row // 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#e8ecef"))
            painter.drawRoundedRect(track, 3, 3)
            if bar.score is not None:
                painter.setBrush(score_color(bar.score))
                filled = QRect(track.left(), track.top(),
                               max(round(width * bar.score / 100), 3), track.height())
                painter.drawRoundedRect(filled, 3, 3)
            painter.setPen(QColor(TEXT if bar.score is not None else MUTED))
            painter.drawText(QRect(left + width + em // 2, top, value_width, row),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             format_number(bar.score) if bar.score is not None else "—")
        painter.end()
