"""Answers: save one (validated, with its history row, committed at once), clear one, read them
and their history.

Every change of an answer (first answer, change, clear) writes one ``answer_history`` row in the
same transaction as the answer: the history is append-only and the database refuses anything
else (see the first migration).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.answers import (
    AnswerValue,
    parse_value,
    validate_value,
    value_from_json,
    value_to_json,
)
from app.domain.skip_logic import visible_question_ids
from app.errors import ValidationError
from app.i18n import _
from app.storage.answer_writes import (
    Change,
    find_target,
    read_answers,
    unchanged_record,
    write_answer,
)
from app.storage.checks import clean_name
from app.storage.convert import answer_record, history_entry
from app.storage.core import DatabaseCore, guarded
from app.storage.lookup import check_editable, find_assessment, find_question
from app.storage.models import Answer, AnswerHistory, Assessment, Practice, utcnow
from app.storage.records import AnswerRecord, HistoryEntry
from app.storage.scores import refresh_scores


class Answers(DatabaseCore):
    @guarded
    def save_answer(self, assessment_id: str, question_id: str, value: AnswerValue,
                    note: str = "", by: str = "", *,
                    evidence: str | None = None) -> AnswerRecord:
        """Validate and save one answer, with its history row, in one committed transaction.

        Refused (``ValidationError``) if the question is not in the questionnaire, is not asked
        given the answers so far (skip logic), or does not allow the value; refused
        (``ReadOnlyAssessmentError``) if the assessment is signed. Saving the same value, note
        and evidence again changes nothing; ``evidence=None`` keeps the evidence reference as
        it is. A completed assessment stays completed (it is not signed yet).
        """
        who = clean_name(by, _("name"), required=False)
        with self._writing_core() as connection:
            target = find_target(connection, assessment_id)
            check_editable(target)
            questionnaire = self.questionnaire_entry(
                target.questionnaire_id, target.questionnaire_version).questionnaire
            question = find_question(questionnaire, target, question_id)
            values, rows = read_answers(connection, target)
            # Computed once: the validation uses it, and the score too unless this answer
            # changes what is asked.
            asked = visible_question_ids(questionnaire, values)
            if question_id not in asked:
                raise ValidationError(
                    _("{question} is not asked, given the answers so far (see its "
                      "condition).").format(question=question_id),
                    hint=_("Answer the questions it depends on first."))
            value = validate_value(question, value)
            stored = value_to_json(value)
            current = rows.get(question_id)
            if current is not None and current.value == stored and current.note == note and (
                    evidence is None or evidence == current.evidence):
                return unchanged_record(connection, question_id, value, current)
            return write_answer(connection, target, questionnaire, values, asked, current,
                                Change(question_id, value, stored, note, evidence, who,
                                       utcnow()))

    @guarded
    def save_note(self, assessment_id: str, question_id: str, note: str,
                  by: str = "") -> AnswerRecord:
        """Change the note of an answer and keep its value (a history row records the change).

        A note goes with an answer: a question without one is refused (answer it first; "I
        don't know" is an answer). The same note again writes nothing.
        """
        who = clean_name(by, _("name"), required=False)
        with self._writing() as session:
            assessment = find_assessment(session, assessment_id, for_update=True)
            check_editable(assessment)
            find_question(self._questionnaire_of(assessment), assessment, question_id)
            row = session.scalars(select(Answer).where(
                Answer.assessment_id == assessment.id,
                Answer.question_id == question_id)).one_or_none()
            if row is None:
                raise ValidationError(
                    _("{question} has no answer yet: a note is kept with an answer.").format(
                        question=question_id),
                    hint=_("Answer it first; \"I don't know\" is an answer too."))
            if row.note == note:
                return answer_record(row)
            now = utcnow()
            session.add(AnswerHistory(
                assessment_id=assessment.id, question_id=question_id, changed_by=who,
                changed_at=now, old_value=row.value, old_note=row.note, new_value=row.value,
                new_note=note))
            row.note = note
            assessment.updated_at = now
            session.flush()
            return answer_record(row)

    @guarded
    def parse_value(self, assessment_id: str, question_id: str, text: str) -> AnswerValue:
        """Read a value typed by a person (``yes``, ``na``, ``3``, ``a,b``…) for a question of
        the assessment; ``ValidationError`` says what is allowed."""
        with self._reading() as session:
            assessment = find_assessment(session, assessment_id)
            question = find_question(self._questionnaire_of(assessment), assessment,
                                     question_id)
        return parse_value(question, text)

    @guarded
    def clear_answer(self, assessment_id: str, question_id: str, by: str = "") -> bool:
        """Remove an answer (the history keeps it); False if there was none."""
        who = clean_name(by, _("name"), required=False)
        with self._writing() as session:
            assessment = find_assessment(session, assessment_id, for_update=True)
            check_editable(assessment)
            questionnaire = self._questionnaire_of(assessment)
            find_question(questionnaire, assessment, question_id)
            row = session.scalars(select(Answer).where(
                Answer.assessment_id == assessment.id,
                Answer.question_id == question_id)).one_or_none()
            if row is None:
                return False
            now = utcnow()
            session.add(AnswerHistory(
                assessment_id=assessment.id, question_id=question_id, changed_by=who,
                changed_at=now, old_value=row.value, old_note=row.note, new_value=None,
                new_note=None))
            session.delete(row)
            session.flush()
            assessment.answer_count -= 1
            refresh_scores(session, assessment, questionnaire)
            assessment.updated_at = now
            if questionnaire.is_profile(question_id):
                practice = session.get_one(Practice, assessment.practice_id)
                practice.profile = {k: v for k, v in practice.profile.items() if k != question_id}
                practice.updated_at = now
            return True

    @guarded
    def answers(self, assessment_id: str) -> dict[str, AnswerRecord]:
        """Every stored answer, with who gave it, when, and its evidence reference."""
        with self._reading() as session:
            assessment = find_assessment(session, assessment_id)
            return {row.question_id: answer_record(row) for row in session.scalars(
                select(Answer).where(Answer.assessment_id == assessment.id)
                .order_by(Answer.id))}

    @guarded
    def answer_history(self, assessment_id: str,
                       question_id: str | None = None) -> list[HistoryEntry]:
        """Every change, oldest first (of one question, or of the whole assessment)."""
        with self._reading() as session:
            assessment = find_assessment(session, assessment_id)
            statement = select(AnswerHistory).where(
                AnswerHistory.assessment_id == assessment.id)
            if question_id is not None:
                statement = statement.where(AnswerHistory.question_id == question_id)
            return [history_entry(h) for h in session.scalars(
                statement.order_by(AnswerHistory.id))]


def add_answer(session: Session, assessment: Assessment, question_id: str,
               value: AnswerValue, note: str, evidence: str | None, by: str,
               now: dt.datetime, *, existing: Answer | None = None,
               answered_by: str | None = None,
               answered_at: dt.datetime | None = None) -> Answer:
    """Write an answer (new or changed) and its history row; the caller validated it."""
    stored = value_to_json(value)
    session.add(AnswerHistory(
        assessment_id=assessment.id, question_id=question_id, changed_by=by,
        changed_at=now, old_value=existing.value if existing else None,
        old_note=existing.note if existing else None, new_value=stored, new_note=note))
    if existing is None:
        existing = Answer(assessment_id=assessment.id, question_id=question_id)
        session.add(existing)
        assessment.answer_count += 1
    existing.value = stored
    existing.note = note
    if evidence is not None:
        existing.evidence = evidence
    elif existing.evidence is None:
        existing.evidence = ""
    existing.answered_by = by if answered_by is None else answered_by
    existing.answered_at = now if answered_at is None else answered_at
    return existing


def values_of(session: Session, assessment_id: uuid.UUID) -> dict[str, AnswerValue]:
    """The stored values of an assessment, by question id."""
    return {qid: value_from_json(raw) for qid, raw in session.execute(
        select(Answer.question_id, Answer.value).where(
            Answer.assessment_id == assessment_id))}
