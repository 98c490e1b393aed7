"""The action plan editor: actions in priority order, who, when, status and a comment, each
saved as soon as it is changed; filters by owner and status; "4 of 17 done"."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.vocabulary import LABELS
from app.gui.action_plan_model import (
    ActionPlanFilter,
    ActionPlanModel,
    Column,
    owner_options,
    status_options,
)
from app.gui.delegates import ChoiceDelegate, DateDelegate
from app.gui.look import label
from app.gui.report_buttons import ReportButtons
from app.gui.session import AssessmentSession
from app.gui.translation import is_language_change
from app.i18n import _, ngettext


class ActionPlanPage(QWidget):
    def __init__(self, session: AssessmentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        em = self.fontMetrics().height()
        self._model = ActionPlanModel(session, self)
        self._filter = ActionPlanFilter(self)
        self._filter.setSourceModel(self._model)

        self._title = label("title")
        self._intro = label("muted")
        self._done = label("heading", wrap=False)
        self._bar = QProgressBar()
        self._bar.setTextVisible(False)
        self._owner_label = QLabel()
        self._owner = QComboBox()
        self._owner_label.setBuddy(self._owner)
        self._owner.currentIndexChanged.connect(self.on_owner_current_index_changed)
        self._status_label = QLabel()
        self._status = QComboBox()
        self._status_label.setBuddy(self._status)
        self._status.currentIndexChanged.connect(self.on_status_current_index_changed)

        self._table = QTableView()
        self._table.setModel(self._filter)
        self._table.setItemDelegateForColumn(Column.OWNER, ChoiceDelegate(owner_options,
                                                                          self._table))
        self._table.setItemDelegateForColumn(Column.STATUS, ChoiceDelegate(status_options,
                                                                           self._table))
        self._table.setItemDelegateForColumn(Column.DUE, DateDelegate(self._table))
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                    | QAbstractItemView.EditTrigger.SelectedClicked
                                    | QAbstractItemView.EditTrigger.EditKeyPressed)
        self._table.setAlternatingRowColors(True)
        self._table.verticalHeader().setVisible(False)
        self._table.setWordWrap(False)
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.ACTION, QHeaderView.ResizeMode.Stretch)
        widths = {Column.PRIORITY: 6, Column.THEME: 13, Column.OWNER: 8, Column.DUE: 7,
                  Column.STATUS: 7, Column.COMMENT: 16}
        for column, width in widths.items():
            self._table.setColumnWidth(column, em * width)
        self._table.selectionModel().selectionChanged.connect(self.on_table_selection_changed)

        self._detail_title = label("heading")
        self._detail = label("body")
        self._detail_card = QFrame()
        self._detail_card.setObjectName("card")
        detail_layout = QVBoxLayout(self._detail_card)
        detail_layout.setContentsMargins(em, em * 3 // 4, em, em * 3 // 4)
        detail_layout.addWidget(self._detail_title)
        detail_layout.addWidget(self._detail)

        self._reports = ReportButtons()
        title_row = QHBoxLayout()
        title_row.addWidget(self._title, 1)
        title_row.addWidget(self._reports, 0, Qt.AlignmentFlag.AlignVCenter)
        progress = QHBoxLayout()
        progress.addWidget(self._done)
        progress.addWidget(self._bar, 1)
        filters = QHBoxLayout()
        filters.addWidget(self._owner_label)
        filters.addWidget(self._owner)
        filters.addSpacing(em)
        filters.addWidget(self._status_label)
        filters.addWidget(self._status)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(em * 3 // 2, em, em * 3 // 2, em)
        layout.setSpacing(em * 2 // 3)
        layout.addLayout(title_row)
        layout.addWidget(self._intro)
        layout.addLayout(progress)
        layout.addLayout(filters)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._detail_card)

        self._model.dataChanged.connect(self.on_model_data_changed)
        self._model.modelReset.connect(self.on_model_data_changed)
        self._stale = False
        session.answers_changed.connect(self.on_session_answers_changed)
        self.retranslate()

    @property
    def report_buttons(self) -> ReportButtons:
        return self._reports

    @property
    def model(self) -> ActionPlanModel:
        return self._model

    @property
    def proxy(self) -> ActionPlanFilter:
        return self._filter

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def owner_filter(self) -> QComboBox:
        return self._owner

    @property
    def status_filter(self) -> QComboBox:
        return self._status

    def detail_text(self) -> str:
        return self._detail.text()

    def progress_text(self) -> str:
        return self._done.text()

    def retranslate(self) -> None:
        self._title.setText(_("Action plan"))
        self._intro.setText(_("What to do, most urgent first; ⚡ marks quick wins. Double-click "
                              "a cell to change who does it, when, its status or a comment: "
                              "every change is saved at once."))
        self._owner_label.setText(_("&Who:"))
        self._status_label.setText(_("&Status:"))
        self._table.setAccessibleName(_("Actions"))
        self._owner.setAccessibleName(_("Show the actions of"))
        self._status.setAccessibleName(_("Show the actions with the status"))
        everyone: list[tuple[str | None, str]] = [(None, _("Everyone"))]
        any_status: list[tuple[str | None, str]] = [(None, _("Any status"))]
        self._fill_combo(self._owner, [*everyone, *owner_options()])
        self._fill_combo(self._status, [*any_status, *status_options()])
        self._model.retranslate()
        self._update_progress()
        self._update_detail()

    @staticmethod
    def _fill_combo(combo: QComboBox, options: list[tuple[str | None, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for value, text in options:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _update_progress(self) -> None:
        done, total = self._model.progress()
        self._done.setText(ngettext("{done} of {total} action done",
                                    "{done} of {total} actions done", total).format(
            done=done, total=total))
        self._bar.setRange(0, max(total, 1))
        self._bar.setValue(done)

    def _update_detail(self) -> None:
        rows = self._table.selectionModel().selectedRows()
        if not rows:
            self._detail_title.setVisible(False)
            self._detail.setText(_("Select an action to see what it involves."))
            return
        row = self._filter.mapToSource(rows[0]).row()
        planned = self._model.planned(row)
        text = self._session.text
        self._detail_title.setVisible(True)
        self._detail_title.setText(text(planned.action.title))
        parts = [text(planned.action.description),
                 _("Because of the question: {question}").format(
                     question=text(planned.question.text)),
                 f"{self._model.effort_text(row)} · {_(LABELS[planned.owner])}"]
        if planned.from_unknown:
            parts.insert(1, _("You answered \"I don't know\": the first step is to find out."))
        self._detail.setText("\n".join(parts))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self._stale:
            self._stale = False
            self._model.refresh()
        super().showEvent(event)

    def on_session_answers_changed(self) -> None:
        """Answers change the plan; rebuild it now if it is on screen, else when shown."""
        if self.isVisible():
            self._model.refresh()
        else:
            self._stale = True

    def on_owner_current_index_changed(self, _index: int) -> None:
        self._filter.set_owner(self._owner.currentData())

    def on_status_current_index_changed(self, _index: int) -> None:
        self._filter.set_status(self._status.currentData())

    def on_model_data_changed(self) -> None:
        self._update_progress()
        self._update_detail()

    def on_table_selection_changed(self, _selected: QItemSelection,
                                   _deselected: QItemSelection) -> None:
        self._update_detail()
