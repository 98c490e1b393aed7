"""A list of question results (critical gaps, "I don't know" answers) for the results page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from app.domain.scoring import QuestionResult
from app.gui.answer_text import answer_label
from app.gui.look import ACCENT_LIGHT, BORDER, MUTED, TEXT, relative_font
from app.gui.session import AssessmentSession
from app.i18n import _

AnyIndex = QModelIndex | QPersistentModelIndex
QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2


class ResultListModel(QAbstractListModel):
    def __init__(self, session: AssessmentSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._results: list[QuestionResult] = []

    def set_results(self, results: list[QuestionResult]) -> None:
        self.beginResetModel()
        self._results = list(results)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._results):
            return None
        result = self._results[index.row()]
        text = self._session.text
        if role == Qt.ItemDataRole.DisplayRole:
            return text(result.question.text)
        if role == DETAIL_ROLE:
            answer = answer_label(result.question, result.value, text)
            return "{theme} · {answer_title} {answer}".format(
                theme=text(result.theme.title), answer_title=_("Answer:"), answer=answer)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{text(result.question.text)} {self.data(index, DETAIL_ROLE)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return text(result.question.help)
        if role == QUESTION_ID_ROLE:
            return result.question.id
        return None

    def retranslate(self) -> None:
        """Texts change, and with them the rows' heights: lay the list out again."""
        self.layoutAboutToBeChanged.emit()
        self.layoutChanged.emit()


class ResultDelegate(QStyledItemDelegate):
    """The question, wrapped; under it, in grey, its theme and the answer given."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    def _heights(self, width: int, font: QFont, index: AnyIndex) -> tuple[int, int, int]:
        pad = QFontMetrics(font).height() // 3
        flags = int(Qt.TextFlag.TextWordWrap)
        question = QFontMetrics(font).boundingRect(
            QRect(0, 0, width - 2 * pad, 10_000), flags, str(index.data())).height()
        detail = QFontMetrics(relative_font(0.9, base=font)).boundingRect(
            QRect(0, 0, width - 2 * pad, 10_000), flags, str(index.data(DETAIL_ROLE))).height()
        return pad, question, detail

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        width = self._view.viewport().width()
        pad, question, detail = self._heights(width, option.font, index)  # type: ignore[attr-defined]
        return QSize(width, question + detail + 3 * pad)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        rect = QRect(option.rect)  # type: ignore[attr-defined]
        rect.setWidth(min(rect.width(), self._view.viewport().width() - rect.left()))
        font: QFont = option.font  # type: ignore[attr-defined]
        pad, question, detail = self._heights(rect.width(), font, index)
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[attr-defined]
            painter.fillRect(rect, QColor(ACCENT_LIGHT))
        painter.setPen(QColor(BORDER))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                    | Qt.TextFlag.TextWordWrap)
        painter.setFont(font)
        painter.setPen(QColor(TEXT))
        painter.drawText(QRect(rect.left() + pad, rect.top() + pad, rect.width() - 2 * pad,
                               question), flags, str(index.data()))
        painter.setFont(relative_font(0.9, base=font))
        painter.setPen(QColor(MUTED))
        painter.drawText(QRect(rect.left() + pad, rect.top() + 2 * pad + question,
                               rect.width() - 2 * pad, detail), flags,
                         str(index.data(DETAIL_ROLE)))
        painter.restore()
