"""The auditor's list of every assessment, loaded a page at a time.

Qt asks ``canFetchMore`` / ``fetchMore`` as the view scrolls; each call brings one page from
the paged storage query (``Store.list_assessment_rows``), and the total comes from one count
query. Sorting is handed to the query (an indexed ``ORDER BY``), never done here: with 10,000
assessments only the pages looked at are ever in memory, and each page is one query, not one
per row. Texts are formatted once per row and kept until the language changes.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.errors import CyberCabinetError
from app.gui.assessment_list_model import STATUS_LABELS
from app.gui.audit_store import PAGE_SIZE, AuditRow, ListQuery, SortKey
from app.gui.store import Store
from app.i18n import N_, _, current_language, format_date, format_number

log = logging.getLogger("cybercabinet.gui")

AnyIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
PRACTICE_ID_ROLE = Qt.ItemDataRole.UserRole + 2


class AuditColumn(IntEnum):
    PRACTICE = 0
    DATE = 1
    STATUS = 2
    SCORE = 3
    REVIEWER = 4


SORT_KEYS: dict[AuditColumn, SortKey] = {
    AuditColumn.PRACTICE: SortKey.PRACTICE,
    AuditColumn.DATE: SortKey.DATE,
    AuditColumn.STATUS: SortKey.STATUS,
    AuditColumn.SCORE: SortKey.SCORE,
    AuditColumn.REVIEWER: SortKey.REVIEWER,
}
_HEADERS = {
    AuditColumn.PRACTICE: N_("Practice"),
    AuditColumn.DATE: N_("Date"),
    AuditColumn.STATUS: N_("Status"),
    AuditColumn.SCORE: N_("Score"),
    AuditColumn.REVIEWER: N_("Reviewer"),
}


class AssessmentTableModel(QAbstractTableModel):
    count_changed = Signal(int)
    """How many assessments match the filters (all pages together)."""
    load_failed = Signal(object)
    """Carries the storage error; the list keeps what it had."""

    def __init__(self, store: Store, page_size: int = PAGE_SIZE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._page_size = page_size
        self._query = ListQuery(limit=page_size)
        self._rows: list[AuditRow] = []
        self._texts: dict[int, tuple[str, ...]] = {}
        self._total = 0
        self.pages_fetched = 0
        """Pages asked for since the model was created (tests and the benchmark read it)."""

    # -- the query ---------------------------------------------------------------------
    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    def set_query(self, query: ListQuery, *, recount: bool = True) -> None:
        """Start again from the first page with other filters or another order (which needs
        no new count: ``recount=False``)."""
        query = replace(query, offset=0, limit=self._page_size)
        try:
            total = self._store.count_assessment_rows(query) if recount else self._total
            first = list(self._store.list_assessment_rows(query)) if total else []
        except CyberCabinetError as error:
            log.warning("the list could not be loaded: %s", error)
            self.load_failed.emit(error)
            return
        self.beginResetModel()
        self._query = query
        self._total = total
        self._rows = first
        self._texts.clear()
        if len(first) < min(self._page_size, total):
            self._total = len(first)  # rows went away since counting: stop there
        self.pages_fetched += 1 if total else 0
        self.endResetModel()
        self.count_changed.emit(self._total)

    def refresh(self) -> None:
        """Read the list again (after an import, a review, a signature)."""
        self.set_query(self._query)

    def row(self, row: int) -> AuditRow:
        return self._rows[row]

    def refresh_row(self, assessment_id: str) -> None:
        """Read one loaded row again (its reviewer or score changed), where it stands: one
        query for its practice's few assessments, the list keeps its place."""
        index = next((i for i, r in enumerate(self._rows) if r.id == assessment_id), None)
        if index is None:
            return
        query = ListQuery(practice_id=self._rows[index].practice_id, limit=None)
        try:
            fresh = next((r for r in self._store.list_assessment_rows(query)
                          if r.id == assessment_id), None)
        except CyberCabinetError as error:
            log.warning("the row could not be read again: %s", error)
            return
        if fresh is not None:
            self._rows[index] = fresh
            self._texts.pop(index, None)
            self.dataChanged.emit(self.index(index, 0),
                                  self.index(index, len(AuditColumn) - 1))

    def retranslate(self) -> None:
        self._texts.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(AuditColumn) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1,
                                                               len(AuditColumn) - 1))

    # -- lazy loading ------------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or len(self._rows) >= self._total:
            return
        query = replace(self._query, offset=len(self._rows), limit=self._page_size)
        try:
            page = list(self._store.list_assessment_rows(query))
        except CyberCabinetError as error:
            log.warning("the next page could not be loaded: %s", error)
            self._total = len(self._rows)  # stop asking until the next query
            self.load_failed.emit(error)
            return
        self.pages_fetched += 1
        if len(page) < min(self._page_size, self._total - len(self._rows)):
            self._total = len(self._rows) + len(page)
        if not page:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # -- sorting -----------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS[AuditColumn(column)]
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._query.sort, self._query.descending):
            self.set_query(replace(self._query, sort=key, descending=descending),
                           recount=False)

    # -- the table ---------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(AuditColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[AuditColumn(section)])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or row >= len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._texts.get(row)
            if texts is None:
                texts = self._texts[row] = _texts(self._rows[row])
            return texts[index.column()]
        if role == ID_ROLE:
            return self._rows[row].id
        if role == PRACTICE_ID_ROLE:
            return self._rows[row].practice_id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == AuditColumn.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _texts(row: AuditRow) -> tuple[str, ...]:
    created = row.created_at.astimezone() if row.created_at.tzinfo else row.created_at
    language = current_language()
    return (row.practice_name, _date_text(created.date(), language),
            _(STATUS_LABELS[row.status]),
            _score_text(round(row.score), language) if row.score is not None else "—",
            row.reviewer or "—")


@functools.lru_cache(maxsize=4096)
def _date_text(day: dt.date, language: str) -> str:
    """Babel takes about 0.4 ms a date (it parses the locale each time): once per day shown."""
    return format_date(day, language, fmt="medium")


@functools.lru_cache(maxsize=512)
def _score_text(score: int, language: str) -> str:
    return format_number(score, language)
