"""The practice's assessments, newest first: when, where it stands, and its score."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.assessment import AssessmentStatus
from app.gui.store import AssessmentSummary
from app.i18n import N_, _, format_date, format_number

AnyIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1

STATUS_LABELS: dict[AssessmentStatus, str] = {
    AssessmentStatus.DRAFT: N_("In progress"),
    AssessmentStatus.COMPLETED: N_("Completed"),
    AssessmentStatus.SIGNED: N_("Signed"),
    AssessmentStatus.REVIEWED: N_("Reviewed by the auditor"),
}


class Column(IntEnum):
    STARTED = 0
    STATUS = 1
    PROGRESS = 2
    SCORE = 3


_HEADERS = {
    Column.STARTED: N_("Started on"),
    Column.STATUS: N_("Status"),
    Column.PROGRESS: N_("Questions answered"),
    Column.SCORE: N_("Score"),
}


class AssessmentListModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AssessmentSummary] = []

    def set_assessments(self, rows: list[AssessmentSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def summary(self, row: int) -> AssessmentSummary:
        return self._rows[row]

    def draft_row(self) -> int:
        return next((i for i, r in enumerate(self._rows) if r.status is AssessmentStatus.DRAFT),
                    -1)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1,
                                                               len(Column) - 1))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[Column(section)])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == ID_ROLE:
            return summary.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = Column(index.column())
        if column is Column.STARTED:
            return format_date(summary.created_at.date(), fmt="long")
        if column is Column.STATUS:
            return _(STATUS_LABELS[summary.status])
        if column is Column.PROGRESS:
            return _("{answered} of {asked}").format(answered=summary.answered,
                                                     asked=summary.asked)
        return format_number(summary.score) + " / 100" if summary.score is not None else "—"
