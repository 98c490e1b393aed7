"""Reviews: an auditor's verdict on each answer and an overall opinion, kept beside the
practice's answers (never over them).

Rules: a review is written on a completed or signed assessment (a draft is still the practice's
work; a countersigned one is closed: the countersigned PDF shows its review); only an answered
question gets a verdict; a proposed answer is validated like any answer and goes with a
disputed verdict only. One review per assessment; every change is also written to the
append-only ``review_history`` (who, when, the state after it). The practice's answer, and so
the fingerprint, is never touched; the stored reviewed score follows each change.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.answers import AnswerValue, validate_value, value_from_json, value_to_json
from app.domain.assessment import AssessmentStatus
from app.domain.review import AnswerReview, Review, ReviewItemStatus
from app.errors import ValidationError
from app.i18n import _
from app.storage.checks import clean_name, enum_value
from app.storage.core import DatabaseCore, guarded
from app.storage.errors import ReadOnlyAssessmentError
from app.storage.lookup import find_assessment, find_question
from app.storage.models import Answer, Assessment, ReviewHistory, ReviewItem, utcnow
from app.storage.models import Review as ReviewRow
from app.storage.records import ReviewChange, ReviewHistoryEntry
from app.storage.scores import refresh_scores

REVIEWABLE = (AssessmentStatus.COMPLETED, AssessmentStatus.SIGNED)


class Reviews(DatabaseCore):
    @guarded
    def set_review_item(self, assessment_id: str, question_id: str,
                        status: ReviewItemStatus | str, *, comment: str = "",
                        proposed: AnswerValue | None = None, auditor: str) -> AnswerReview:
        """The auditor's verdict on one answer; the same verdict again writes nothing."""
        verdict = enum_value(ReviewItemStatus, status, _("review status"))
        who = clean_name(auditor, _("auditor's name"))
        with self._writing() as session:
            assessment = find_assessment(session, assessment_id, for_update=True)
            check_reviewable(assessment)
            questionnaire = self._questionnaire_of(assessment)
            question = find_question(questionnaire, assessment, question_id)
            if session.scalars(select(Answer.id).where(
                    Answer.assessment_id == assessment.id,
                    Answer.question_id == question_id)).first() is None:
                raise ValidationError(
                    _("{question} has no answer to review.").format(question=question_id),
                    hint=_("Review the answered questions; the unanswered ones are listed "
                           "by 'cybercabinet assessment show {id}'.").format(id=assessment.id))
            stored = None
            if proposed is not None:
                if verdict is not ReviewItemStatus.DISPUTED:
                    raise ValidationError(
                        _("A proposed answer goes with a disputed verdict, not with "
                          "{status}.").format(status=verdict.value))
                stored = value_to_json(validate_value(question, proposed))
            review = _review_row(session, assessment, who)
            item = session.scalars(select(ReviewItem).where(
                ReviewItem.review_id == review.id,
                ReviewItem.question_id == question_id)).one_or_none()
            if item is not None and (item.status, item.comment, item.proposed_value) == (
                    verdict, comment, stored):
                return _item(item)
            now = utcnow()
            if item is None:
                item = ReviewItem(review_id=review.id, question_id=question_id)
                session.add(item)
            item.status, item.comment, item.proposed_value = verdict, comment, stored
            item.updated_at = review.updated_at = now
            review.auditor_name = who
            assessment.reviewer = who
            session.add(ReviewHistory(
                assessment_id=assessment.id, kind=ReviewChange.VERDICT, question_id=question_id,
                changed_by=who, changed_at=now, status=verdict, comment=comment,
                proposed_value=stored))
            session.flush()
            refresh_scores(session, assessment, questionnaire)
            return _item(item)

    @guarded
    def clear_review_item(self, assessment_id: str, question_id: str, *,
                          by: str = "") -> bool:
        """Withdraw the verdict on one answer; False if there was none."""
        who = clean_name(by, _("name"), required=False)
        with self._writing() as session:
            assessment = find_assessment(session, assessment_id, for_update=True)
            check_reviewable(assessment)
            item = session.scalars(select(ReviewItem).join(
                ReviewRow, ReviewRow.id == ReviewItem.review_id).where(
                ReviewRow.assessment_id == assessment.id,
                ReviewItem.question_id == question_id)).one_or_none()
            if item is None:
                return False
            now = utcnow()
            review = session.get_one(ReviewRow, item.review_id)
            session.delete(item)
            review.updated_at = now
            session.add(ReviewHistory(
                assessment_id=assessment.id, kind=ReviewChange.CLEARED, question_id=question_id,
                changed_by=who or review.auditor_name, changed_at=now))
            session.flush()
            refresh_scores(session, assessment, self._questionnaire_of(assessment))
            return True

    @guarded
    def set_review_opinion(self, assessment_id: str, opinion: str, auditor: str,
                           concluded: bool) -> Review:
        """The auditor's overall opinion. ``concluded`` dates the review (now, or the date it
        was concluded on if neither the opinion nor the conclusion changes); False reopens it."""
        who = clean_name(auditor, _("auditor's name"))
        text = opinion.strip()
        if concluded and not text:
            raise ValidationError(_("A concluded review needs an opinion."),
                                  hint=_("Write what you conclude, in a few sentences."))
        with self._writing() as session:
            assessment = find_assessment(session, assessment_id, for_update=True)
            check_reviewable(assessment)
            review = _review_row(session, assessment, who)
            if text == review.opinion and concluded == (review.reviewed_at is not None):
                return _review(session, review)
            now = utcnow()
            review.opinion = text
            review.reviewed_at = now if concluded else None
            review.auditor_name = who
            review.updated_at = now
            assessment.reviewer = who
            session.add(ReviewHistory(
                assessment_id=assessment.id, kind=ReviewChange.OPINION, changed_by=who,
                changed_at=now, opinion=text, reviewed_at=review.reviewed_at))
            session.flush()
            refresh_scores(session, assessment, self._questionnaire_of(assessment))
            return _review(session, review)

    @guarded
    def review(self, assessment_id: str) -> Review | None:
        """The auditor's review of the assessment, None if nobody reviewed it."""
        with self._reading() as session:
            assessment = find_assessment(session, assessment_id)
            return load_review(session, assessment.id)

    @guarded
    def review_history(self, assessment_id: str,
                       question_id: str | None = None) -> list[ReviewHistoryEntry]:
        """Every change of the review, oldest first (of one answer's verdict, or all)."""
        with self._reading() as session:
            assessment = find_assessment(session, assessment_id)
            statement = select(ReviewHistory).where(
                ReviewHistory.assessment_id == assessment.id)
            if question_id is not None:
                statement = statement.where(ReviewHistory.question_id == question_id)
            return history_entries(session.scalars(statement.order_by(ReviewHistory.id)).all())


def check_reviewable(assessment: Assessment) -> None:
    if assessment.status is AssessmentStatus.DRAFT:
        raise ValidationError(
            _("The assessment {id} is a draft: it is reviewed once the practice has completed "
              "it.").format(id=assessment.id),
            hint=_("The practice completes it first (cybercabinet assessment complete "
                   "{id}).").format(id=assessment.id))
    if assessment.status not in REVIEWABLE:
        raise ReadOnlyAssessmentError(
            _("The assessment {id} is countersigned: its review can no longer be "
              "changed.").format(id=assessment.id),
            hint=_("Start a new version from it: cybercabinet assessment new --from "
                   "{id}").format(id=assessment.id))


def _review_row(session: Session, assessment: Assessment, auditor: str) -> ReviewRow:
    review = session.scalars(select(ReviewRow).where(
        ReviewRow.assessment_id == assessment.id)).one_or_none()
    if review is None:
        now = utcnow()
        review = ReviewRow(assessment_id=assessment.id, auditor_name=auditor, opinion="",
                           reviewed_at=None, created_at=now, updated_at=now)
        session.add(review)
        session.flush()
    return review


def load_review(session: Session, assessment_id: uuid.UUID) -> Review | None:
    """The domain's ``Review`` of an assessment, inside the caller's transaction."""
    review = session.scalars(select(ReviewRow).where(
        ReviewRow.assessment_id == assessment_id)).one_or_none()
    return _review(session, review) if review is not None else None


def _review(session: Session, review: ReviewRow) -> Review:
    items = session.scalars(select(ReviewItem).where(ReviewItem.review_id == review.id)
                            .order_by(ReviewItem.id))
    return Review(auditor=review.auditor_name, opinion=review.opinion,
                  reviewed_at=review.reviewed_at,
                  items={item.question_id: _item(item) for item in items})


def _item(item: ReviewItem) -> AnswerReview:
    proposed = value_from_json(item.proposed_value) if item.proposed_value is not None else None
    return AnswerReview(question_id=item.question_id, status=item.status, comment=item.comment,
                        proposed=proposed, updated_at=item.updated_at)


def history_entries(rows: Sequence[ReviewHistory]) -> list[ReviewHistoryEntry]:
    return [ReviewHistoryEntry(
        id=row.id, kind=row.kind, question_id=row.question_id, changed_by=row.changed_by,
        changed_at=row.changed_at, status=row.status, comment=row.comment,
        proposed=value_from_json(row.proposed_value) if row.proposed_value is not None
        else None, opinion=row.opinion, reviewed_at=row.reviewed_at) for row in rows]
