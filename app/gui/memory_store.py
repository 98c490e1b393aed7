"""A ``Store`` kept in memory: for tests, screenshots and previews, never for a practice's data."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.domain.action_plan import build_action_plan
from app.domain.answers import Answer, AnswerValue
from app.domain.assessment import (
    ActionItemState,
    AssessmentSnapshot,
    AssessmentStatus,
    PracticeInfo,
)
from app.domain.catalog import get_entry
from app.domain.questionnaire import Questionnaire
from app.domain.scoring import score_assessment
from app.errors import NotFoundError
from app.gui.store import AssessmentSummary, PracticeRecord, summarise


@dataclass
class _Assessment:
    snapshot: AssessmentSnapshot
    practice_id: str
    position: str | None = None
    answers: dict[str, Answer] = field(default_factory=dict)
    actions: dict[str, ActionItemState] = field(default_factory=dict)


class MemoryStore:
    def __init__(self, questionnaires: Path | None = None) -> None:
        """``questionnaires``: the folder to find questionnaires in (default: the shipped)."""
        self._questionnaires = questionnaires
        self._practices: dict[str, PracticeRecord] = {}
        self._assessments: dict[str, _Assessment] = {}

    @property
    def location(self) -> str:
        return ":memory:"

    def practice(self) -> PracticeRecord | None:
        return next(iter(self._practices.values()), None)

    def create_practice(self, info: PracticeInfo) -> PracticeRecord:
        record = PracticeRecord(uuid.uuid4().hex, info)
        self._practices[record.id] = record
        return record

    def update_practice(self, practice_id: str, info: PracticeInfo) -> PracticeRecord:
        record = PracticeRecord(practice_id, info)
        self._practices[practice_id] = record
        for item in self._assessments.values():
            if item.practice_id == practice_id:
                item.snapshot = replace(item.snapshot, practice=info)
        return record

    def assessments(self, practice_id: str) -> Sequence[AssessmentSummary]:
        summaries = []
        for assessment_id, item in self._assessments.items():
            if item.practice_id != practice_id:
                continue
            snapshot = self.load_snapshot(assessment_id)
            summaries.append(summarise(assessment_id, snapshot.created_at or dt.datetime.now(),
                                       snapshot.status, self.questionnaire(snapshot),
                                       snapshot.values))
        return sorted(summaries, key=lambda s: s.created_at, reverse=True)

    def create_assessment(self, practice_id: str, questionnaire_id: str, language: str) -> str:
        entry = get_entry(questionnaire_id, folder=self._questionnaires)
        assessment_id = uuid.uuid4().hex
        snapshot = AssessmentSnapshot(
            id=assessment_id, practice=self._practices[practice_id].info,
            questionnaire_id=entry.questionnaire.id,
            questionnaire_version=entry.questionnaire.version,
            questionnaire_hash=entry.content_hash, language=language, answers={},
            created_at=dt.datetime.now())
        self._assessments[assessment_id] = _Assessment(snapshot, practice_id)
        return assessment_id

    def _get(self, assessment_id: str) -> _Assessment:
        try:
            return self._assessments[assessment_id]
        except KeyError:
            raise NotFoundError(f"No assessment {assessment_id}.") from None

    def load_snapshot(self, assessment_id: str) -> AssessmentSnapshot:
        item = self._get(assessment_id)
        return replace(item.snapshot, answers=dict(item.answers), actions=dict(item.actions))

    def questionnaire(self, snapshot: AssessmentSnapshot) -> Questionnaire:
        return get_entry(snapshot.questionnaire_id, snapshot.questionnaire_version,
                         folder=self._questionnaires).questionnaire

    def save_answer(self, assessment_id: str, question_id: str, value: AnswerValue | None,
                    note: str) -> None:
        item = self._get(assessment_id)
        if value is None:
            item.answers.pop(question_id, None)
        else:
            item.answers[question_id] = Answer(value, note)
        item.snapshot = replace(item.snapshot, updated_at=dt.datetime.now())

    def set_status(self, assessment_id: str, status: AssessmentStatus) -> None:
        item = self._get(assessment_id)
        item.snapshot = replace(item.snapshot, status=status)

    def sync_actions(self, assessment_id: str, start: dt.date) -> list[ActionItemState]:
        item = self._get(assessment_id)
        snapshot = self.load_snapshot(assessment_id)
        plan = build_action_plan(score_assessment(self.questionnaire(snapshot),
                                                  snapshot.values))
        for planned in plan:
            item.actions.setdefault(planned.key, ActionItemState(
                planned.key, planned.owner, planned.priority, planned.due_date(start)))
        return [item.actions[planned.key] for planned in plan]

    def save_action(self, assessment_id: str, state: ActionItemState) -> None:
        self._get(assessment_id).actions[state.question_id] = state

    def record_signature(self, assessment_id: str, file_sha256: str, signer: str, role: str,
                         fingerprint: str) -> None:
        self.set_status(assessment_id, AssessmentStatus.SIGNED)

    def resume_position(self, assessment_id: str) -> str | None:
        return self._get(assessment_id).position

    def set_resume_position(self, assessment_id: str, question_id: str) -> None:
        self._get(assessment_id).position = question_id

    def backdate(self, assessment_id: str, days: int) -> None:
        """Pretend the assessment was started ``days`` ago (previews of a practice's history)."""
        item = self._get(assessment_id)
        started = (item.snapshot.created_at or dt.datetime.now()) - dt.timedelta(days=days)
        item.snapshot = replace(item.snapshot, created_at=started)

    def close(self) -> None:
        """Nothing to release."""
