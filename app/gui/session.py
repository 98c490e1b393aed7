"""One open assessment, as the window sees it: answers, skip logic, scores, actions, position.

The session holds no rules of its own: visibility comes from ``skip_logic``, scores from
``scoring``, actions from ``action_plan`` and validation from ``answers``. It saves every change
through the ``Store`` at once and tells the views by signals; a failed save is reverted and
reported once through ``save_failed``.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.action_plan import PlannedAction, build_action_plan
from app.domain.answers import Answer, AnswerValue, validate_value
from app.domain.assessment import ActionItemState, AssessmentSnapshot, AssessmentStatus
from app.domain.questionnaire import LocalizedText, Question, Questionnaire, text_in
from app.domain.scoring import AssessmentScore, score_assessment
from app.domain.skip_logic import visible_question_ids
from app.errors import CyberCabinetError
from app.gui.asked_index import PROFILE_KEY, AskedIndex, Section
from app.gui.store import Store
from app.i18n import current_language

__all__ = ["PROFILE_KEY", "AssessmentSession", "Section"]

log = logging.getLogger("cybercabinet.gui")

POSITION_SAVE_MS = 1000
READ_ONLY_STATUSES = (AssessmentStatus.SIGNED, AssessmentStatus.REVIEWED)


class AssessmentSession(QObject):
    answer_saved = Signal(str)
    """A question's answer (or its clearing) is stored; carries the question id."""
    note_saved = Signal(str)
    answers_changed = Signal()
    """Anything that can change visibility, progress or scores changed."""
    action_saved = Signal(str)
    status_changed = Signal()
    save_failed = Signal(object)
    """Carries the exception; the local state has been put back as it was."""

    def __init__(self, store: Store, assessment_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._snapshot: AssessmentSnapshot = store.load_snapshot(assessment_id)
        self._questionnaire: Questionnaire = store.questionnaire(self._snapshot)
        self._answers: dict[str, Answer] = dict(self._snapshot.answers)
        self._notes: dict[str, str] = {qid: a.note for qid, a in self._answers.items()}
        self._actions: dict[str, ActionItemState] = dict(self._snapshot.actions)
        self._status = self._snapshot.status
        self._visible: set[str] | None = None
        self._index: AskedIndex | None = None
        self._score: AssessmentScore | None = None
        self._position: str | None = None
        self._position_timer = QTimer(self)
        self._position_timer.setSingleShot(True)
        self._position_timer.setInterval(POSITION_SAVE_MS)
        self._position_timer.timeout.connect(self.flush_position)

    # -- what is asked -----------------------------------------------------------------
    @property
    def assessment_id(self) -> str:
        return self._snapshot.id

    @property
    def questionnaire(self) -> Questionnaire:
        return self._questionnaire

    @property
    def status(self) -> AssessmentStatus:
        return self._status

    @property
    def read_only(self) -> bool:
        """A signed assessment keeps its answers (the signature covers them)."""
        return self._status in READ_ONLY_STATUSES

    @property
    def created_on(self) -> dt.date:
        return (self._snapshot.created_at or dt.datetime.now()).date()

    @property
    def content_language(self) -> str:
        """The interface language if the questionnaire is complete in it, else its source
        language: a half-translated questionnaire is never shown half in each."""
        return self._questionnaire.content_language(current_language())

    def text(self, localized: LocalizedText | None) -> str:
        """Questionnaire content in ``content_language``."""
        if not localized:
            return ""
        return text_in(localized, self.content_language, self._questionnaire.languages[0])

    def visible_ids(self) -> set[str]:
        if self._visible is None:
            self._visible = visible_question_ids(self._questionnaire, self.values())
        return self._visible

    def _asked_index(self) -> AskedIndex:
        """What every move asks (order, sections, progress), computed once per change of the
        answers rather than from the whole questionnaire at each move."""
        if self._index is None:
            self._index = AskedIndex(self._questionnaire, self.visible_ids(),
                                     set(self._answers))
        return self._index

    def asked_questions(self) -> list[Question]:
        return list(self._asked_index().asked)

    def sections(self) -> list[Section]:
        """The profile then each theme, with only the questions asked; empty ones left out."""
        return list(self._asked_index().sections)

    def section(self, key: str) -> Section | None:
        return self._asked_index().section(key)

    def place(self, question_id: str) -> tuple[str, int, int]:
        """(section key, 1-based index in the section, questions asked in the section)."""
        return self._asked_index().place(question_id, self.section_of(question_id))

    def neighbour(self, question_id: str, step: int) -> str | None:
        """The asked question after (``step`` > 0) or before ``question_id``."""
        return self._asked_index().neighbour(question_id, step)

    def section_of(self, question_id: str) -> str:
        theme = self._questionnaire.theme_of(question_id)
        return theme.id if theme is not None else PROFILE_KEY

    def open_questions(self) -> list[str]:
        """Asked and not answered yet, in the order they are asked."""
        return [q.id for q in self.asked_questions() if q.id not in self._answers]

    def progress(self) -> tuple[int, int]:
        """(answered, asked) over every asked question, profile included."""
        index = self._asked_index()
        return index.answered, len(index.asked)

    # -- answers -----------------------------------------------------------------------
    def values(self) -> dict[str, AnswerValue]:
        return {qid: answer.value for qid, answer in self._answers.items()}

    def value(self, question_id: str) -> AnswerValue | None:
        answer = self._answers.get(question_id)
        return answer.value if answer is not None else None

    def note(self, question_id: str) -> str:
        return self._notes.get(question_id, "")

    def answer(self, question_id: str, value: AnswerValue | None) -> bool:
        """Validate and save an answer (None clears it); False when it could not be saved."""
        question = self._question(question_id)
        before = self._answers.get(question_id)
        try:
            if value is None:
                self._store.save_answer(self.assessment_id, question_id, None, "")
                self._answers.pop(question_id, None)
            else:
                value = validate_value(question, value)
                note = self._notes.get(question_id, "")
                if before is not None and before.value == value and before.note == note:
                    return True
                self._store.save_answer(self.assessment_id, question_id, value, note)
                self._answers[question_id] = Answer(value, note)
        except CyberCabinetError as error:
            self._failed(error)
            return False
        self._changed()
        self.answer_saved.emit(question_id)
        self._update_status()
        return True

    def set_note(self, question_id: str, note: str) -> bool:
        """Save a note with its answer; kept for later when the question has none yet."""
        if self._notes.get(question_id, "") == note:
            return True
        self._notes[question_id] = note
        answer = self._answers.get(question_id)
        if answer is None:
            return True
        try:
            self._store.save_answer(self.assessment_id, question_id, answer.value, note)
        except CyberCabinetError as error:
            self._notes[question_id] = answer.note
            self._failed(error)
            return False
        self._answers[question_id] = Answer(answer.value, note)
        self.note_saved.emit(question_id)
        return True

    def _question(self, question_id: str) -> Question:
        question = self._questionnaire.question(question_id)
        if question is None:
            raise KeyError(question_id)
        return question

    def _changed(self) -> None:
        self._visible = None
        self._index = None
        self._score = None
        self.answers_changed.emit()

    def _failed(self, error: CyberCabinetError) -> None:
        log.warning("save failed: %s", error)
        self.answers_changed.emit()
        self.save_failed.emit(error)

    def _update_status(self) -> None:
        """Complete once every asked question is answered; back to draft if one opens."""
        if self.read_only:
            return
        answered, asked = self.progress()
        wanted = AssessmentStatus.COMPLETED if answered == asked else AssessmentStatus.DRAFT
        if wanted is not self._status:
            try:
                self._store.set_status(self.assessment_id, wanted)
            except CyberCabinetError as error:
                self.save_failed.emit(error)
                return
            self._status = wanted
            self.status_changed.emit()

    # -- position ----------------------------------------------------------------------
    def resume_position(self) -> str | None:
        """Where to start: the stored position if still asked, else the first open question."""
        asked = self.asked_questions()
        stored = self._store.resume_position(self.assessment_id)
        if stored is not None and any(q.id == stored for q in asked):
            return stored
        first_open = next((q.id for q in asked if q.id not in self._answers), None)
        return first_open or (asked[0].id if asked else None)

    def set_position(self, question_id: str) -> None:
        """Remember where the person is; written a moment later, not at every move (a synced
        commit per move cost a frame), and at once by ``flush_position``."""
        self._position = question_id
        self._position_timer.start()

    def flush_position(self) -> None:
        self._position_timer.stop()
        if self._position is None:
            return
        question_id, self._position = self._position, None
        try:
            self._store.set_resume_position(self.assessment_id, question_id)
        except CyberCabinetError as error:  # losing the position is not worth a dialog
            log.warning("could not store the resume position: %s", error)

    # -- scores and actions ------------------------------------------------------------
    def score(self) -> AssessmentScore:
        if self._score is None:
            self._score = score_assessment(self._questionnaire, self.values())
        return self._score

    def action_plan(self) -> list[PlannedAction]:
        return build_action_plan(self.score())

    def action_state(self, planned: PlannedAction) -> ActionItemState:
        stored = self._actions.get(planned.key)
        if stored is not None:
            return stored
        return ActionItemState(planned.key, planned.owner, planned.priority,
                               planned.due_date(self.created_on))

    def sync_actions(self) -> None:
        """Store an action item for every current gap, so the report shows the same plan."""
        if not self.action_plan():
            return
        try:
            states = self._store.sync_actions(self.assessment_id, self.created_on)
        except CyberCabinetError as error:
            log.warning("could not bring the action items up to date: %s", error)
            return
        self._actions.update({state.question_id: state for state in states})

    def save_action(self, state: ActionItemState) -> bool:
        try:
            self._store.save_action(self.assessment_id, state)
        except CyberCabinetError as error:
            self.save_failed.emit(error)
            return False
        self._actions[state.question_id] = state
        self.action_saved.emit(state.question_id)
        return True

    def snapshot_practice_name(self) -> str:
        return self._snapshot.practice.name

    def reload_status(self) -> None:
        """After a change made elsewhere (signing): read the status again."""
        self._snapshot = self._store.load_snapshot(self.assessment_id)
        if self._snapshot.status is not self._status:
            self._status = self._snapshot.status
            self.status_changed.emit()

    def snapshot(self) -> AssessmentSnapshot:
        """The assessment as stored now, for the report."""
        self._snapshot = self._store.load_snapshot(self.assessment_id)
        return self._snapshot
