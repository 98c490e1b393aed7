"""A practice's score over time: one point per assessment, painted with QPainter.

The points are evenly spaced, oldest on the left, with their dates under them: assessments come
about once a year, and even spacing keeps every date readable where a time axis would crowd two
close ones. Faint lines mark the maturity thresholds, as on the results page. A draft (whose
score may still move) is drawn hollow; the two assessments being compared are ringed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.maturity import LEVELS
from app.gui.look import ACCENT, BORDER, CARD, MUTED, TEXT, relative_font, score_color
from app.i18n import _, format_date, format_number


@dataclass(frozen=True)
class CurvePoint:
    assessment_id: str
    when: dt.date
    score: float | None
    draft: bool = False


class ScoreChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[CurvePoint] = []
        self._marked: set[str] = set()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    @property
    def points(self) -> list[CurvePoint]:
        return list(self._points)

    def set_points(self, points: list[CurvePoint], marked: set[str] | None = None) -> None:
        self._points = list(points)
        self._marked = set(marked or ())
        self.setAccessibleName(_("Score over time"))
        self.setAccessibleDescription("; ".join(
            "{date}: {score}".format(date=format_date(p.when, fmt="medium"),
                                     score=format_number(p.score) if p.score is not None
                                     else _("no score")) for p in points))
        self.update()

    def set_marked(self, marked: set[str]) -> None:
        self._marked = set(marked)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        em = self.fontMetrics().height()
        return QSize(em * 24, em * 11)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        em = self.fontMetrics().height()
        return QSize(em * 14, em * 8)

    # -- painting ----------------------------------------------------------------------
    def _plot_area(self) -> QRect:
        metrics = self.fontMetrics()
        em = metrics.height()
        left = metrics.horizontalAdvance("100") + em // 2
        return QRect(left, em // 2, max(self.width() - left - em, em),
                     max(self.height() - em * 2 - em // 2, em))

    def _x(self, area: QRect, index: int) -> float:
        count = len(self._points)
        if count <= 1:
            return area.center().x()
        margin = self.fontMetrics().height() * 2
        return area.left() + margin + (area.width() - 2 * margin) * index / (count - 1)

    @staticmethod
    def _y(area: QRect, score: float) -> float:
        return area.bottom() - area.height() * score / 100

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._plot_area()
        painter.fillRect(area, QColor(CARD))
        self._paint_grid(painter, area)
        if not self._points:
            painter.setPen(QColor(MUTED))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, _("No assessment yet"))
            painter.end()
            return
        scored = [(i, p) for i, p in enumerate(self._points) if p.score is not None]
        if len(scored) > 1:
            path = QPainterPath()
            for n, (index, point) in enumerate(scored):
                assert point.score is not None  # noqa: S101 (filtered above)
                target = QPointF(self._x(area, index), self._y(area, point.score))
                if n:
                    path.lineTo(target)
                else:
                    path.moveTo(target)
            painter.setPen(QPen(QColor(ACCENT), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        self._paint_points(painter, area)
        painter.end()

    def _paint_grid(self, painter: QPainter, area: QRect) -> None:
        em = self.fontMetrics().height()
        pen = QPen(QColor(BORDER))
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setFont(relative_font(0.8))
        for value in [0.0] + [level.min_score for level in LEVELS[1:]] + [100.0]:
            y = round(self._y(area, value))
            painter.setPen(pen if 0 < value < 100 else QPen(QColor(BORDER)))
            painter.drawLine(area.left(), y, area.right(), y)
            if value >= 100:
                continue  # the frame's top: its label would sit on the last threshold's
            painter.setPen(QColor(MUTED))
            painter.drawText(QRect(0, y - em // 2, area.left() - em // 4, em),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             format_number(value))

    def _paint_points(self, painter: QPainter, area: QRect) -> None:
        metrics = self.fontMetrics()
        em = metrics.height()
        radius = em / 4
        slot = (area.width() / max(len(self._points), 1)) if len(self._points) > 1 \
            else area.width()
        for index, point in enumerate(self._points):
            x = self._x(area, index)
            painter.setFont(self.font())
            painter.setPen(QColor(TEXT))
            when = format_date(point.when, fmt="medium")
            text = metrics.elidedText(when, Qt.TextElideMode.ElideRight, int(slot))
            painter.drawText(QRect(round(x - slot / 2), area.bottom() + em // 4, round(slot), em),
                             Qt.AlignmentFlag.AlignCenter, text)
            if point.score is None:
                continue
            y = self._y(area, point.score)
            color = score_color(point.score)
            if point.assessment_id in self._marked:
                painter.setPen(QPen(QColor(TEXT), 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(x, y), radius * 2, radius * 2)
            painter.setPen(QPen(color, 2))
            painter.setBrush(QColor(CARD) if point.draft else color)
            painter.drawEllipse(QPointF(x, y), radius, radius)
            painter.setPen(QColor(TEXT))
            label_rect = QRect(round(x - em * 2), round(y - em * 3 // 2), em * 4, em)
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignCenter, format_number(point.score))
