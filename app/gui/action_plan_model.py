"""The action plan as a table: the domain's actions in priority order, with what the practice
made of each (owner, due date, status, comment), saved at every edit; and the filter by owner
and status."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from app.domain.action_plan import PlannedAction
from app.domain.assessment import ActionItemState, ActionStatus
from app.domain.vocabulary import EFFORT_LABELS, LABELS, Owner, Priority
from app.gui.look import DANGER, MUTED, SUCCESS, WARNING
from app.gui.session import AssessmentSession
from app.i18n import N_, _, format_date

AnyIndex = QModelIndex | QPersistentModelIndex
OWNER_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
KEY_ROLE = Qt.ItemDataRole.UserRole + 3

STATUS_LABELS: dict[ActionStatus, str] = {
    ActionStatus.TODO: N_("To do"),
    ActionStatus.IN_PROGRESS: N_("In progress"),
    ActionStatus.DONE: N_("Done"),
    ActionStatus.DROPPED: N_("Dropped"),
}
_PRIORITY_COLORS = {Priority.CRITICAL: DANGER, Priority.HIGH: WARNING}


class Column(IntEnum):
    PRIORITY = 0
    ACTION = 1
    THEME = 2
    OWNER = 3
    DUE = 4
    STATUS = 5
    COMMENT = 6


_HEADERS = {
    Column.PRIORITY: N_("Priority"),
    Column.ACTION: N_("Action"),
    Column.THEME: N_("Theme"),
    Column.OWNER: N_("Who"),
    Column.DUE: N_("Due"),
    Column.STATUS: N_("Status"),
    Column.COMMENT: N_("Comment"),
}
EDITABLE = (Column.OWNER, Column.DUE, Column.STATUS, Column.COMMENT)


def owner_options() -> list[tuple[str, str]]:
    return [(owner.value, _(LABELS[owner])) for owner in Owner]


def status_options() -> list[tuple[str, str]]:
    return [(status.value, _(STATUS_LABELS[status])) for status in ActionStatus]


class ActionPlanModel(QAbstractTableModel):
    def __init__(self, session: AssessmentSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._plan: list[PlannedAction] = []
        self._states: list[ActionItemState] = []
        self.refresh()

    def refresh(self) -> None:
        self._session.sync_actions()
        self.beginResetModel()
        self._plan = self._session.action_plan()
        self._states = [self._session.action_state(p) for p in self._plan]
        self.endResetModel()

    def retranslate(self) -> None:
        if self._plan:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._plan) - 1, len(Column) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)

    def planned(self, row: int) -> PlannedAction:
        return self._plan[row]

    def state(self, row: int) -> ActionItemState:
        return self._states[row]

    def progress(self) -> tuple[int, int]:
        """(done, total), dropped actions left out of both."""
        kept = [s for s in self._states if s.status is not ActionStatus.DROPPED]
        return sum(1 for s in kept if s.status is ActionStatus.DONE), len(kept)

    # -- Qt model ----------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._plan)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[Column(section)])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and Column(index.column()) in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._plan):
            return None
        planned, state = self._plan[index.row()], self._states[index.row()]
        column = Column(index.column())
        if role == OWNER_ROLE:
            return state.owner.value
        if role == STATUS_ROLE:
            return state.status.value
        if role == KEY_ROLE:
            return planned.key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(planned, state, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(state, column)
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.ACTION:
            return self._session.text(planned.action.description)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.THEME, Column.COMMENT):
            return self._display(planned, state, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color(state, column)
        if role == Qt.ItemDataRole.FontRole and column is Column.PRIORITY \
                and state.priority is Priority.CRITICAL:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, planned: PlannedAction, state: ActionItemState, column: Column) -> str:
        text = self._session.text
        if column is Column.PRIORITY:
            return _(LABELS[state.priority])
        if column is Column.ACTION:
            title = text(planned.action.title)
            return ("⚡ " + title) if planned.is_quick_win else title
        if column is Column.THEME:
            return text(planned.theme.title)
        if column is Column.OWNER:
            return _(LABELS[state.owner])
        if column is Column.DUE:
            return format_date(state.due_date, fmt="medium") if state.due_date else "—"
        if column is Column.STATUS:
            return _(STATUS_LABELS[state.status])
        return state.comment

    @staticmethod
    def _edit_value(state: ActionItemState, column: Column) -> Any:
        if column is Column.OWNER:
            return state.owner.value
        if column is Column.DUE:
            due = state.due_date or dt.date.today()
            return QDate(due.year, due.month, due.day)
        if column is Column.STATUS:
            return state.status.value
        if column is Column.COMMENT:
            return state.comment
        return None

    @staticmethod
    def _color(state: ActionItemState, column: Column) -> QColor | None:
        if column is Column.PRIORITY and state.priority in _PRIORITY_COLORS:
            return QColor(_PRIORITY_COLORS[state.priority])
        if column is Column.STATUS and state.status is ActionStatus.DONE:
            return QColor(SUCCESS)
        if state.status is ActionStatus.DROPPED:
            return QColor(MUTED)
        if column is Column.DUE and state.due_date and state.due_date < dt.date.today() \
                and state.status is not ActionStatus.DONE:
            return QColor(DANGER)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        state = self._states[index.row()]
        column = Column(index.column())
        try:
            if column is Column.OWNER:
                changed = replace(state, owner=Owner(value))
            elif column is Column.DUE:
                date = value.toPython() if isinstance(value, QDate) else value
                if not isinstance(date, dt.date):
                    return False
                changed = replace(state, due_date=date)
            elif column is Column.STATUS:
                changed = replace(state, status=ActionStatus(value))
            elif column is Column.COMMENT:
                changed = replace(state, comment=str(value).strip())
            else:
                return False
        except ValueError:
            return False
        if changed == state:
            return True
        if not self._session.save_action(changed):
            return False
        self._states[index.row()] = changed
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), len(Column) - 1))
        return True

    def effort_text(self, row: int) -> str:
        return _(EFFORT_LABELS[self._plan[row].effort])


class ActionPlanFilter(QSortFilterProxyModel):
    """Show only one owner's and/or one status's actions (None: all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._owner: str | None = None
        self._status: str | None = None

    def set_owner(self, owner: str | None) -> None:
        self.beginFilterChange()
        self._owner = owner
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str | None) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._owner is not None and index.data(OWNER_ROLE) != self._owner:
            return False
        return self._status is None or index.data(STATUS_ROLE) == self._status
