"""Finding a practice, an assessment or a question inside a transaction, or saying it is not
there; and refusing to change a signed assessment."""

from __future__ import annotations

import uuid
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.assessment import AssessmentStatus
from app.domain.questionnaire import Question, Questionnaire
from app.errors import ValidationError
from app.i18n import _
from app.storage.checks import not_found, parse_uuid
from app.storage.convert import assessment_row, row_select
from app.storage.errors import ReadOnlyAssessmentError
from app.storage.models import Assessment, Practice
from app.storage.records import READ_ONLY_STATUSES, AssessmentRow


class AssessmentLike(Protocol):
    """What the checks below read: an ``Assessment`` row, or the columns ``save_answer``
    selects (``answer_writes.SaveTarget``)."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def status(self) -> AssessmentStatus: ...


def find_practice(session: Session, practice_id: str) -> Practice:
    practice = session.get(Practice, parse_uuid(practice_id, kind="practice"))
    if practice is None:
        raise not_found("practice", practice_id)
    return practice


def find_assessment(session: Session, assessment_id: str, *,
                    for_update: bool = False) -> Assessment:
    """The assessment, locked for the rest of the transaction when ``for_update`` (PostgreSQL:
    two people answering the same assessment queue rather than interleave)."""
    statement = select(Assessment).where(
        Assessment.id == parse_uuid(assessment_id, kind="assessment"))
    if for_update:
        statement = statement.with_for_update()
    assessment = session.scalars(statement).one_or_none()
    if assessment is None:
        raise not_found("assessment", assessment_id)
    return assessment


def find_row(session: Session, assessment_id: uuid.UUID,
             shown: str | None = None) -> AssessmentRow:
    row = session.execute(row_select().where(Assessment.id == assessment_id)).one_or_none()
    if row is None:
        raise not_found("assessment", shown or str(assessment_id))
    return assessment_row(row)


def check_editable(assessment: AssessmentLike) -> None:
    """Signed and countersigned assessments are read-only: a new version is the way on."""
    if assessment.status in READ_ONLY_STATUSES:
        raise ReadOnlyAssessmentError(
            _("The assessment {id} is {status}: it can no longer be changed.").format(
                id=assessment.id, status=assessment.status.value),
            hint=_("Start a new version from it: cybercabinet assessment new --from "
                   "{id}").format(id=assessment.id))


def find_question(questionnaire: Questionnaire, assessment: AssessmentLike,
                  question_id: str) -> Question:
    question = questionnaire.question(question_id)
    if question is None:
        raise ValidationError(
            _("{question} is not a question of {id} {version}.").format(
                question=question_id, id=questionnaire.id, version=questionnaire.version),
            hint=_("See 'cybercabinet assessment show {id}'.").format(id=assessment.id))
    return question
