"""The answers under review, one row each: the question, the practice's answer, the verdict.

``ReviewFilter`` narrows the list to what is left to do (not reviewed yet) or to what needs
following up (disputed, evidence needed). The rows are the questions the practice was asked;
they never change during a review, only their verdicts do.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from app.domain.review import REVIEW_STATUS_LABELS, ReviewItemStatus
from app.gui.answer_text import answer_label
from app.gui.look import DANGER, MUTED, SUCCESS, WARNING
from app.gui.review_session import ReviewSession
from app.i18n import N_, _

AnyIndex = QModelIndex | QPersistentModelIndex
QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 2
"""The verdict's value (``"confirmed"``…), or ``""`` while the answer is not reviewed."""

VERDICT_COLORS: dict[str, str] = {
    ReviewItemStatus.CONFIRMED: SUCCESS,
    ReviewItemStatus.DISPUTED: DANGER,
    ReviewItemStatus.EVIDENCE_NEEDED: WARNING,
    "": MUTED,
}


class Column(IntEnum):
    QUESTION = 0
    ANSWER = 1
    VERDICT = 2


_HEADERS = {
    Column.QUESTION: N_("Question"),
    Column.ANSWER: N_("Answer"),
    Column.VERDICT: N_("Verdict"),
}


class ReviewFilter(StrEnum):
    ALL = "all"
    NOT_REVIEWED = "not_reviewed"
    DISPUTED = "disputed"
    EVIDENCE_NEEDED = "evidence_needed"
    CONFIRMED = "confirmed"


FILTER_LABELS: dict[ReviewFilter, str] = {
    ReviewFilter.ALL: N_("All answers"),
    ReviewFilter.NOT_REVIEWED: N_("Not reviewed yet"),
    ReviewFilter.DISPUTED: N_("Disputed"),
    ReviewFilter.EVIDENCE_NEEDED: N_("Evidence needed"),
    ReviewFilter.CONFIRMED: N_("Confirmed"),
}


def verdict_text(status: ReviewItemStatus | None) -> str:
    return _(REVIEW_STATUS_LABELS[status]) if status is not None else _("Not reviewed yet")


class ReviewModel(QAbstractTableModel):
    def __init__(self, session: ReviewSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._ids = [q.id for q in session.questions()]
        self._rows = {qid: row for row, qid in enumerate(self._ids)}
        session.item_saved.connect(self.on_session_item_saved)

    def question_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, question_id: str) -> int:
        return self._rows.get(question_id, -1)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1,
                                                               len(Column) - 1))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[Column(section)])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        question_id = self._ids[index.row()]
        verdict = self._session.verdict(question_id)
        if role == QUESTION_ID_ROLE:
            return question_id
        if role == VERDICT_ROLE:
            return str(verdict) if verdict is not None else ""
        column = Column(index.column())
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.VERDICT:
            return QColor(VERDICT_COLORS[str(verdict) if verdict is not None else ""])
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        question = self._session.questionnaire.question(question_id)
        assert question is not None  # noqa: S101 (rows come from the questionnaire)
        if column is Column.QUESTION:
            text = self._session.text(question.text)
            return text if role == Qt.ItemDataRole.ToolTipRole \
                else f"{question_id}  {text}"
        if column is Column.ANSWER:
            answer = self._session.answer(question_id)
            return answer_label(question, answer.value if answer else None, self._session.text)
        text = verdict_text(verdict)
        proposal = self._session.proposal(question_id)
        if verdict is ReviewItemStatus.DISPUTED and proposal is not None:
            text += " → " + answer_label(question, proposal, self._session.text)
        return text

    def on_session_item_saved(self, question_id: str) -> None:
        row = self._rows.get(question_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))


class ReviewFilterModel(QSortFilterProxyModel):
    """The rows the chosen ``ReviewFilter`` keeps (re-applied when a verdict changes)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter = ReviewFilter.ALL
        self.setDynamicSortFilter(True)

    @property
    def filter(self) -> ReviewFilter:
        return self._filter

    def set_filter(self, value: ReviewFilter) -> None:
        self.beginFilterChange()
        self._filter = value
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802
        if self._filter is ReviewFilter.ALL:
            return True
        model = self.sourceModel()
        verdict = model.index(source_row, 0, source_parent).data(VERDICT_ROLE)
        if self._filter is ReviewFilter.NOT_REVIEWED:
            return bool(verdict == "")
        return bool(verdict == self._filter.value)
