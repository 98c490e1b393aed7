"""The assessment as the domain sees it (``AssessmentSnapshot``): what the report prints, the
exchange file carries and the fingerprint is computed from."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.answers import Answer as DomainAnswer
from app.domain.answers import value_from_json
from app.domain.assessment import AssessmentSnapshot
from app.storage.convert import action_record, info_from_json, practice_record
from app.storage.core import DatabaseCore, guarded
from app.storage.lookup import find_assessment
from app.storage.models import ActionItem, Answer, Assessment, Practice
from app.storage.reviews import load_review


class Snapshots(DatabaseCore):
    @guarded
    def load_snapshot(self, assessment_id: str) -> AssessmentSnapshot:
        """The assessment as the domain sees it: what the report prints and fingerprints.

        Signed assessments carry the practice details they were signed with; action states are
        those of the current (not obsolete) action items.
        """
        with self._reading() as session:
            assessment = find_assessment(session, assessment_id)
            return build_snapshot(session, assessment)


def build_snapshot(session: Session, assessment: Assessment) -> AssessmentSnapshot:
    """The snapshot, inside the caller's transaction (one moment for answers, actions and the
    review; the review is beside the answers, not in the fingerprint)."""
    if assessment.practice_info is not None:
        practice = info_from_json(assessment.practice_info)
    else:
        practice = practice_record(session.get_one(Practice, assessment.practice_id)).info()
    answers = {row.question_id: DomainAnswer(value_from_json(row.value), row.note)
               for row in session.scalars(select(Answer).where(
                   Answer.assessment_id == assessment.id))}
    actions = {item.question_id: action_record(item).state() for item in session.scalars(
        select(ActionItem).where(ActionItem.assessment_id == assessment.id,
                                 ActionItem.obsolete.is_(False)))}
    return AssessmentSnapshot(
        id=str(assessment.id), practice=practice,
        questionnaire_id=assessment.questionnaire_id,
        questionnaire_version=assessment.questionnaire_version,
        questionnaire_hash=assessment.questionnaire_hash, language=assessment.language,
        answers=answers, status=assessment.status, filled_by=assessment.filled_by,
        created_at=assessment.created_at, updated_at=assessment.updated_at,
        actions=actions, review=load_review(session, assessment.id))
