"""One answer under review: the practice's answer and the auditor's verdict, side by side.

Left, what the practice answered (and its note); right, the verdict (confirmed / disputed /
evidence needed), a comment, and for a disputed answer the answer the auditor believes right,
chosen with the questionnaire's own answer buttons. Every choice is saved at once; the comment
when the field loses the focus or after a short pause in typing.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.answers import AnswerValue
from app.domain.assessment import AssessmentStatus
from app.domain.questionnaire import Question
from app.domain.review import ReviewItemStatus
from app.gui.answer_buttons import AnswerChoices
from app.gui.answer_text import answer_label
from app.gui.look import DANGER, card, label
from app.gui.question_view import NOTE_SAVE_MS, NoteEdit
from app.gui.review_model import verdict_text
from app.gui.review_session import ReviewSession
from app.gui.translation import is_language_change
from app.i18n import _

VERDICT_KEYS: dict[ReviewItemStatus, str] = {
    ReviewItemStatus.CONFIRMED: "Ctrl+1",
    ReviewItemStatus.DISPUTED: "Ctrl+2",
    ReviewItemStatus.EVIDENCE_NEEDED: "Ctrl+3",
}
CLEAR_KEY = "Ctrl+0"


class ReviewDetail(QWidget):
    history_requested = Signal(str)
    """The auditor wants every change of this answer (carries the question id)."""
    about_to_save = Signal()
    """Something is about to be saved: fields typed elsewhere (the auditor's name) go first."""

    def __init__(self, session: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._question: Question | None = None
        self._proposal: AnswerChoices | None = None
        self._comment_timer = QTimer(self)
        self._comment_timer.setSingleShot(True)
        self._comment_timer.setInterval(NOTE_SAVE_MS)
        self._comment_timer.timeout.connect(self.on_comment_timer_timeout)
        em = self.fontMetrics().height()

        self._locked_frame, locked_layout = card("warning")
        self._locked = label("body")
        locked_layout.addWidget(self._locked)
        self._crumb = label("muted")
        self._key = label("badge", wrap=False)
        self._key.setStyleSheet(f"color: {DANGER};")
        self._text = label("question")
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        practice_card, practice = card()
        self._practice_title = label("heading")
        self._answer = label("body")
        self._answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._note = label("body")
        self._note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._history = QPushButton()
        self._history.clicked.connect(self.on_history_clicked)
        practice.addWidget(self._practice_title)
        practice.addWidget(self._answer)
        practice.addWidget(self._note)
        practice.addStretch(1)
        history_row = QHBoxLayout()
        history_row.addWidget(self._history)
        history_row.addStretch(1)
        practice.addLayout(history_row)

        auditor_card, auditor = card()
        self._auditor_title = label("heading")
        auditor.addWidget(self._auditor_title)
        self._verdicts: dict[ReviewItemStatus, QPushButton] = {}
        for status in ReviewItemStatus:
            button = QPushButton()
            button.setObjectName("verdict")
            button.setCheckable(True)
            button.setProperty("verdict", status.value)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, s=status: self.on_verdict_clicked(s))
            self._verdicts[status] = button
            auditor.addWidget(button)
        self._keys = label("small")
        self._comment_title = label("body", wrap=False)
        self._comment = NoteEdit()
        self._comment.setTabChangesFocus(True)
        lines = self._comment.fontMetrics().lineSpacing()
        self._comment.setFixedHeight(lines * 4)
        self._comment.textChanged.connect(self.on_comment_text_changed)
        self._comment.focus_left.connect(self.on_comment_focus_left)
        self._comment_title.setBuddy(self._comment)
        self._comment_pending = label("small")
        self._proposal_title = label("body")
        self._proposal_slot = QVBoxLayout()
        self._proposal_slot.setContentsMargins(0, 0, 0, 0)
        auditor.addWidget(self._keys)
        auditor.addSpacing(em // 4)
        auditor.addWidget(self._comment_title)
        auditor.addWidget(self._comment)
        auditor.addWidget(self._comment_pending)
        auditor.addWidget(self._proposal_title)
        auditor.addLayout(self._proposal_slot)
        auditor.addStretch(1)

        header = QHBoxLayout()
        header.addWidget(self._crumb, 1)
        header.addWidget(self._key, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        sides = QHBoxLayout()
        sides.setSpacing(em)
        sides.addWidget(practice_card, 1)
        sides.addWidget(auditor_card, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(em * 3 // 4)
        layout.addWidget(self._locked_frame)
        layout.addLayout(header)
        layout.addWidget(self._text)
        layout.addLayout(sides)
        layout.addStretch(1)
        self.retranslate()

    # -- public ------------------------------------------------------------------------
    @property
    def question(self) -> Question | None:
        return self._question

    def verdict_button(self, status: ReviewItemStatus) -> QPushButton:
        return self._verdicts[status]

    @property
    def comment_edit(self) -> NoteEdit:
        return self._comment

    @property
    def proposal(self) -> AnswerChoices | None:
        """The answer buttons of the proposal (shown for a disputed answer only)."""
        return self._proposal if self._proposal is not None and \
            not self._proposal.isHidden() else None

    def focus_chain(self) -> list[QWidget]:
        """What Tab visits here, in order: verdicts, comment, proposal, history."""
        chain: list[QWidget] = [*self._verdicts.values(), self._comment]
        if self.proposal is not None:
            chain += self.proposal.focus_chain()
        return [*chain, self._history]

    def show_question(self, question: Question) -> None:
        self.commit_pending()
        self._question = question
        if self._proposal is not None:
            focus = QApplication.focusWidget()
            if focus is not None and self._proposal.isAncestorOf(focus):
                self._comment.setFocus(Qt.FocusReason.OtherFocusReason)
            self._proposal_slot.removeWidget(self._proposal)
            self._proposal.hide()
            self._proposal.deleteLater()
        self._proposal = AnswerChoices(question, self._session.text, proposal=True)
        self._proposal.value_chosen.connect(self.on_proposal_value_chosen)
        self._proposal_slot.addWidget(self._proposal)
        self._comment.blockSignals(True)
        self._comment.setPlainText(self._session.comment(question.id))
        self._comment.blockSignals(False)
        self.refresh()

    def set_verdict(self, status: ReviewItemStatus | None) -> None:
        """As the auditor's click or key would: save it, or say why not."""
        if self._question is None or not self._session.can_review(self._question.id):
            return
        self.commit_pending()
        self.about_to_save.emit()
        self._session.set_verdict(self._question.id, status)
        self.refresh()

    def pick_proposal(self, digit: int) -> bool:
        proposal = self.proposal
        return proposal is not None and proposal.isEnabled() and proposal.pick(digit)

    def commit_pending(self) -> None:
        if self._proposal is not None:
            self._proposal.commit_pending()
        if self._comment_timer.isActive():
            self._comment_timer.stop()
            self._save_comment()

    def refresh(self) -> None:
        """Show the stored verdict, comment and proposal again (after a save or a failure)."""
        question = self._question
        if question is None:
            return
        verdict = self._session.verdict(question.id)
        locked = not self._session.can_review(question.id)
        for status, button in self._verdicts.items():
            button.setChecked(status is verdict)
            button.setEnabled(not locked)
        self._comment.setReadOnly(locked)
        disputed = verdict is ReviewItemStatus.DISPUTED
        if self._proposal is not None:
            self._proposal.set_value(self._session.proposal(question.id))
            self._proposal.setVisible(disputed)
            self._proposal.setEnabled(not locked)
        self._proposal_title.setVisible(disputed)
        self._locked_frame.setVisible(self._session.read_only)
        self._fill()

    # -- texts -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._practice_title.setText(_("The practice's answer"))
        self._auditor_title.setText(_("Your verdict"))
        for status, button in self._verdicts.items():
            button.setText(verdict_text(status))
            button.setAccessibleName(verdict_text(status))
            button.setToolTip(VERDICT_KEYS[status])
        self._keys.setText(_("Keys: Ctrl+1 confirmed, Ctrl+2 disputed, Ctrl+3 evidence needed, "
                             "Ctrl+0 no verdict."))
        self._comment_title.setText(_("&Comment"))
        self._comment.setPlaceholderText(_("For example: what you saw, what proof you need."))
        self._comment.setAccessibleName(_("Comment"))
        self._proposal_title.setText(_("The answer you believe right:"))
        self._history.setText(_("History of this answer…"))
        self._key.setText("● " + _("Key measure"))
        if self._proposal is not None:
            self._proposal.retranslate()
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _fill(self) -> None:
        question = self._question
        if question is None:
            return
        session = self._session
        if session.status is AssessmentStatus.DRAFT:
            self._locked.setText(_("The practice is still answering: the review starts when "
                                   "the assessment is complete."))
        else:
            self._locked.setText(_("The auditor has countersigned this assessment: the review "
                                   "can no longer change."))
        theme = session.questionnaire.theme_of(question.id)
        section = session.text(theme.title) if theme is not None else _("Your practice")
        self._crumb.setText(f"{section} · {question.id}")
        self._key.setVisible(question.critical)
        self._text.setText(session.text(question.text))
        self._text.setAccessibleName(self._text.text())
        answer = session.answer(question.id)
        shown = answer_label(question, answer.value if answer else None, session.text)
        self._answer.setText(f"<b>{html.escape(shown)}</b>")
        note = answer.note if answer is not None else ""
        self._note.setText(_("Note: {note}").format(note=note) if note else "")
        self._note.setVisible(bool(note))
        pending = (bool(self._comment.toPlainText().strip())
                   and session.verdict(question.id) is None)
        self._comment_pending.setText(
            _("The comment is saved as soon as you choose a verdict.") if pending else "")
        self._comment_pending.setVisible(pending)

    # -- events ------------------------------------------------------------------------
    def on_verdict_clicked(self, status: ReviewItemStatus) -> None:
        if self._question is None:
            return
        current = self._session.verdict(self._question.id)
        self.set_verdict(None if current is status else status)

    def on_proposal_value_chosen(self, value: AnswerValue | None) -> None:
        if self._question is not None:
            self.about_to_save.emit()
            self._session.set_proposal(self._question.id, value)
            self.refresh()

    def on_comment_text_changed(self) -> None:
        self._comment_timer.start()
        self._fill()

    def on_comment_timer_timeout(self) -> None:
        self._save_comment()

    def on_comment_focus_left(self) -> None:
        self._comment_timer.stop()
        self._save_comment()

    def on_history_clicked(self) -> None:
        if self._question is not None:
            self.history_requested.emit(self._question.id)

    def _save_comment(self) -> None:
        if self._question is not None and not self._session.read_only:
            self.about_to_save.emit()
            self._session.set_comment(self._question.id, self._comment.toPlainText())
