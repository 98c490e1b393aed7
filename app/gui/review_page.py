"""Review mode: the auditor goes through a practice's answers and gives a verdict on each.

Left, the answers (filtered: all, not reviewed yet, disputed, evidence needed, confirmed) and
the overall opinion; right, the answer chosen, the practice's side beside the auditor's. The
practice's answers cannot change here. Nothing has a "save" button: every verdict, comment and
proposal is stored when it is given.

Keys: Up / Down in the list, Alt+Right or Page Down for the next answer of the list, Alt+Left
or Page Up for the previous one, Ctrl+1 / Ctrl+2 / Ctrl+3 confirmed / disputed / evidence
needed, Ctrl+0 no verdict, 1–9 choose the proposed answer of a disputed one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.assessment_list_model import STATUS_LABELS
from app.gui.look import label
from app.gui.review_detail import CLEAR_KEY, VERDICT_KEYS, ReviewDetail
from app.gui.review_model import (
    FILTER_LABELS,
    QUESTION_ID_ROLE,
    Column,
    ReviewFilter,
    ReviewFilterModel,
    ReviewModel,
)
from app.gui.review_session import ReviewSession
from app.gui.review_summary import ReviewOpinion, ReviewSummary
from app.gui.saved_indicator import SavedIndicator
from app.gui.translation import is_language_change
from app.i18n import _, format_date

_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


class ReviewPage(QWidget):
    practice_history_requested = Signal()
    answer_history_requested = Signal(str)
    export_requested = Signal()
    countersign_requested = Signal()
    auditor_changed = Signal(str)

    def __init__(self, session: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        em = self.fontMetrics().height()

        self._title = label("title")
        self._subtitle = label("muted")
        self._history = QPushButton()
        self._history.clicked.connect(self.practice_history_requested)
        self._export = QPushButton()
        self._export.clicked.connect(self.export_requested)
        self._countersign = QPushButton()
        self._countersign.clicked.connect(self.countersign_requested)
        self._summary = ReviewSummary(session)

        self._model = ReviewModel(session, self)
        self._proxy = ReviewFilterModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.rowsRemoved.connect(self.on_proxy_rows_removed)
        self._filter_title = label("body", wrap=False)
        self._filter = QComboBox()
        for value in ReviewFilter:
            self._filter.addItem("", value.value)
        self._filter.currentIndexChanged.connect(self.on_filter_current_index_changed)
        self._filter_title.setBuddy(self._filter)
        self._table = QTableView()
        self._table.setModel(self._proxy)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setWordWrap(False)
        self._table.setTabKeyNavigation(False)  # Tab leaves the list, arrows move in it
        self._table.verticalHeader().setVisible(False)
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.QUESTION, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(Column.ANSWER, em * 8)
        header.resizeSection(Column.VERDICT, em * 8)
        self._table.selectionModel().selectionChanged.connect(self.on_table_selection_changed)
        self._table.installEventFilter(self)
        self._empty = label("muted")
        self._opinion = ReviewOpinion(session)
        self._opinion.auditor_changed.connect(self.auditor_changed)

        self._detail = ReviewDetail(session)
        self._detail.history_requested.connect(self.answer_history_requested)
        self._detail.about_to_save.connect(self._opinion.commit_pending)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        holder.setObjectName("page")
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(em, em // 2, em * 3 // 2, em // 2)
        holder_layout.addWidget(self._detail)
        self._scroll.setWidget(holder)
        self._previous = QPushButton()
        self._previous.clicked.connect(self.go_previous)
        self._next = QPushButton()
        self._next.setProperty("primary", True)
        self._next.clicked.connect(self.go_next)
        self._saved = SavedIndicator()
        session.item_saved.connect(self.on_session_saved)
        session.opinion_saved.connect(self.on_session_saved)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self._title)
        titles.addWidget(self._subtitle)
        top.addLayout(titles, 1)
        for button in (self._history, self._export, self._countersign):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        left = QVBoxLayout()
        left.setSpacing(em // 2)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self._filter_title)
        filter_row.addWidget(self._filter, 1)
        left.addLayout(filter_row)
        left.addWidget(self._table, 1)
        left.addWidget(self._empty)
        left.addWidget(self._opinion)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)
        left_widget.setFixedWidth(em * 29)
        nav = QHBoxLayout()
        nav.setContentsMargins(em, 0, em * 3 // 2, 0)
        nav.addWidget(self._previous)
        nav.addSpacing(em)
        nav.addWidget(self._saved)
        nav.addStretch(1)
        nav.addWidget(self._next)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self._scroll, 1)
        right.addLayout(nav)
        body = QHBoxLayout()
        body.setSpacing(0)
        body.addWidget(left_widget)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(em * 3 // 2, em * 3 // 4, 0, em * 3 // 4)
        layout.setSpacing(em // 2)
        top.setContentsMargins(0, 0, em * 3 // 2, 0)
        layout.addLayout(top)
        summary_row = QHBoxLayout()
        summary_row.setContentsMargins(0, 0, em * 3 // 2, 0)
        summary_row.addWidget(self._summary)
        layout.addLayout(summary_row)
        layout.addLayout(body, 1)

        for status, sequence in VERDICT_KEYS.items():
            self._shortcut(sequence, partial(self._detail.set_verdict, status))
        self._shortcut(CLEAR_KEY, lambda: self._detail.set_verdict(None))
        for keys, slot in ((("Alt+Left", "PgUp"), self.go_previous),
                           (("Alt+Right", "PgDown"), self.go_next)):
            for key in keys:
                self._shortcut(key, slot)
        self.retranslate()
        self._select_first()

    def _shortcut(self, keys: str, slot: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    # -- public ------------------------------------------------------------------------
    @property
    def session(self) -> ReviewSession:
        return self._session

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def filter_combo(self) -> QComboBox:
        return self._filter

    @property
    def detail(self) -> ReviewDetail:
        return self._detail

    @property
    def summary(self) -> ReviewSummary:
        return self._summary

    @property
    def opinion(self) -> ReviewOpinion:
        return self._opinion

    @property
    def export_button(self) -> QPushButton:
        return self._export

    @property
    def countersign_button(self) -> QPushButton:
        return self._countersign

    @property
    def current_question_id(self) -> str | None:
        question = self._detail.question
        return question.id if question is not None else None

    def visible_question_ids(self) -> list[str]:
        return [str(self._proxy.index(row, 0).data(QUESTION_ID_ROLE))
                for row in range(self._proxy.rowCount())]

    def set_filter(self, value: ReviewFilter) -> None:
        self._filter.setCurrentIndex(self._filter.findData(value.value))

    def show_question(self, question_id: str) -> None:
        """Select ``question_id`` in the list (showing every answer if the filter hides it)."""
        row = self._model.row_of(question_id)
        if row < 0:
            return
        index = self._proxy.mapFromSource(self._model.index(row, 0))
        if not index.isValid():
            self.set_filter(ReviewFilter.ALL)
            index = self._proxy.mapFromSource(self._model.index(row, 0))
        self._table.selectRow(index.row())
        self._table.scrollTo(index)

    def focus_list(self) -> None:
        self._table.setFocus(Qt.FocusReason.OtherFocusReason)

    def commit_pending(self) -> None:
        self._detail.commit_pending()
        self._opinion.commit_pending()

    def go_next(self) -> None:
        self._step(+1)

    def go_previous(self) -> None:
        self._step(-1)

    def refresh(self) -> None:
        """After signing or countersigning elsewhere: the state may have become read-only."""
        self._session.reload()
        self._detail.refresh()
        self._opinion.refresh()
        self._fill_titles()

    # -- texts -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._history.setText(_("History of the practice…"))
        self._export.setText(_("Export reviewed report…"))
        self._export.setToolTip(_("The PDF report with the review section"))
        self._countersign.setText(_("Countersign…"))
        self._countersign.setToolTip(_("Add your signature to the report the practice signed"))
        self._filter_title.setText(_("&Show:"))
        for row, value in enumerate(ReviewFilter):
            self._filter.setItemText(row, _(FILTER_LABELS[value]))
        self._filter.setAccessibleName(_("Which answers to show"))
        self._table.setAccessibleName(_("Answers to review"))
        self._empty.setText(_("No answer matches this filter."))
        self._previous.setText("← " + _("Previous"))
        self._previous.setToolTip(_("Previous answer (Alt+Left or Page Up)"))
        self._next.setText(_("Next") + " →")
        self._next.setToolTip(_("Next answer (Alt+Right or Page Down)"))
        self._model.retranslate()
        self._fill_titles()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _fill_titles(self) -> None:
        session = self._session
        self._title.setText(_("Review: {practice}").format(
            practice=session.snapshot.practice.name))
        self._subtitle.setText(_("Assessment of {date} · {status}").format(
            date=format_date(session.created_on, fmt="long"),
            status=_(STATUS_LABELS[session.status])))
        self._empty.setVisible(self._proxy.rowCount() == 0)

    # -- navigation --------------------------------------------------------------------
    def _select_first(self) -> None:
        if self._proxy.rowCount():
            self._table.selectRow(0)

    def _current_row(self) -> int:
        rows = self._table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _step(self, step: int) -> None:
        self.commit_pending()
        row = self._current_row() + step
        if 0 <= row < self._proxy.rowCount():
            self._table.selectRow(row)
            self._table.scrollTo(self._proxy.index(row, 0))

    def _update_nav(self) -> None:
        row = self._current_row()
        self._previous.setEnabled(row > 0)
        self._next.setEnabled(0 <= row < self._proxy.rowCount() - 1)

    # -- events ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Digits typed in the list choose the proposal, as in the questionnaire."""
        if watched is self._table and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress and self._digit(event):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self._digit(event):
            super().keyPressEvent(event)

    def _digit(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = Qt.Key(event.key())
        if modifiers != Qt.KeyboardModifier.NoModifier or key not in _DIGITS:
            return False
        focus = self.focusWidget()
        if isinstance(focus, QPlainTextEdit):
            return False
        return self._detail.pick_proposal(_DIGITS[key])

    def on_filter_current_index_changed(self, _index: int) -> None:
        current = self.current_question_id
        self._proxy.set_filter(ReviewFilter(str(self._filter.currentData())))
        self._empty.setVisible(self._proxy.rowCount() == 0)
        row = self._model.row_of(current) if current is not None else -1
        index = self._proxy.mapFromSource(self._model.index(row, 0)) if row >= 0 \
            else QModelIndex()
        if index.isValid():
            self._table.selectRow(index.row())
        else:
            self._select_first()
        self._update_nav()

    def on_proxy_rows_removed(self, _parent: QModelIndex, first: int, _last: int) -> None:
        """The answer left the filtered list (its verdict changed): take the one now in its
        place, so the auditor goes on through what is left to do."""
        self._empty.setVisible(self._proxy.rowCount() == 0)
        if not self._table.selectionModel().selectedRows() and self._proxy.rowCount():
            self._table.selectRow(min(first, self._proxy.rowCount() - 1))
        self._update_nav()

    def on_table_selection_changed(self, _selected: QItemSelection,
                                   _deselected: QItemSelection) -> None:
        rows = self._table.selectionModel().selectedRows()
        if not rows:
            self._update_nav()
            return
        question_id = str(rows[0].data(QUESTION_ID_ROLE))
        question = self._session.questionnaire.question(question_id)
        if question is not None and question is not self._detail.question:
            self._detail.show_question(question)
            chain = [self._table, *self._detail.focus_chain(), self._previous, self._next]
            for first, second in itertools.pairwise(chain):
                QWidget.setTabOrder(first, second)
            self._scroll.verticalScrollBar().setValue(0)
        self._update_nav()

    def on_session_saved(self, *_args: object) -> None:
        self._saved.flash()
        self._empty.setVisible(self._proxy.rowCount() == 0)
