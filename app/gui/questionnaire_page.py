"""The questionnaire: themes on the side, one question at a time, previous / next.

Keyboard: 1–9 choose an answer, Enter goes to the next question, Alt+Left / Alt+Right or
Page Up / Page Down go back and forth. Skip logic is applied at every answer: the list of
themes and the questions asked follow the profile at once.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListView,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOption,
    QVBoxLayout,
    QWidget,
)

from app.gui.look import card, label, set_text
from app.gui.question_view import QuestionView
from app.gui.saved_indicator import SavedIndicator
from app.gui.session import AssessmentSession
from app.gui.theme_list_model import KEY_ROLE, ThemeDelegate, ThemeListModel
from app.gui.translation import is_language_change
from app.i18n import _, ngettext

PREPARE_MS = 150
"""Idle time after a move before the next question's widgets are made in advance."""
_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


class Backdrop(QWidget):
    """The scrolled question's background, opaque: it always fills the scroll area (which
    resizes it), so the window, the page stack and the scroll area behind it need not paint
    their own backgrounds under it again at every move. It paints what the style sheet says
    (``QWidget#page``), as Qt would for a transparent widget."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        option = QStyleOption()
        option.initFrom(self)
        painter = QPainter(self)
        painter.setClipRegion(event.region())
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        painter.end()


class QuestionnairePage(QWidget):
    finished = Signal()
    """Next was pressed on the last question: time for the results."""
    question_changed = Signal(str)
    continue_on_newest_requested = Signal()
    """The person wants to carry this draft over to the newest questionnaire version."""

    def __init__(self, session: AssessmentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._current: str | None = None
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.setInterval(PREPARE_MS)
        self._prepare_timer.timeout.connect(self.on_prepare_timer_timeout)

        self._themes = ThemeListModel(session, self)
        self._theme_list = QListView()
        self._theme_list.setObjectName("themes")
        self._theme_list.setModel(self._themes)
        self._theme_list.setItemDelegate(ThemeDelegate(self._theme_list))
        self._theme_list.setResizeMode(QListView.ResizeMode.Adjust)
        self._theme_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        em = self.fontMetrics().height()
        self._theme_list.setFixedWidth(em * 16)
        self._theme_list.clicked.connect(self.on_theme_list_clicked)
        self._theme_list.activated.connect(self.on_theme_list_clicked)

        self._progress_text = label("muted", wrap=False)
        self._progress = QProgressBar()
        self._progress.setTextVisible(False)
        self._view = QuestionView(session)
        self._view.answered.connect(self.on_view_answered)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = Backdrop()
        holder.setObjectName("page")
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(em * 3 // 2, em, em * 3 // 2, em)
        holder_layout.addWidget(self._view)
        self._scroll.setWidget(holder)

        self._previous = QPushButton()
        self._previous.clicked.connect(self.on_previous_clicked)
        self._next = QPushButton()
        self._next.setProperty("primary", True)
        self._next.clicked.connect(self.on_next_clicked)
        self._saved = SavedIndicator()
        self._keys = label("small")
        session.answer_saved.connect(self.on_session_answer_saved)
        session.note_saved.connect(self.on_session_note_saved)
        session.answers_changed.connect(self.on_session_answers_changed)

        self._newer_frame, newer_layout = card("warning")
        self._newer_frame.setObjectName("newerVersion")
        self._newer_text = label("body")
        self._newer_button = QPushButton()
        self._newer_button.clicked.connect(self.continue_on_newest_requested)
        newer_row = QHBoxLayout()
        newer_row.addWidget(self._newer_text, 1)
        newer_row.addWidget(self._newer_button, 0, Qt.AlignmentFlag.AlignVCenter)
        newer_layout.addLayout(newer_row)
        self._newer_frame.setVisible(False)
        self._newer_version: str | None = None
        newer_holder = QHBoxLayout()
        newer_holder.setContentsMargins(em * 3 // 2, em // 2, em * 3 // 2, 0)
        newer_holder.addWidget(self._newer_frame)

        top = QHBoxLayout()
        top.setContentsMargins(em * 3 // 2, em * 3 // 4, em * 3 // 2, 0)
        top.addWidget(self._progress_text)
        top.addWidget(self._progress, 1)
        nav = QHBoxLayout()
        nav.setContentsMargins(em * 3 // 2, em // 2, em * 3 // 2, em * 3 // 4)
        nav.addWidget(self._previous)
        nav.addSpacing(em)
        nav.addWidget(self._saved)
        nav.addStretch(1)
        nav.addWidget(self._next)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addLayout(newer_holder)
        right.addLayout(top)
        right.addWidget(self._scroll, 1)
        right.addLayout(nav)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        side = QWidget()
        side.setObjectName("side")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, em * 3 // 4, 0, 0)
        side_layout.setSpacing(em // 2)
        self._title = label("heading")
        self._title.setContentsMargins(em // 2 + 4, 0, em // 2, 0)
        side_layout.addWidget(self._title)
        side_layout.addWidget(self._theme_list, 1)
        self._keys.setWordWrap(True)
        self._keys.setContentsMargins(em // 2 + 4, 0, em // 2, em // 2)
        side_layout.addWidget(self._keys)
        layout.addWidget(side)
        layout.addLayout(right, 1)

        for keys, slot in ((("Alt+Left", "PgUp"), self.go_previous),
                           (("Alt+Right", "PgDown"), self.go_next)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
        self.setTabOrder(self._theme_list, self._view)
        self.retranslate()

    # -- public ------------------------------------------------------------------------
    @property
    def current_question_id(self) -> str | None:
        return self._current

    @property
    def question_view(self) -> QuestionView:
        return self._view

    @property
    def theme_model(self) -> ThemeListModel:
        return self._themes

    @property
    def theme_list(self) -> QListView:
        return self._theme_list

    @property
    def saved_indicator(self) -> SavedIndicator:
        return self._saved

    def start(self) -> None:
        """Show where the person stopped last time."""
        position = self._session.resume_position()
        if position is not None:
            self.show_question(position)

    def show_question(self, question_id: str) -> None:
        question = self._session.questionnaire.question(question_id)
        if question is None:
            return
        key, index, count = self._session.place(question_id)
        self._current = question_id
        self._view.show_question(question, index, count)
        chain = [*self._view.focus_chain(), self._previous, self._next]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._select_section(key)
        self._update_progress()
        self._scroll.verticalScrollBar().setValue(0)
        self._view.focus_answer()
        self._session.set_position(question_id)
        self._prepare_timer.start()
        self.question_changed.emit(question_id)

    def go_next(self) -> None:
        self._view.commit_pending()
        following = self._neighbour(+1)
        if following is None:
            self.finished.emit()
        else:
            self.show_question(following)

    def go_previous(self) -> None:
        self._view.commit_pending()
        preceding = self._neighbour(-1)
        if preceding is not None:
            self.show_question(preceding)

    def commit_pending(self) -> None:
        self._view.commit_pending()
        self._session.flush_position()

    # -- texts -------------------------------------------------------------------------
    def offer_newer_version(self, version: str | None) -> None:
        """Show (or, with None, hide) the offer to continue this draft on ``version``."""
        self._newer_version = version
        self._newer_frame.setVisible(version is not None)
        self._retranslate_newer()

    @property
    def newer_version_button(self) -> QPushButton:
        return self._newer_button

    def _retranslate_newer(self) -> None:
        if self._newer_version is None:
            return
        self._newer_text.setText(_(
            "This draft uses version {old} of the questionnaire. Version {new} corrects and "
            "completes it: continue on it, your answers that still apply are carried over and "
            "the changed questions are asked again.").format(
            old=self._session.questionnaire.version, new=self._newer_version))
        self._newer_button.setText(_("Continue on version {new}").format(
            new=self._newer_version))

    def retranslate(self) -> None:
        self._retranslate_newer()
        self._previous.setText("← " + _("Previous"))
        self._previous.setToolTip(_("Previous question (Alt+Left or Page Up)"))
        self._keys.setText(_("Keys: 1–9 choose an answer, Enter goes to the next question, "
                             "Page Up / Page Down go back and forth."))
        self._theme_list.setAccessibleName(_("Themes"))
        self._title.setText(self._session.text(self._session.questionnaire.title))
        self._progress.setAccessibleName(_("Overall progress"))
        self._themes.retranslate()
        self._update_progress()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _update_progress(self) -> None:
        answered, asked = self._session.progress()
        set_text(self._progress_text, ngettext("{answered} of {asked} question answered",
                                               "{answered} of {asked} questions answered",
                                               asked).format(answered=answered, asked=asked))
        if self._progress.maximum() != max(asked, 1):
            self._progress.setRange(0, max(asked, 1))
        if self._progress.value() != answered:
            self._progress.setValue(answered)
        last = self._current is not None and self._neighbour(+1) is None
        text = _("See the results") + " →" if last else _("Next") + " →"
        if self._next.text() != text:
            self._next.setText(text)
        tip = _("Next question (Enter, Alt+Right or Page Down)")
        if self._next.toolTip() != tip:
            self._next.setToolTip(tip)
        self._previous.setEnabled(self._current is not None and self._neighbour(-1) is not None)

    # -- navigation --------------------------------------------------------------------
    def _neighbour(self, step: int) -> str | None:
        """The asked question before or after the current one, in questionnaire order."""
        if self._current is None:
            return None
        return self._session.neighbour(self._current, step)

    def _select_section(self, key: str) -> None:
        row = self._themes.row_of(key)
        selection = self._theme_list.selectionModel()
        if row < 0:
            selection.clearSelection()
            return
        index = self._themes.index(row)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # -- events ------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = Qt.Key(event.key())
        if modifiers == Qt.KeyboardModifier.NoModifier:
            answers = self._view.answers
            if key in _DIGITS and answers is not None and not self._session.read_only:
                answers.pick(_DIGITS[key])
                event.accept()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.go_next()
                event.accept()
                return
        super().keyPressEvent(event)

    def on_theme_list_clicked(self, index: QModelIndex) -> None:
        section = self._session.section(str(index.data(KEY_ROLE)))
        if section is None:
            return
        target = next((q for q in section.questions if self._session.value(q.id) is None),
                      section.questions[0])
        self.show_question(target.id)

    def on_view_answered(self, _question_id: str) -> None:
        self._update_progress()

    def on_prepare_timer_timeout(self) -> None:
        """The person is reading: make the next question's widgets now, while nothing else
        happens, rather than when Enter is pressed."""
        following = self._neighbour(+1)
        question = (self._session.questionnaire.question(following)
                    if following is not None else None)
        if question is not None:
            self._view.prepare(question)

    def on_previous_clicked(self) -> None:
        self.go_previous()

    def on_next_clicked(self) -> None:
        self.go_next()

    def on_session_answer_saved(self, _question_id: str) -> None:
        self._saved.flash()

    def on_session_note_saved(self, _question_id: str) -> None:
        self._saved.flash()

    def on_session_answers_changed(self) -> None:
        self._themes.refresh()
        if self._current is not None:
            key, index, count = self._session.place(self._current)
            self._select_section(key)
            self._view.set_position(index, count)
            self._view.refresh_value()
        self._update_progress()
