"""One question: its text, its answers, why it matters, how to do it (and who), and a note.

"Why" and "how" sit beside the answers, never behind a click. Every answer goes to the session
at once; a note is saved when the field loses focus or after a short pause in typing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.answers import AnswerValue
from app.domain.questionnaire import Question
from app.gui.answer_buttons import AnswerChoices
from app.gui.look import card, label, set_text
from app.gui.question_panel import QuestionPanel
from app.gui.session import AssessmentSession
from app.gui.translation import is_language_change
from app.i18n import _

NOTE_SAVE_MS = 800
MAX_PANELS_KEPT = 128
"""Questions whose widgets are kept (the last ones shown, and the next one, prepared): more
than the real bank asks (102), so that going through it again makes none; a bound all the
same for a much larger questionnaire."""


class NoteEdit(QPlainTextEdit):
    """A plain-text note that says when it loses focus (to save at once)."""

    focus_left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.focus_left.emit()


class QuestionView(QWidget):
    answered = Signal(str)
    """The person chose an answer to this question (carries its id)."""

    def __init__(self, session: AssessmentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._panel: QuestionPanel | None = None
        self._panels: dict[str, QuestionPanel] = {}
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_MS)
        self._note_timer.timeout.connect(self.on_note_timer_timeout)

        self._locked = label("body")
        self._locked_frame, locked_layout = card("warning")
        locked_layout.addWidget(self._locked)
        self._head_slot = QVBoxLayout()
        self._head_slot.setContentsMargins(0, 0, 0, 0)
        self._note_title = label("body", wrap=False)
        self._note = NoteEdit()
        self._note.setTabChangesFocus(True)
        lines = self._note.fontMetrics().lineSpacing()
        self._note.setFixedHeight(lines * 3 + lines)
        self._note.textChanged.connect(self.on_note_text_changed)
        self._note.focus_left.connect(self.on_note_focus_left)
        self._note_title.setBuddy(self._note)
        self._note_pending = label("small")

        left = QVBoxLayout()
        self._spacing = spacing = self.fontMetrics().height()
        left.setSpacing(spacing * 3 // 4)
        left.addWidget(self._locked_frame)
        left.addLayout(self._head_slot)
        left.addSpacing(spacing // 2)
        left.addWidget(self._note_title)
        left.addWidget(self._note)
        left.addWidget(self._note_pending)
        left.addStretch(1)
        self._side_slot = QVBoxLayout()
        self._side_slot.setContentsMargins(0, 0, 0, 0)
        self._layout = layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(spacing * 3 // 2)
        layout.addLayout(left, 3)
        layout.addLayout(self._side_slot, 2)
        self.retranslate()

    # -- public ------------------------------------------------------------------------
    @property
    def question(self) -> Question | None:
        return self._panel.question if self._panel is not None else None

    @property
    def answers(self) -> AnswerChoices | None:
        return self._panel.answers if self._panel is not None else None

    def focus_chain(self) -> list[QWidget]:
        """Answers, then the note: what Tab visits in this view, in order."""
        answers = self._panel.answers.focus_chain() if self._panel is not None else []
        return [*answers, self._note]

    @property
    def note_edit(self) -> QPlainTextEdit:
        return self._note

    def show_question(self, question: Question, index: int, count: int) -> None:
        """Show ``question``, number ``index`` (1-based) of ``count`` in its section."""
        self.commit_pending()
        previous = self._panel
        panel = self.panel(question)
        panel.set_position(index, count)
        if previous is not panel:
            if previous is not None:
                focus = QApplication.focusWidget()
                if focus is not None and previous.head.isAncestorOf(focus):
                    self.setFocus(Qt.FocusReason.OtherFocusReason)  # keep it in the window
            # Showing a widget lays its parents out at once: lay this view out once for the
            # four widgets that change, not once for each.
            layout = self._layout
            layout.setEnabled(False)
            if previous is not None:
                previous.set_visible(False)
            self._panel = panel
            panel.set_visible(True)  # now, not at the next event loop turn: it takes the focus
            layout.setEnabled(True)
            layout.activate()
        answers = panel.answers
        answers.set_value(self._session.value(question.id))
        note = self._session.note(question.id)
        if self._note.toPlainText() != note:
            self._note.blockSignals(True)
            self._note.setPlainText(note)
            self._note.blockSignals(False)
        read_only = self._session.read_only
        answers.setEnabled(not read_only)
        self._note.setReadOnly(read_only)
        self._locked_frame.setVisible(read_only)
        self._update_note_hint()

    def panel(self, question: Question) -> QuestionPanel:
        """The widgets of ``question``, made (hidden) the first time they are asked for, and
        kept for the ``MAX_PANELS_KEPT`` questions seen last."""
        panel = self._panels.pop(question.id, None)
        if panel is None:
            panel = QuestionPanel(question, self._session, self._spacing)
            panel.set_visible(False)
            panel.answers.value_chosen.connect(self.on_answers_value_chosen)
            self._head_slot.addWidget(panel.head)
            self._side_slot.addWidget(panel.side)
        self._panels[question.id] = panel  # the most recently used last
        self._forget_old_panels()
        return panel

    def _forget_old_panels(self) -> None:
        """Keep a bounded number of panels, the ones seen last (~0.6 MB each: benchmarks.md)."""
        while len(self._panels) > MAX_PANELS_KEPT:
            oldest_id = next(iter(self._panels))
            oldest = self._panels.pop(oldest_id)
            if oldest is self._panel:  # never the one on screen (cannot happen: used last)
                self._panels[oldest_id] = oldest
                break
            for part, slot in ((oldest.head, self._head_slot), (oldest.side, self._side_slot)):
                slot.removeWidget(part)
                part.deleteLater()

    def kept_panel(self, question_id: str) -> QuestionPanel | None:
        """The widgets of ``question_id`` if they are kept (shown lately or prepared)."""
        return self._panels.get(question_id)

    def prepare(self, question: Question) -> None:
        """Make, style and lay out ``question``'s widgets ahead of time (hidden), at the size
        the current question's have, so that showing it costs what showing it again does."""
        if question.id in self._panels or self._panel is None:
            return
        panel = self.panel(question)
        for part, reference in ((panel.head, self._panel.head),
                                (panel.side, self._panel.side)):
            part.ensurePolished()
            width = reference.width()
            if width > 0:
                part.resize(width, part.heightForWidth(width))
                layout = part.layout()
                if layout is not None:
                    layout.activate()

    def focus_answer(self) -> None:
        if self._panel is not None:
            self._panel.answers.focus_answer()

    def commit_pending(self) -> None:
        """Save what is being typed (a note, a number) before the question changes."""
        if self._panel is not None:
            self._panel.answers.commit_pending()
        if self._note_timer.isActive():
            self._note_timer.stop()
            self._save_note()

    def set_position(self, index: int, count: int) -> None:
        """The question's place in its section changed (skip logic opened or closed some)."""
        if self._panel is not None:
            self._panel.set_position(index, count)

    def refresh_value(self) -> None:
        """Show the stored answer again (after a failed save was put back)."""
        if self._panel is not None:
            self._panel.answers.set_value(self._session.value(self._panel.question.id))
            self._update_note_hint()

    # -- texts -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._locked.setText(_("This assessment is signed: its answers can no longer change. "
                               "Start a new assessment to record changes."))
        self._note_title.setText(_("&Note (optional)"))
        self._note.setPlaceholderText(
            _("For example: who to ask, the name of the backup disk, what is planned."))
        self._note.setAccessibleName(_("Note"))
        for panel in self._panels.values():
            panel.answers.retranslate()
            panel.fill()
        self._update_note_hint()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _update_note_hint(self) -> None:
        question = self.question
        pending = (question is not None and bool(self._note.toPlainText().strip())
                   and self._session.value(question.id) is None)
        set_text(self._note_pending, _("The note is saved as soon as you choose an answer.")
                 if pending else "")
        self._note_pending.setVisible(pending)

    # -- events ------------------------------------------------------------------------
    def on_answers_value_chosen(self, value: AnswerValue | None) -> None:
        question = self.question
        if question is None:
            return
        if self._session.answer(question.id, value):
            self.answered.emit(question.id)
        else:
            self.refresh_value()
        self._update_note_hint()

    def on_note_text_changed(self) -> None:
        self._note_timer.start()

    def on_note_timer_timeout(self) -> None:
        self._save_note()

    def on_note_focus_left(self) -> None:
        self._note_timer.stop()
        self._save_note()

    def _save_note(self) -> None:
        question = self.question
        if question is not None and not self._session.read_only:
            self._session.set_note(question.id, self._note.toPlainText())
        self._update_note_hint()
