"""The scores and counts kept on each assessment row, so that the list sorts by score on an
index and the score curve of a practice is one query.

``refresh_scores`` runs in the transaction of every change that moves them (an answer saved or
cleared, a verdict set or withdrawn, an import); ``backfill`` computes them once for the
assessments of a database upgraded from before revision 0003. Both use the domain's scoring,
so the stored score is the score the report prints.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from app.domain.answers import Answer as DomainAnswer
from app.domain.answers import AnswerValue, value_from_json
from app.domain.questionnaire import Questionnaire
from app.domain.review import AnswerReview, Review, reviewed_score
from app.domain.scoring import overall_score
from app.domain.skip_logic import visible_question_ids
from app.errors import CyberCabinetError
from app.storage.models import Answer, Assessment, ReviewItem
from app.storage.models import Review as ReviewRow

log = logging.getLogger(__name__)

SCORED_SINCE = "0003"
"""The schema revision that added the stored scores."""


def compute(questionnaire: Questionnaire, values: Mapping[str, AnswerValue],
            review: Review | None, asked: AbstractSet[str] | None = None) -> dict[str, Any]:
    """The stored columns for these answers (and this review, if any). ``asked``: the
    questions asked given these values, when the caller has just computed them."""
    if asked is None:
        asked = visible_question_ids(questionnaire, values)
    reviewed = None
    if review is not None:
        answers = {qid: DomainAnswer(value) for qid, value in values.items()}
        reviewed = reviewed_score(questionnaire, answers, review).overall
    return {"score": overall_score(questionnaire, values, asked),
            "reviewed_score": reviewed, "asked_count": len(asked),
            "answered_count": sum(1 for qid in values if qid in asked)}


def refresh_scores(session: Session, assessment: Assessment, questionnaire: Questionnaire,
                   values: Mapping[str, AnswerValue] | None = None) -> None:
    """Recompute the stored score, reviewed score and counts of one assessment."""
    if values is None:
        values = _values(session, assessment.id)
    review = review_for_score(session, assessment.id) if assessment.reviewer is not None \
        else None
    for name, value in compute(questionnaire, values, review).items():
        setattr(assessment, name, value)


def review_for_score(session: Session | Connection, assessment_id: uuid.UUID) -> Review | None:
    """Just what the reviewed score needs: the verdicts and proposals."""
    rows = session.execute(
        select(ReviewItem.question_id, ReviewItem.status, ReviewItem.proposed_value)
        .join(ReviewRow, ReviewRow.id == ReviewItem.review_id)
        .where(ReviewRow.assessment_id == assessment_id)).all()
    exists = session.execute(select(ReviewRow.auditor_name).where(
        ReviewRow.assessment_id == assessment_id)).first()
    if exists is None:
        return None
    items = {qid: AnswerReview(qid, status, proposed=value_from_json(raw)
                               if raw is not None else None)
             for qid, status, raw in rows}
    return Review(auditor=exists[0], items=items)


def _values(session: Session | Connection,
            assessment_id: uuid.UUID) -> dict[str, AnswerValue]:
    return {qid: value_from_json(raw) for qid, raw in session.execute(
        select(Answer.question_id, Answer.value).where(Answer.assessment_id == assessment_id))}


def backfill(connection: Connection,
             questionnaire_of: Callable[[str, str], Questionnaire]) -> int:
    """Compute the stored columns of every assessment (after the upgrade to 0003); returns how
    many got a score. An assessment whose questionnaire version is not installed, or whose
    answers no longer read, keeps a NULL score (shown as unknown), and is logged."""
    scored = 0
    rows = connection.execute(select(Assessment.id, Assessment.questionnaire_id,
                                     Assessment.questionnaire_version)).all()
    for assessment_id, questionnaire_id, version in rows:
        try:
            questionnaire = questionnaire_of(questionnaire_id, version)
            columns = compute(questionnaire, _values(connection, assessment_id),
                              review_for_score(connection, assessment_id))
        except CyberCabinetError as error:
            log.warning("assessment %s: no stored score (%s)", assessment_id, error)
            continue
        connection.execute(update(Assessment).where(Assessment.id == assessment_id)
                           .values(**columns))
        scored += columns["score"] is not None
    return scored
