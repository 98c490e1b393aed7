"""The auditor's list: every assessment of every practice, found in a second.

Search by practice name (applied 200 ms after the last keystroke), filter by status and
reviewer, sort by any column (the order is the storage query's, on an index). Rows come a page
at a time as the list scrolls (``AssessmentTableModel``). Enter or a double-click opens the
review of the assessment.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.assessment import AssessmentStatus
from app.gui.assessment_list_model import STATUS_LABELS
from app.gui.assessment_table_model import (
    ID_ROLE,
    PRACTICE_ID_ROLE,
    AssessmentTableModel,
    AuditColumn,
)
from app.gui.audit_store import ListQuery
from app.gui.errors import show_error
from app.gui.look import label
from app.gui.store import Store
from app.gui.translation import is_language_change
from app.i18n import _, format_number, ngettext

SEARCH_DELAY_MS = 200


class AuditorListPage(QWidget):
    review_requested = Signal(str)
    history_requested = Signal(str)
    """Carries the practice's id."""
    import_requested = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        em = self.fontMetrics().height()
        self._model = AssessmentTableModel(store, parent=self)
        self._model.count_changed.connect(self.on_model_count_changed)
        self._model.load_failed.connect(self.on_model_load_failed)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)

        self._title = label("title")
        self._count = label("muted")
        self._search = QLineEdit()
        self._search.setClearButtonEnabled(True)
        self._search.textChanged.connect(self.on_filters_edited)
        self._search.returnPressed.connect(self.apply_filters)
        self._search_title = label("body", wrap=False)
        self._search_title.setBuddy(self._search)
        self._status = QComboBox()
        self._status.addItem("", "")
        for status in AssessmentStatus:
            self._status.addItem("", status.value)
        self._status.currentIndexChanged.connect(self.apply_filters)
        self._reviewer = QLineEdit()
        self._reviewer.setClearButtonEnabled(True)
        self._reviewer.textChanged.connect(self.on_filters_edited)
        self._unreviewed = QCheckBox()
        self._unreviewed.toggled.connect(self.on_unreviewed_toggled)

        self._table = QTableView()
        self._table.setModel(self._model)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setWordWrap(False)
        self._table.setTabKeyNavigation(False)  # Tab leaves the list, arrows move in it
        self._table.verticalHeader().setVisible(False)
        self._table.verticalHeader().setDefaultSectionSize(em * 3 // 2)
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AuditColumn.PRACTICE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((AuditColumn.DATE, 9), (AuditColumn.STATUS, 13),
                              (AuditColumn.SCORE, 6), (AuditColumn.REVIEWER, 16)):
            header.resizeSection(column, em * width)
        header.setSortIndicator(AuditColumn.DATE, Qt.SortOrder.DescendingOrder)
        header.setSortIndicatorShown(True)
        self._table.setSortingEnabled(True)  # the model sorts through its query
        self._table.activated.connect(self.on_table_activated)
        self._table.doubleClicked.connect(self.on_table_activated)
        self._table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._review = QPushButton()
        self._review.setProperty("primary", True)
        self._review.clicked.connect(self.on_review_clicked)
        self._history = QPushButton()
        self._history.clicked.connect(self.on_history_clicked)
        self._import = QPushButton()
        self._import.clicked.connect(self.import_requested)

        header_row = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self._title)
        titles.addWidget(self._count)
        header_row.addLayout(titles, 1)
        header_row.addWidget(self._import, 0, Qt.AlignmentFlag.AlignTop)
        filters = QHBoxLayout()
        filters.setSpacing(em // 2)
        filters.addWidget(self._search_title)
        filters.addWidget(self._search, 3)
        filters.addWidget(self._status, 2)
        filters.addWidget(self._reviewer, 2)
        filters.addWidget(self._unreviewed)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._history)
        buttons.addWidget(self._review)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(em * 3 // 2, em * 3 // 4, em * 3 // 2, em * 3 // 4)
        layout.setSpacing(em // 2)
        layout.addLayout(header_row)
        layout.addLayout(filters)
        layout.addWidget(self._table, 1)
        layout.addLayout(buttons)
        self.retranslate()

    # -- public ------------------------------------------------------------------------
    @property
    def model(self) -> AssessmentTableModel:
        return self._model

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def search_edit(self) -> QLineEdit:
        return self._search

    @property
    def status_combo(self) -> QComboBox:
        return self._status

    @property
    def reviewer_edit(self) -> QLineEdit:
        return self._reviewer

    @property
    def unreviewed_box(self) -> QCheckBox:
        return self._unreviewed

    @property
    def count_label(self) -> str:
        return self._count.text()

    @property
    def review_button(self) -> QPushButton:
        return self._review

    @property
    def history_button(self) -> QPushButton:
        return self._history

    @property
    def search_timer(self) -> QTimer:
        return self._search_timer

    def load(self) -> None:
        """(Re)read the list with the filters shown: on opening the page, after an import."""
        self._search_timer.stop()
        self._model.set_query(self._query())
        self._after_query()

    def focus_search(self) -> None:
        self._search.setFocus(Qt.FocusReason.OtherFocusReason)

    def apply_filters(self) -> None:
        self._search_timer.stop()
        query = self._query()
        if query != replace(self._model.query, offset=0, limit=query.limit):
            self._model.set_query(query)
            self._after_query()

    def _query(self) -> ListQuery:
        status = str(self._status.currentData() or "")
        reviewer: str | None = None
        if self._unreviewed.isChecked():
            reviewer = ""
        elif self._reviewer.text().strip():
            reviewer = self._reviewer.text().strip()
        current = self._model.query
        return ListQuery(search=self._search.text().strip(),
                         status=AssessmentStatus(status) if status else None,
                         reviewer=reviewer, sort=current.sort, descending=current.descending,
                         limit=current.limit)

    def _after_query(self) -> None:
        if self._model.rowCount():
            self._table.selectRow(0)
        self._table.scrollToTop()
        self._update_buttons()

    # -- texts -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._title.setText(_("All assessments"))
        self._search_title.setText(_("&Search:"))
        self._search.setPlaceholderText(_("Practice name"))
        self._search.setAccessibleName(_("Search a practice by name"))
        self._status.setItemText(0, _("Every status"))
        for row, status in enumerate(AssessmentStatus, start=1):
            self._status.setItemText(row, _(STATUS_LABELS[status]))
        self._status.setAccessibleName(_("Status"))
        self._reviewer.setPlaceholderText(_("Reviewer"))
        self._reviewer.setAccessibleName(_("Reviewer's name"))
        self._unreviewed.setText(_("&Not reviewed yet"))
        self._table.setAccessibleName(_("Assessments"))
        self._review.setText(_("Review"))
        self._history.setText(_("History of the practice"))
        self._import.setText(_("Import an exchange file…"))
        self._model.retranslate()
        self.on_model_count_changed(self._model.total)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _update_buttons(self, *_args: object) -> None:
        selected = bool(self._table.selectionModel().selectedRows())
        self._review.setEnabled(selected)
        self._history.setEnabled(selected)

    def _selected(self, role: int) -> str | None:
        rows = self._table.selectionModel().selectedRows()
        return str(rows[0].data(role)) if rows else None

    # -- events ------------------------------------------------------------------------
    def on_filters_edited(self, _text: str) -> None:
        self._search_timer.start()

    def on_unreviewed_toggled(self, checked: bool) -> None:
        self._reviewer.setEnabled(not checked)
        self.apply_filters()

    def on_model_count_changed(self, count: int) -> None:
        self._count.setText(ngettext("{count} assessment", "{count} assessments", count)
                            .format(count=format_number(count)))

    def on_model_load_failed(self, error: object) -> None:
        if isinstance(error, BaseException):
            show_error(self, error)

    def on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.review_requested.emit(str(index.data(ID_ROLE)))

    def on_review_clicked(self) -> None:
        assessment_id = self._selected(ID_ROLE)
        if assessment_id is not None:
            self.review_requested.emit(assessment_id)

    def on_history_clicked(self) -> None:
        practice_id = self._selected(PRACTICE_ID_ROLE)
        if practice_id is not None:
            self.history_requested.emit(practice_id)
