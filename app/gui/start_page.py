"""The start page: the practice (created here on first run), its assessments, "Continue" and
"New assessment", and a three-line welcome that says what this is, how long it takes and that
nothing leaves the computer.

At start the page is shown before the database is open (``app.gui.startup``): it says so and
offers nothing until ``attach(store)``. Until then it imports neither storage nor the domain
(its list model and the practice form are made on ``attach``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import CyberCabinetError
from app.gui.errors import show_error
from app.gui.look import card, label
from app.gui.translation import is_language_change
from app.i18n import _, current_language, format_date, ngettext

if TYPE_CHECKING:
    from app.gui.assessment_list_model import AssessmentListModel
    from app.gui.practice_form import PracticeForm
    from app.gui.store import PracticeRecord, Store


class WelcomeCard(QFrame):
    """What this is, how long it takes, where the data stays: three lines, no more."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tip")
        layout = QVBoxLayout(self)
        em = self.fontMetrics().height()
        layout.setContentsMargins(em, em, em, em)
        layout.setSpacing(em // 2)
        self._lines = [label("body") for _line in range(3)]
        for line in self._lines:
            layout.addWidget(line)
        self.retranslate()

    def retranslate(self) -> None:
        texts = (
            _("<b>What it is:</b> plain questions about your practice's IT security, with what "
              "to do about each gap, a prioritised action plan and a report for your insurer."),
            _("<b>How long:</b> about 45 to 60 minutes. You can stop at any time: every answer "
              "is saved at once and you continue where you left off."),
            _("<b>Your data:</b> everything stays on this computer. Nothing is sent anywhere."),
        )
        for line, text in zip(self._lines, texts, strict=True):
            line.setText(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)


class StartPage(QWidget):
    assessment_opened = Signal(str)
    practice_edit_requested = Signal()
    practice_created = Signal()
    auditor_requested = Signal()
    """Someone who reviews assessments (an auditor) wants the list of all of them."""

    def __init__(self, store: Store | None, questionnaire_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Store | None = None
        self._questionnaire_id = questionnaire_id
        self._practice: PracticeRecord | None = None
        self._model: AssessmentListModel | None = None
        self._form: PracticeForm | None = None
        em = self.fontMetrics().height()
        self._column = self._frame(em)

        self._title = label("title")
        self._subtitle = label("muted")
        self._edit = QPushButton()
        self._edit.clicked.connect(self.practice_edit_requested)
        self._audit = QPushButton()
        self._audit.clicked.connect(self.auditor_requested)
        self._audit_text = label("muted")
        self._welcome = WelcomeCard()

        self._form_card, form_layout = card()
        self._form_card.setVisible(False)
        self._form_title = label("heading")
        self._create = QPushButton()
        self._create.setProperty("primary", True)
        self._create.clicked.connect(self.on_create_clicked)
        form_layout.addWidget(self._form_title)
        self._form_layout = form_layout
        form_buttons = QHBoxLayout()
        form_buttons.addStretch(1)
        form_buttons.addWidget(self._create)
        form_layout.addLayout(form_buttons)

        self._list_card, list_layout = card()
        self._list_title = label("heading")
        self._opening = label("muted")
        self._table = QTableView()
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.verticalHeader().setVisible(False)
        self._table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self._table.doubleClicked.connect(self.on_table_double_clicked)
        self._table.setVisible(False)
        self._resume_card, resume_layout = card("tip")
        self._resume_card.setVisible(False)
        self._resume_title = label("heading")
        self._resume_text = label("body")
        self._resume_bar = QProgressBar()
        self._resume_bar.setTextVisible(False)
        self._continue = QPushButton()
        self._continue.setProperty("primary", True)
        self._continue.clicked.connect(self.on_continue_clicked)
        resume_layout.addWidget(self._resume_title)
        resume_layout.addWidget(self._resume_text)
        resume_row = QHBoxLayout()
        resume_row.addWidget(self._resume_bar, 1)
        resume_row.addSpacing(em)
        resume_row.addWidget(self._continue)
        resume_layout.addLayout(resume_row)
        self._open = QPushButton()
        self._open.clicked.connect(self.on_open_clicked)
        self._new = QPushButton()
        self._new.clicked.connect(self.on_new_clicked)
        list_layout.addWidget(self._list_title)
        list_layout.addWidget(self._opening)
        list_layout.addWidget(self._table)
        buttons = QHBoxLayout()
        buttons.addWidget(self._new)
        buttons.addStretch(1)
        buttons.addWidget(self._open)
        list_layout.addLayout(buttons)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self._title)
        titles.addWidget(self._subtitle)
        header.addLayout(titles, 1)
        header.addWidget(self._edit, 0, Qt.AlignmentFlag.AlignTop)
        column = self._column
        column.addLayout(header)
        column.addWidget(self._welcome)
        column.addWidget(self._form_card)
        column.addWidget(self._resume_card)
        column.addWidget(self._list_card)
        audit_row = QHBoxLayout()
        audit_row.addWidget(self._audit_text, 1)
        audit_row.addWidget(self._audit, 0, Qt.AlignmentFlag.AlignVCenter)
        column.addLayout(audit_row)
        column.addStretch(1)
        for button in (self._edit, self._audit, self._continue, self._open, self._new):
            button.setEnabled(False)  # until the database is open
        self.retranslate()
        if store is not None:
            self.attach(store, questionnaire_id)

    def attach(self, store: Store, questionnaire_id: str) -> None:
        """The database is open: make what needs the domain, then fill the page."""
        # lazy: these import the domain (~0.17 s), which comes after the first paint
        from app.gui.assessment_list_model import AssessmentListModel
        from app.gui.practice_form import PracticeForm

        self._store = store
        self._questionnaire_id = questionnaire_id
        self._form = PracticeForm()
        self._form.changed.connect(self.on_form_changed)
        self._form_layout.insertWidget(1, self._form)
        self._model = AssessmentListModel(self)
        self._table.setModel(self._model)
        self._table.selectionModel().selectionChanged.connect(self.on_table_selection_changed)
        self._opening.setVisible(False)
        self._audit.setEnabled(True)
        self._continue.setEnabled(True)
        self._new.setEnabled(True)
        self._edit.setEnabled(True)
        self.refresh()

    def _frame(self, em: int) -> QVBoxLayout:
        """The scrolled, centred column, made first: each widget then joins a finished
        hierarchy and is styled once (added bottom-up, every level styled its subtree again)."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        holder = QWidget()
        holder.setObjectName("page")
        scroll.setWidget(holder)
        centered = QHBoxLayout(holder)
        centered.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        content.setObjectName("page")
        content.setMaximumWidth(em * 56)
        centered.addStretch(1)
        centered.addWidget(content, 100)
        centered.addStretch(1)
        column = QVBoxLayout(content)
        column.setContentsMargins(em * 2, em * 3 // 2, em * 2, em * 3 // 2)
        column.setSpacing(em)
        return column

    # -- public ------------------------------------------------------------------------
    @property
    def form(self) -> PracticeForm:
        if self._form is None:
            raise RuntimeError("the start page has no database yet")
        return self._form

    @property
    def model(self) -> AssessmentListModel:
        if self._model is None:
            raise RuntimeError("the start page has no database yet")
        return self._model

    @property
    def is_open(self) -> bool:
        """Its database is open (the page offers its actions)."""
        return self._store is not None

    @property
    def open_button(self) -> QPushButton:
        return self._open

    @property
    def edit_button(self) -> QPushButton:
        return self._edit

    @property
    def auditor_button(self) -> QPushButton:
        return self._audit

    @property
    def continue_button(self) -> QPushButton:
        return self._continue

    @property
    def new_button(self) -> QPushButton:
        return self._new

    @property
    def create_button(self) -> QPushButton:
        return self._create

    def refresh(self) -> None:
        store, model, form = self._store, self._model, self._form
        if store is None or model is None or form is None:
            return  # still opening
        try:
            self._practice = store.practice()
            rows = list(store.assessments(self._practice.id)) if self._practice else []
        except CyberCabinetError as error:
            show_error(self, error)
            rows = []
        first_run = self._practice is None
        self._form_card.setVisible(first_run)
        self._list_card.setVisible(not first_run)
        self._edit.setVisible(not first_run)
        self._welcome.setVisible(first_run or not rows)
        model.set_assessments(rows)
        self._table.setVisible(bool(rows))
        draft = model.draft_row()
        self._resume_card.setVisible(draft >= 0)
        self._open.setEnabled(False)
        if rows:
            self._table.selectRow(max(draft, 0))
        self._fit_table()
        self._fill_titles()
        self._fill_resume()
        self._update_buttons()
        if first_run and self.isVisible():
            form.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._practice is None and self._form is not None:
            self._form.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit_table(self) -> None:
        """As tall as its rows (between 3 and 10 of them): no empty box below one line."""
        rows = min(max(self._model.rowCount() if self._model else 0, 3), 10)
        height = self._table.horizontalHeader().sizeHint().height() + 2 * self._table.frameWidth()
        height += rows * self._table.verticalHeader().defaultSectionSize()
        self._table.setFixedHeight(height)

    def retranslate(self) -> None:
        self._edit.setText(_("Edit the practice…"))
        self._audit_text.setText(_("Auditors review the assessments of this database, or those "
                                   "a practice sent them in an exchange file."))
        self._audit.setText(_("All assessments…"))
        self._audit.setToolTip(_("The auditor's list of every assessment (Ctrl+Shift+A)"))
        self._form_title.setText(_("Your practice"))
        self._create.setText(_("Save and start the questionnaire") + " →")
        self._list_title.setText(_("Your assessments"))
        self._table.setAccessibleName(_("Assessments"))
        self._continue.setText(_("Continue where I left off") + " →")
        self._open.setText(_("Open"))
        self._new.setText(_("New assessment"))
        self._opening.setText(_("Opening the database…"))
        if self._model is not None:
            self._model.retranslate()
        self._fill_titles()
        self._fill_resume()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _fill_titles(self) -> None:
        if self._practice is None:
            self._title.setText(_("Welcome to CyberCabinet"))
            self._subtitle.setText(_("A cybersecurity check-up for your medical practice."))
            return
        info = self._practice.info
        self._title.setText(info.name)
        country = {"CH": _("Switzerland"), "FR": _("France")}.get(info.country, info.country)
        self._subtitle.setText(" · ".join(p for p in (info.address, country) if p))
        self._list_title.setText(_("Your first assessment") if self._model is not None and
                                 self._model.rowCount() == 0 else _("Your assessments"))

    def _fill_resume(self) -> None:
        row = self._model.draft_row() if self._model is not None else -1
        if self._model is None or row < 0:
            return
        summary = self._model.summary(row)
        self._resume_title.setText(_("Assessment in progress, started on {date}").format(
            date=format_date(summary.created_at.date(), fmt="long")))
        self._resume_text.setText(ngettext(
            "{answered} of {asked} question answered. Every answer is saved: continue "
            "where you left off whenever you have a moment.",
            "{answered} of {asked} questions answered. Every answer is saved: continue "
            "where you left off whenever you have a moment.",
            summary.asked).format(answered=summary.answered, asked=summary.asked))
        self._resume_bar.setRange(0, max(summary.asked, 1))
        self._resume_bar.setValue(summary.answered)
        self._resume_bar.setAccessibleName(self._resume_text.text())

    def _update_buttons(self) -> None:
        if self._model is None or self._form is None:
            return
        self._create.setEnabled(self._form.is_valid())
        self._open.setEnabled(bool(self._table.selectionModel().selectedRows()))
        if self._model.rowCount() == 0:
            self._new.setText(_("Start the questionnaire") + " →")
            self._new.setProperty("primary", True)
        else:
            self._new.setText(_("New assessment"))
            self._new.setProperty("primary", False)
        self._new.style().unpolish(self._new)
        self._new.style().polish(self._new)

    # -- events ------------------------------------------------------------------------
    def on_form_changed(self) -> None:
        self._update_buttons()

    def on_create_clicked(self) -> None:
        if self._store is None or self._form is None or not self._form.is_valid():
            return
        try:
            self._store.create_practice(self._form.info())
        except CyberCabinetError as error:
            show_error(self, error)
            return
        self.practice_created.emit()
        self.refresh()
        self.on_new_clicked()

    def on_new_clicked(self) -> None:
        if self._practice is None or self._store is None or self._model is None:
            return
        if self._model.draft_row() >= 0:
            answer = QMessageBox.question(
                self, _("New assessment"),
                _("An assessment is still in progress. Start a new one anyway? The one in "
                  "progress stays as it is."))
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            assessment_id = self._store.create_assessment(
                self._practice.id, self._questionnaire_id, current_language())
        except CyberCabinetError as error:
            show_error(self, error)
            return
        self.refresh()
        self.assessment_opened.emit(assessment_id)

    def on_continue_clicked(self) -> None:
        if self._model is None:
            return
        row = self._model.draft_row()
        if row >= 0:
            self.assessment_opened.emit(self._model.summary(row).id)

    def on_open_clicked(self) -> None:
        # lazy: see attach (the model's module imports the domain, ~0.17 s)
        from app.gui.assessment_list_model import ID_ROLE

        selection = self._table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        if rows:
            self.assessment_opened.emit(str(rows[0].data(ID_ROLE)))

    def on_table_double_clicked(self, index: QModelIndex) -> None:
        # lazy: see attach (the model's module imports the domain, ~0.17 s)
        from app.gui.assessment_list_model import ID_ROLE

        self.assessment_opened.emit(str(index.data(ID_ROLE)))

    def on_table_selection_changed(self, _selected: QItemSelection,
                                   _deselected: QItemSelection) -> None:
        self._update_buttons()
