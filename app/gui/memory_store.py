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
from app.domain.carry_over import CarryOver, carry_over
from app.domain.catalog import get_entry
from app.domain.questionnaire import Questionnaire
from app.domain.review import AnswerReview, Review, ReviewItemStatus, reviewed_score
from app.domain.scoring import score_assessment
from app.errors import CyberCabinetError, NotFoundError
from app.gui.audit_store import (
    AnswerChange,
    AuditRow,
    HistoryPoint,
    ImportedFile,
    ListQuery,
    SortKey,
)
from app.gui.store import AssessmentSummary, PracticeRecord, summarise


@dataclass
class _Assessment:
    snapshot: AssessmentSnapshot
    practice_id: str
    position: str | None = None
    answers: dict[str, Answer] = field(default_factory=dict)
    actions: dict[str, ActionItemState] = field(default_factory=dict)
    history: list[AnswerChange] = field(default_factory=list)
    review: Review | None = None


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

    def newest_version(self, questionnaire_id: str) -> str:
        return get_entry(questionnaire_id, folder=self._questionnaires).questionnaire.version

    def continue_on_newest(self, assessment_id: str) -> tuple[str, CarryOver]:
        source = self._get(assessment_id)
        old = self.questionnaire(source.snapshot)
        new_id = self.create_assessment(source.practice_id, old.id, source.snapshot.language)
        target = self._get(new_id)
        plan = carry_over(old, self.questionnaire(target.snapshot),
                          {k: a.value for k, a in source.answers.items()})
        target.answers.update({k: Answer(v, source.answers[k].note)
                               for k, v in plan.kept.items()})
        return new_id, plan

    def _get(self, assessment_id: str) -> _Assessment:
        try:
            return self._assessments[assessment_id]
        except KeyError:
            raise NotFoundError(f"No assessment {assessment_id}.") from None

    def load_snapshot(self, assessment_id: str) -> AssessmentSnapshot:
        item = self._get(assessment_id)
        return replace(item.snapshot, answers=dict(item.answers), actions=dict(item.actions),
                       review=item.review)

    def questionnaire(self, snapshot: AssessmentSnapshot) -> Questionnaire:
        return get_entry(snapshot.questionnaire_id, snapshot.questionnaire_version,
                         folder=self._questionnaires).questionnaire

    def save_answer(self, assessment_id: str, question_id: str, value: AnswerValue | None,
                    note: str) -> None:
        item = self._get(assessment_id)
        before = item.answers.get(question_id)
        if value is None:
            item.answers.pop(question_id, None)
        else:
            item.answers[question_id] = Answer(value, note)
        now = dt.datetime.now().astimezone()
        item.history.append(AnswerChange(
            question_id, "", now, before.value if before else None, value,
            before.note if before else None, note if value is not None else None))
        item.snapshot = replace(item.snapshot, updated_at=now)

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

    # -- the auditor's side --------------------------------------------------------------
    def review(self, assessment_id: str) -> Review | None:
        return self._get(assessment_id).review

    def _review_of(self, item: _Assessment, auditor: str) -> Review:
        """As storage: a name, and an assessment complete and not countersigned yet."""
        if not auditor.strip():
            raise CyberCabinetError("The auditor's name is missing.")
        if item.snapshot.status not in (AssessmentStatus.COMPLETED, AssessmentStatus.SIGNED):
            raise CyberCabinetError("This assessment cannot be reviewed now.")
        return item.review or Review(auditor=auditor.strip())

    def set_review_item(self, assessment_id: str, question_id: str, status: ReviewItemStatus,
                        *, comment: str = "", proposed: AnswerValue | None = None,
                        auditor: str) -> None:
        item = self._get(assessment_id)
        review = self._review_of(item, auditor)
        if question_id not in item.answers:
            raise CyberCabinetError(f"{question_id} has no answer to review.")
        entry = AnswerReview(question_id, ReviewItemStatus(status), comment,
                             proposed if status is ReviewItemStatus.DISPUTED else None,
                             dt.datetime.now().astimezone())
        item.review = replace(review, auditor=auditor.strip(),
                              items={**review.items, question_id: entry})

    def clear_review_item(self, assessment_id: str, question_id: str) -> None:
        item = self._get(assessment_id)
        if item.review is not None:
            items = {k: v for k, v in item.review.items.items() if k != question_id}
            item.review = replace(item.review, items=items)

    def set_review_opinion(self, assessment_id: str, opinion: str, auditor: str,
                           concluded: bool) -> None:
        item = self._get(assessment_id)
        review = self._review_of(item, auditor)
        if concluded and not opinion.strip():
            raise CyberCabinetError("A concluded review needs an opinion.")
        when = (review.reviewed_at or dt.datetime.now().astimezone()) if concluded else None
        item.review = replace(review, auditor=auditor.strip(), opinion=opinion,
                              reviewed_at=when)

    def practice_of(self, assessment_id: str) -> str:
        return self._get(assessment_id).practice_id

    def _score(self, assessment_id: str) -> float | None:
        snapshot = self.load_snapshot(assessment_id)
        return score_assessment(self.questionnaire(snapshot), snapshot.values).overall

    def practice_history(self, practice_id: str) -> Sequence[HistoryPoint]:
        points = []
        for key, item in self._assessments.items():
            if item.practice_id != practice_id:
                continue
            reviewed = None
            if item.review is not None:
                snapshot = self.load_snapshot(key)
                reviewed = reviewed_score(self.questionnaire(snapshot), snapshot.answers,
                                          item.review).overall
            points.append(HistoryPoint(key, item.snapshot.created_at or dt.datetime.now(),
                                       item.snapshot.status, self._score(key),
                                       item.review.auditor if item.review else "", reviewed))
        return sorted(points, key=lambda p: p.created_at)

    def answer_history(self, assessment_id: str, question_id: str) -> Sequence[AnswerChange]:
        return [c for c in self._get(assessment_id).history if c.question_id == question_id]

    def _rows(self, query: ListQuery) -> list[AuditRow]:
        rows = []
        for key, item in self._assessments.items():
            name = self._practices[item.practice_id].info.name
            reviewer = item.review.auditor if item.review else ""
            if query.search and query.search.strip().lower() not in name.lower():
                continue
            if query.status is not None and item.snapshot.status is not query.status:
                continue
            if query.practice_id is not None and item.practice_id != query.practice_id:
                continue
            if query.reviewer is not None and (
                    bool(reviewer) if query.reviewer == ""
                    else query.reviewer.strip().lower() not in reviewer.lower()):
                continue
            rows.append(AuditRow(key, item.practice_id, name,
                                 item.snapshot.created_at or dt.datetime.now(),
                                 item.snapshot.status, self._score(key), reviewer,
                                 item.review.reviewed_at if item.review else None))
        return rows

    def count_assessment_rows(self, query: ListQuery) -> int:
        return len(self._rows(query))

    def list_assessment_rows(self, query: ListQuery) -> Sequence[AuditRow]:
        rows = sorted(self._rows(query), key=lambda row: _sort_value(row, query.sort),
                      reverse=query.descending)
        end = None if query.limit is None else query.offset + query.limit
        return rows[query.offset:end]

    def record_countersignature(self, assessment_id: str, file_sha256: str, signer: str,
                                role: str, fingerprint: str) -> None:
        self.set_status(assessment_id, AssessmentStatus.REVIEWED)

    def export_exchange(self, assessment_id: str, target: Path,
                        passphrase: str | None) -> None:
        raise CyberCabinetError("Exchange files need a database, not a preview.")

    def exchange_is_protected(self, source: Path) -> bool:
        return False

    def import_exchange(self, source: Path, passphrase: str | None) -> ImportedFile:
        raise CyberCabinetError("Exchange files need a database, not a preview.")

    def close(self) -> None:
        """Nothing to release."""


def _sort_value(row: AuditRow, key: SortKey) -> tuple[str | float, str]:
    if key is SortKey.PRACTICE:
        return row.practice_name.lower(), row.id
    if key is SortKey.STATUS:  # in workflow order, as storage sorts them
        return float(list(AssessmentStatus).index(row.status)), row.id
    if key is SortKey.SCORE:
        return -1.0 if row.score is None else row.score, row.id
    if key is SortKey.REVIEWER:
        return row.reviewer.lower(), row.id
    return row.created_at.timestamp(), row.id
