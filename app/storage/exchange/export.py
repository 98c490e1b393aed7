"""Export: one assessment, everything about it, as exchange-file content.

Read in one transaction (a consistent moment): the practice, the questionnaire's id, version and
content hash, the assessment, its answers with notes, evidence and who/when, the whole answer
history, the action items (obsolete ones too), the review with its history, the signature
records, and the fingerprint.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import APP_NAME, __version__
from app.storage.convert import info_from_json
from app.storage.exchange import schema
from app.storage.models import (
    ActionItem,
    Answer,
    AnswerHistory,
    Assessment,
    Practice,
    Review,
    ReviewHistory,
    ReviewItem,
    Signature,
    utcnow,
)
from app.storage.snapshots import build_snapshot


def export_content(session: Session, assessment: Assessment) -> schema.Content:
    practice = session.get_one(Practice, assessment.practice_id)
    where = assessment.id
    answers = session.scalars(select(Answer).where(Answer.assessment_id == where)
                              .order_by(Answer.id))
    history = session.scalars(select(AnswerHistory).where(AnswerHistory.assessment_id == where)
                              .order_by(AnswerHistory.id))
    actions = session.scalars(select(ActionItem).where(ActionItem.assessment_id == where)
                              .order_by(ActionItem.id))
    signatures = session.scalars(select(Signature).where(Signature.assessment_id == where)
                                 .order_by(Signature.signed_at, Signature.id))
    frozen = None
    if assessment.practice_info is not None:
        info = info_from_json(assessment.practice_info)
        frozen = schema.PracticeDetails(name=info.name, address=info.address,
                                        country=info.country,
                                        identifiers=dict(info.identifiers))
    return schema.Content(
        exported_at=utcnow(), exported_by=f"{APP_NAME} {__version__}",
        practice=schema.PracticeModel(
            id=practice.id, name=practice.name, address=practice.address,
            country=practice.country, identifiers=dict(practice.identifiers or {}),
            profile=dict(practice.profile or {})),
        questionnaire=schema.QuestionnaireRef(id=assessment.questionnaire_id,
                                              version=assessment.questionnaire_version,
                                              hash=assessment.questionnaire_hash),
        assessment=schema.AssessmentModel(
            id=assessment.id, status=assessment.status, language=assessment.language,
            filled_by=assessment.filled_by, created_at=assessment.created_at,
            updated_at=assessment.updated_at, completed_at=assessment.completed_at,
            previous_id=assessment.previous_id,
            current_question_id=assessment.current_question_id, practice_info=frozen),
        answers=[schema.AnswerModel(
            question_id=a.question_id, value=a.value, note=a.note, evidence=a.evidence or "",
            answered_by=a.answered_by, answered_at=a.answered_at) for a in answers],
        history=[schema.AnswerChangeModel(
            question_id=h.question_id, changed_by=h.changed_by, changed_at=h.changed_at,
            old_value=h.old_value, old_note=h.old_note, new_value=h.new_value,
            new_note=h.new_note) for h in history],
        actions=[schema.ActionModel(
            question_id=i.question_id, owner=i.owner, priority=i.priority,
            due_date=i.due_date, status=i.status, comment=i.comment, obsolete=i.obsolete,
            edited=i.edited, updated_at=i.updated_at) for i in actions],
        review=_review(session, assessment),
        signatures=[schema.SignatureModel(
            id=s.id, kind=s.kind, file_sha256=s.file_sha256, signer_name=s.signer_name,
            role=s.role, signed_at=s.signed_at, fingerprint=s.fingerprint)
            for s in signatures],
        fingerprint=build_snapshot(session, assessment).fingerprint)


def _review(session: Session, assessment: Assessment) -> schema.ReviewModel | None:
    review = session.scalars(select(Review).where(
        Review.assessment_id == assessment.id)).one_or_none()
    if review is None:
        return None
    items = session.scalars(select(ReviewItem).where(ReviewItem.review_id == review.id)
                            .order_by(ReviewItem.id))
    history = session.scalars(select(ReviewHistory).where(
        ReviewHistory.assessment_id == assessment.id).order_by(ReviewHistory.id))
    return schema.ReviewModel(
        auditor=review.auditor_name, opinion=review.opinion, reviewed_at=review.reviewed_at,
        created_at=review.created_at, updated_at=review.updated_at,
        items=[schema.ReviewItemModel(
            question_id=i.question_id, status=i.status, comment=i.comment,
            proposed=i.proposed_value, updated_at=i.updated_at) for i in items],
        history=[schema.ReviewChangeModel(
            kind=h.kind, question_id=h.question_id, changed_by=h.changed_by,
            changed_at=h.changed_at, status=h.status, comment=h.comment,
            proposed=h.proposed_value, opinion=h.opinion, reviewed_at=h.reviewed_at)
            for h in history])

