"""The review at a glance, and the auditor's overall opinion.

``ReviewSummary``: the self-assessed score beside the reviewed one (the practice's answers with
every disputed one replaced by the auditor's proposal, scored by the same rules), and how many
answers are confirmed, disputed, waiting for evidence or not reviewed yet.
``ReviewOpinion``: the auditor's name, the opinion, and "review concluded" (which dates it).
Both save as they are edited, like every other field of the window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from app.domain.review import ReviewItemStatus
from app.domain.scoring import AssessmentScore
from app.gui.look import DANGER, SUCCESS, label, score_color
from app.gui.question_view import NOTE_SAVE_MS, NoteEdit
from app.gui.review_session import ReviewSession
from app.gui.translation import is_language_change
from app.i18n import _, format_date, format_number, ngettext


def score_text(score: AssessmentScore) -> str:
    if score.overall is None:
        return "—"
    return format_number(score.overall) + " / 100"


class ReviewSummary(QFrame):
    def __init__(self, session: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._session = session
        em = self.fontMetrics().height()
        self._self_title = label("muted", wrap=False)
        self._self_score = label("title", wrap=False)
        self._self_level = label("small")
        self._reviewed_title = label("muted", wrap=False)
        self._reviewed_score = label("title", wrap=False)
        self._reviewed_level = label("small")
        self._delta = label("badge", wrap=False)
        self._counts = label("body")
        self._state = label("small")
        self._checks = label("small")
        self._checks.setObjectName("answersToCheck")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(em, em // 2, em, em // 2)
        layout.setSpacing(em * 3 // 2)
        for title, value, level in ((self._self_title, self._self_score, self._self_level),
                                    (self._reviewed_title, self._reviewed_score,
                                     self._reviewed_level)):
            column = QVBoxLayout()
            column.setSpacing(0)
            column.addWidget(title)
            row = QHBoxLayout()
            row.addWidget(value)
            if value is self._reviewed_score:
                row.addWidget(self._delta, 0, Qt.AlignmentFlag.AlignBottom)
            row.addStretch(1)
            column.addLayout(row)
            column.addWidget(level)
            column.addStretch(1)
            layout.addLayout(column)
        right = QVBoxLayout()
        right.addWidget(self._counts)
        right.addWidget(self._state)
        right.addWidget(self._checks)
        right.addStretch(1)
        layout.addLayout(right, 1)
        session.review_changed.connect(self.refresh)
        self.retranslate()

    @property
    def reviewed_score_label(self) -> str:
        return self._reviewed_score.text()

    def retranslate(self) -> None:
        self._self_title.setText(_("Self-assessed score"))
        self._reviewed_title.setText(_("Reviewed score"))
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        session = self._session
        mine, reviewed = session.self_score(), session.reviewed_score()
        for value, level, score in ((self._self_score, self._self_level, mine),
                                    (self._reviewed_score, self._reviewed_level, reviewed)):
            value.setText(score_text(score))
            value.setStyleSheet(f"color: {score_color(score.overall).name()};")
            level.setText(_("Level {number}: {name}").format(number=score.level.number,
                                                             name=_(score.level.name)))
        changed = mine.overall is not None and reviewed.overall is not None \
            and round(reviewed.overall) != round(mine.overall)
        self._delta.setVisible(changed)
        if changed and mine.overall is not None and reviewed.overall is not None:
            delta = reviewed.overall - mine.overall
            self._delta.setText(("+" if delta > 0 else "−") + format_number(abs(delta)))
            self._delta.setStyleSheet(f"color: {SUCCESS if delta > 0 else DANGER};")
            self._delta.setToolTip(_("Change of the score after the review"))
        disputed = session.count(ReviewItemStatus.DISPUTED)
        evidence = session.count(ReviewItemStatus.EVIDENCE_NEEDED)
        confirmed = session.count(ReviewItemStatus.CONFIRMED)
        open_count = session.count(None)
        self._counts.setText(" · ".join((
            ngettext("{count} confirmed", "{count} confirmed", confirmed).format(
                count=confirmed),
            ngettext("{count} disputed", "{count} disputed", disputed).format(count=disputed),
            ngettext("{count} waiting for evidence", "{count} waiting for evidence",
                     evidence).format(count=evidence),
            ngettext("{count} not reviewed yet", "{count} not reviewed yet",
                     open_count).format(count=open_count),
        )))
        self._checks.setVisible(bool(mine.checks))
        self._checks.setText("\n".join(
            [ngettext("{count} answer to check: it contradicts another one.",
                      "{count} answers to check: they contradict each other.",
                      len(mine.checks)).format(count=len(mine.checks))]
            + ["• " + ", ".join(check.about) + ": " + session.text(check.check.message)
               for check in mine.checks]))
        if session.reviewed_at is not None:
            self._state.setText(_("Review concluded on {date} by {auditor}.").format(
                date=format_date(session.reviewed_at.date(), fmt="long"),
                auditor=session.auditor))
        elif session.auditor:
            self._state.setText(_("Review in progress by {auditor}.").format(
                auditor=session.auditor))
        else:
            self._state.setText(_("Not reviewed yet."))


class ReviewOpinion(QFrame):
    """The auditor's name, the overall opinion and whether the review is concluded."""

    auditor_changed = Signal(str)

    def __init__(self, session: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._session = session
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTE_SAVE_MS)
        self._timer.timeout.connect(self.on_timer_timeout)
        self._title = label("heading")
        self._auditor_title = label("body", wrap=False)
        self._auditor = QLineEdit(session.auditor)
        self._auditor.editingFinished.connect(self.on_auditor_editing_finished)
        self._auditor_title.setBuddy(self._auditor)
        self._opinion_title = label("body", wrap=False)
        self._opinion = NoteEdit()
        self._opinion.setTabChangesFocus(True)
        self._opinion.setPlainText(session.opinion)
        self._opinion.setFixedHeight(self._opinion.fontMetrics().lineSpacing() * 4)
        self._opinion.textChanged.connect(self._timer.start)
        self._opinion.focus_left.connect(self.on_opinion_focus_left)
        self._opinion_title.setBuddy(self._opinion)
        self._concluded = QCheckBox()
        self._concluded.setChecked(session.concluded)
        self._concluded.toggled.connect(self.on_concluded_toggled)
        em = self.fontMetrics().height()
        column = QVBoxLayout(self)
        column.setContentsMargins(em, em * 3 // 4, em, em * 3 // 4)
        column.setSpacing(em // 3)
        column.addWidget(self._title)
        row = QHBoxLayout()
        row.addWidget(self._auditor_title)
        row.addWidget(self._auditor, 1)
        column.addLayout(row)
        column.addWidget(self._opinion_title)
        column.addWidget(self._opinion)
        column.addWidget(self._concluded)
        session.opinion_saved.connect(self.refresh)
        self.retranslate()

    @property
    def auditor_edit(self) -> QLineEdit:
        return self._auditor

    @property
    def opinion_edit(self) -> NoteEdit:
        return self._opinion

    @property
    def concluded_box(self) -> QCheckBox:
        return self._concluded

    def commit_pending(self) -> None:
        if self._auditor.text().strip() != self._session.auditor:
            self.on_auditor_editing_finished()
        if self._timer.isActive():
            self._timer.stop()
            self._save_opinion()

    def refresh(self) -> None:
        """Show what is stored (after a save, or a failed one put back)."""
        session = self._session
        locked = session.read_only
        if not self._auditor.hasFocus():
            self._auditor.setText(session.auditor)
        self._auditor.setReadOnly(locked)
        self._opinion.setReadOnly(locked)
        self._concluded.blockSignals(True)
        self._concluded.setChecked(session.concluded)
        self._concluded.blockSignals(False)
        self._concluded.setEnabled(not locked)

    def retranslate(self) -> None:
        self._title.setText(_("Review summary"))
        self._auditor_title.setText(_("&Auditor:"))
        self._auditor.setAccessibleName(_("Auditor's name"))
        self._auditor.setPlaceholderText(_("Your name, as on the report"))
        self._opinion_title.setText(_("&Opinion:"))
        self._opinion.setAccessibleName(_("Opinion"))
        self._opinion.setPlaceholderText(_("What you conclude, in a few sentences."))
        self._concluded.setText(_("Review &concluded (dated today)"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def on_auditor_editing_finished(self) -> None:
        name = self._auditor.text().strip()
        if name != self._session.auditor and self._session.set_auditor(name):
            self.auditor_changed.emit(name)
        self.refresh()

    def on_timer_timeout(self) -> None:
        self._save_opinion()

    def on_opinion_focus_left(self) -> None:
        self._timer.stop()
        self._save_opinion()

    def on_concluded_toggled(self, checked: bool) -> None:
        self.commit_pending()
        self._session.set_concluded(checked)
        self.refresh()

    def _save_opinion(self) -> None:
        if not self._session.read_only:
            self._session.set_opinion(self._opinion.toPlainText())
