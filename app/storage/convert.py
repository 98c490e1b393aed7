"""Table rows → the plain records the facade hands out (``records.py``), and back for JSON.

Kept apart so that every repository module turns rows into records the same way, and so that
no SQLAlchemy object ever leaves the storage layer.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, select

from app.domain.answers import AnswerValue, value_from_json
from app.domain.assessment import AssessmentStatus, PracticeInfo
from app.errors import ValidationError
from app.storage.models import (
    ActionItem,
    Answer,
    AnswerHistory,
    Assessment,
    Practice,
    Review,
    Signature,
)
from app.storage.records import (
    ActionItemRecord,
    AnswerRecord,
    AssessmentRow,
    HistoryEntry,
    PracticeRecord,
    SignatureRecord,
)


def row_select() -> Select[Any]:
    """The columns of one line of the assessment list (one query for a whole page: the
    practice's name by its key, the review's date by the unique index on its assessment)."""
    statement: Select[Any] = select(  # type: ignore[assignment]
        Assessment.id, Assessment.practice_id, Practice.name, Assessment.questionnaire_id,
        Assessment.questionnaire_version, Assessment.questionnaire_hash, Assessment.language,
        Assessment.status, Assessment.filled_by, Assessment.created_at, Assessment.updated_at,
        Assessment.completed_at, Assessment.previous_id, Assessment.current_question_id,
        Assessment.answer_count, Assessment.score, Assessment.reviewed_score,
        Assessment.reviewer, Review.reviewed_at, Assessment.asked_count,
        Assessment.answered_count,
    )
    return (statement.join(Practice, Practice.id == Assessment.practice_id)
            .outerjoin(Review, Review.assessment_id == Assessment.id))


def assessment_row(row: Any) -> AssessmentRow:
    return AssessmentRow(
        id=str(row[0]), practice_id=str(row[1]), practice_name=row[2],
        questionnaire_id=row[3], questionnaire_version=row[4], questionnaire_hash=row[5],
        language=row[6], status=AssessmentStatus(row[7]), filled_by=row[8],
        created_at=row[9], updated_at=row[10], completed_at=row[11],
        previous_id=str(row[12]) if row[12] is not None else None,
        current_question_id=row[13], answer_count=int(row[14]), score=row[15],
        reviewed_score=row[16], reviewer=row[17], reviewed_at=row[18], asked=int(row[19]),
        answered=int(row[20]))


def practice_record(practice: Practice) -> PracticeRecord:
    profile: dict[str, AnswerValue] = {}
    for qid, raw in (practice.profile or {}).items():
        with contextlib.suppress(ValidationError):
            profile[qid] = value_from_json(raw)
    return PracticeRecord(
        id=str(practice.id), name=practice.name, address=practice.address,
        country=practice.country, identifiers=dict(practice.identifiers or {}),
        profile=profile, created_at=practice.created_at, updated_at=practice.updated_at)


def answer_record(row: Answer) -> AnswerRecord:
    return AnswerRecord(question_id=row.question_id, value=value_from_json(row.value),
                        note=row.note, evidence=row.evidence or "",
                        answered_by=row.answered_by, answered_at=row.answered_at)


def history_entry(row: AnswerHistory) -> HistoryEntry:
    return HistoryEntry(
        id=row.id, question_id=row.question_id, changed_by=row.changed_by,
        changed_at=row.changed_at,
        old_value=value_from_json(row.old_value) if row.old_value is not None else None,
        old_note=row.old_note,
        new_value=value_from_json(row.new_value) if row.new_value is not None else None,
        new_note=row.new_note)


def action_record(item: ActionItem) -> ActionItemRecord:
    return ActionItemRecord(question_id=item.question_id, owner=item.owner,
                            priority=item.priority, due_date=item.due_date, status=item.status,
                            comment=item.comment, obsolete=item.obsolete, edited=item.edited,
                            updated_at=item.updated_at)


def signature_record(signature: Signature) -> SignatureRecord:
    return SignatureRecord(id=str(signature.id), assessment_id=str(signature.assessment_id),
                           kind=signature.kind, file_sha256=signature.file_sha256,
                           signer_name=signature.signer_name, role=signature.role,
                           signed_at=signature.signed_at, fingerprint=signature.fingerprint)


def info_to_json(info: PracticeInfo) -> dict[str, Any]:
    return {"name": info.name, "address": info.address, "country": info.country,
            "identifiers": dict(info.identifiers)}


def info_from_json(data: Mapping[str, Any]) -> PracticeInfo:
    return PracticeInfo(name=str(data.get("name", "")), address=str(data.get("address", "")),
                        country=str(data.get("country", "")),
                        identifiers={str(k): str(v)
                                     for k, v in dict(data.get("identifiers") or {}).items()})
