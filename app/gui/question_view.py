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
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.answers import AnswerValue
from app.domain.questionnaire import Question
from app.domain.vocabulary import LABELS
from app.gui.answer_buttons import AnswerChoices
from app.gui.look import DANGER, card, label
from app.gui.session import AssessmentSession
from app.gui.translation import is_language_change
from app.i18n import _, ngettext

NOTE_SAVE_MS = 800
MAX_SOURCES_SHOWN = 2


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
        self._question: Question | None = None
        self._position = (0, 0)
        self._answers: AnswerChoices | None = None
        self._choices: dict[str, AnswerChoices] = {}
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_MS)
        self._note_timer.timeout.connect(self.on_note_timer_timeout)

        self._locked = label("body")
        self._locked_frame, locked_layout = card("warning")
        locked_layout.addWidget(self._locked)
        self._crumb = label("muted")
        self._key = label("badge", wrap=False)
        self._key.setStyleSheet(f"color: {DANGER};")
        self._text = label("question")
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._answer_slot = QVBoxLayout()
        self._answer_slot.setContentsMargins(0, 0, 0, 0)
        self._note_title = label("body", wrap=False)
        self._note = NoteEdit()
        self._note.setTabChangesFocus(True)
        lines = self._note.fontMetrics().lineSpacing()
        self._note.setFixedHeight(lines * 3 + lines)
        self._note.textChanged.connect(self.on_note_text_changed)
        self._note.focus_left.connect(self.on_note_focus_left)
        self._note_title.setBuddy(self._note)
        self._note_pending = label("small")

        self._why_title = label("heading")
        self._why = label("body")
        self._how_title = label("heading")
        self._how = label("body")
        self._who = label("body")
        self._sources = label("small")
        for text in (self._why, self._how, self._sources):
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._why_card, why_layout = card("tip")
        why_layout.addWidget(self._why_title)
        why_layout.addWidget(self._why)
        self._how_card, how_layout = card("tip")
        for widget in (self._how_title, self._how, self._who, self._sources):
            how_layout.addWidget(widget)

        header = QHBoxLayout()
        header.addWidget(self._crumb, 1)
        header.addWidget(self._key, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        left = QVBoxLayout()
        spacing = self.fontMetrics().height()
        left.setSpacing(spacing * 3 // 4)
        left.addWidget(self._locked_frame)
        left.addLayout(header)
        left.addWidget(self._text)
        left.addSpacing(spacing // 4)
        left.addLayout(self._answer_slot)
        left.addSpacing(spacing // 2)
        left.addWidget(self._note_title)
        left.addWidget(self._note)
        left.addWidget(self._note_pending)
        left.addStretch(1)
        self._right = QWidget()
        right = QVBoxLayout(self._right)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(spacing * 3 // 4)
        right.addWidget(self._why_card)
        right.addWidget(self._how_card)
        right.addStretch(1)
        self._right.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(spacing * 3 // 2)
        layout.addLayout(left, 3)
        layout.addWidget(self._right, 2)
        self.retranslate()

    # -- public ------------------------------------------------------------------------
    @property
    def question(self) -> Question | None:
        return self._question

    @property
    def answers(self) -> AnswerChoices | None:
        return self._answers

    def focus_chain(self) -> list[QWidget]:
        """Answers, then the note: what Tab visits in this view, in order."""
        answers = self._answers.focus_chain() if self._answers is not None else []
        return [*answers, self._note]

    @property
    def note_edit(self) -> QPlainTextEdit:
        return self._note

    def show_question(self, question: Question, index: int, count: int) -> None:
        """Show ``question``, number ``index`` (1-based) of ``count`` in its section."""
        self.commit_pending()
        self._question = question
        self._position = (index, count)
        if self._answers is not None:
            focus = QApplication.focusWidget()
            if focus is not None and self._answers.isAncestorOf(focus):
                self.setFocus(Qt.FocusReason.OtherFocusReason)  # keep the focus in the window
            self._answers.hide()
        # One answer area per question, made the first time it is shown and kept: building
        # and styling a set of buttons at every move was a third of the move's time.
        answers = self._choices.get(question.id)
        if answers is None:
            answers = AnswerChoices(question, self._session.text)
            answers.value_chosen.connect(self.on_answers_value_chosen)
            self._answer_slot.addWidget(answers)
            self._choices[question.id] = answers
        self._answers = answers
        self._answers.set_value(self._session.value(question.id))
        self._answers.show()  # now, not at the next event loop turn: it takes the focus
        self._note.blockSignals(True)
        self._note.setPlainText(self._session.note(question.id))
        self._note.blockSignals(False)
        read_only = self._session.read_only
        self._answers.setEnabled(not read_only)
        self._note.setReadOnly(read_only)
        self._locked_frame.setVisible(read_only)
        self._fill()

    def focus_answer(self) -> None:
        if self._answers is not None:
            self._answers.focus_answer()

    def commit_pending(self) -> None:
        """Save what is being typed (a note, a number) before the question changes."""
        if self._answers is not None:
            self._answers.commit_pending()
        if self._note_timer.isActive():
            self._note_timer.stop()
            self._save_note()

    def set_position(self, index: int, count: int) -> None:
        """The question's place in its section changed (skip logic opened or closed some)."""
        if (index, count) != self._position:
            self._position = (index, count)
            self._fill()

    def refresh_value(self) -> None:
        """Show the stored answer again (after a failed save was put back)."""
        if self._question is not None and self._answers is not None:
            self._answers.set_value(self._session.value(self._question.id))
            self._update_note_hint()

    # -- texts -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._locked.setText(_("This assessment is signed: its answers can no longer change. "
                               "Start a new assessment to record changes."))
        self._note_title.setText(_("&Note (optional)"))
        self._note.setPlaceholderText(
            _("For example: who to ask, the name of the backup disk, what is planned."))
        self._note.setAccessibleName(_("Note"))
        self._why_title.setText(_("Why it matters"))
        self._how_title.setText(_("How to do it"))
        self._key.setText("● " + _("Key measure"))
        self._key.setToolTip(_("A gap here limits the maturity level, whatever the rest."))
        for answers in self._choices.values():
            answers.retranslate()
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _fill(self) -> None:
        question = self._question
        if question is None:
            return
        text = self._session.text
        section = self._session.section_of(question.id)
        theme = self._session.questionnaire.theme_of(question.id)
        title = text(theme.title) if theme is not None else _("Your practice")
        index, count = self._position
        self._crumb.setText(_("{section} · question {index} of {count}").format(
            section=title, index=index, count=count))
        self._key.setVisible(question.critical)
        self._text.setText(text(question.text))
        self._text.setAccessibleName(text(question.text))
        if section == "profile" and not question.help:
            self._why.setText(_("These questions describe your practice. They are not scored: "
                                "they decide which questions are asked next."))
        else:
            self._why.setText(text(question.help) or _("No explanation for this question."))
        self._how_card.setVisible(bool(question.guidance))
        self._how.setText(text(question.guidance))
        self._who.setText("<b>{}</b> {}".format(_("Who does it:"), _(LABELS[question.owner])))
        sources = [f"{ref.title}, {ref.section}" for ref in question.references]
        shown = "; ".join(sources[:MAX_SOURCES_SHOWN])
        if len(sources) > MAX_SOURCES_SHOWN:
            shown += " " + ngettext("and {count} other guide", "and {count} other guides",
                                    len(sources) - MAX_SOURCES_SHOWN).format(
                count=len(sources) - MAX_SOURCES_SHOWN)
        self._sources.setText(_("Source: {sources}").format(sources=shown) if sources else "")
        self._sources.setToolTip("\n".join(sources))
        self._sources.setVisible(bool(sources))
        self._update_note_hint()

    def _update_note_hint(self) -> None:
        question = self._question
        pending = (question is not None and bool(self._note.toPlainText().strip())
                   and self._session.value(question.id) is None)
        self._note_pending.setText(_("The note is saved as soon as you choose an answer.")
                                   if pending else "")
        self._note_pending.setVisible(pending)

    # -- events ------------------------------------------------------------------------
    def on_answers_value_chosen(self, value: AnswerValue | None) -> None:
        if self._question is None:
            return
        if self._session.answer(self._question.id, value):
            self.answered.emit(self._question.id)
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
        if self._question is not None and not self._session.read_only:
            self._session.set_note(self._question.id, self._note.toPlainText())
        self._update_note_hint()

