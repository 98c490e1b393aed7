"""Saving one answer with SQLAlchemy Core: the statements and the steps of ``save_answer``.

Saving is what a person does most (one call per click), so it avoids the ORM's per-call costs:
the statements are built once (module level, with bound parameters, so SQLAlchemy compiles
each once), the assessment and the answers are read as columns, and the answer, its history
row and the assessment's stored score and counts are written with plain INSERT / UPDATE
statements. They all run on the one connection of the caller's write transaction (BEGIN
IMMEDIATE on SQLite, the assessment row locked on PostgreSQL): committed together or not at
all, exactly as the ORM version did.

The write lock is taken before anything is read, so the answers read here are the ones the
writes apply to: whether the answer exists decides INSERT or UPDATE (no upsert needed).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from app.domain.answers import AnswerValue, value_from_json
from app.domain.assessment import AssessmentStatus
from app.domain.questionnaire import Questionnaire
from app.domain.skip_logic import changes_visibility, visible_question_ids
from app.storage.checks import not_found, parse_uuid
from app.storage.models import Answer, AnswerHistory, Assessment, Practice
from app.storage.records import AnswerRecord
from app.storage.scores import compute, review_for_score

_TARGET = (select(Assessment.id, Assessment.status, Assessment.questionnaire_id,
                  Assessment.questionnaire_version, Assessment.practice_id,
                  Assessment.reviewer, Assessment.answer_count)
           .where(Assessment.id == bindparam("target_id"))
           .with_for_update())
"""The assessment's columns a save needs; FOR UPDATE on PostgreSQL (SQLite ignores it: its
BEGIN IMMEDIATE already holds the file's write lock)."""

_ANSWERS = select(Answer.question_id, Answer.value, Answer.id, Answer.note, Answer.evidence) \
    .where(Answer.assessment_id == bindparam("target_id"))
_ANSWERED = select(Answer.answered_by, Answer.answered_at).where(
    Answer.id == bindparam("answer_id"))
_INSERT_ANSWER = insert(Answer)
_UPDATE_ANSWER = update(Answer).where(Answer.id == bindparam("answer_id"))
_INSERT_HISTORY = insert(AnswerHistory)
_UPDATE_ASSESSMENT = update(Assessment).where(Assessment.id == bindparam("target_id"))
_PROFILE = select(Practice.profile).where(Practice.id == bindparam("target_id"))
_UPDATE_PRACTICE = update(Practice).where(Practice.id == bindparam("target_id"))


@dataclass(frozen=True)
class SaveTarget:
    """The assessment being answered, as ``_TARGET`` reads it."""

    id: uuid.UUID
    status: AssessmentStatus
    questionnaire_id: str
    questionnaire_version: str
    practice_id: uuid.UUID
    reviewer: str | None
    answer_count: int


@dataclass(frozen=True)
class StoredAnswer:
    """An answer as it is in the table (its value as JSON)."""

    id: int
    value: Any
    note: str
    evidence: str | None


def find_target(connection: Connection, assessment_id: str) -> SaveTarget:
    """The assessment, locked for the transaction; ``NotFoundError`` if there is none."""
    row = connection.execute(
        _TARGET, {"target_id": parse_uuid(assessment_id, kind="assessment")}).first()
    if row is None:
        raise not_found("assessment", assessment_id)
    return SaveTarget(*row)


def read_answers(connection: Connection, target: SaveTarget
                 ) -> tuple[dict[str, AnswerValue], dict[str, StoredAnswer]]:
    """Every value of the assessment (for the skip logic and the score), and every stored
    row (the saved question's tells whether it is a change)."""
    values: dict[str, AnswerValue] = {}
    stored: dict[str, StoredAnswer] = {}
    for question_id, raw, answer_id, note, evidence in connection.execute(
            _ANSWERS, {"target_id": target.id}):
        values[question_id] = value_from_json(raw)
        stored[question_id] = StoredAnswer(answer_id, raw, note, evidence)
    return values, stored


def unchanged_record(connection: Connection, question_id: str, value: AnswerValue,
                     current: StoredAnswer) -> AnswerRecord:
    """The record of an answer saved again as it was (nothing written)."""
    answered_by, answered_at = connection.execute(
        _ANSWERED, {"answer_id": current.id}).one()
    return AnswerRecord(question_id=question_id, value=value, note=current.note,
                        evidence=current.evidence or "", answered_by=answered_by,
                        answered_at=answered_at)


@dataclass(frozen=True)
class Change:
    """One validated answer to write."""

    question_id: str
    value: AnswerValue
    stored: Any
    """``value_to_json(value)``."""
    note: str
    evidence: str | None
    """None: keep the stored evidence reference."""
    by: str
    at: dt.datetime


def write_answer(connection: Connection, target: SaveTarget, questionnaire: Questionnaire,
                 values: dict[str, AnswerValue], asked: set[str],
                 current: StoredAnswer | None, change: Change) -> AnswerRecord:
    """Write the answer, its history row, the assessment's score and counts (and the
    practice's profile for a profile question) on the caller's transaction.

    ``values`` and ``asked`` are the answers before the change and the questions they ask
    (already computed for the validation); ``values`` gets the new value.
    """
    question_id = change.question_id
    connection.execute(_INSERT_HISTORY, {
        "assessment_id": target.id, "question_id": question_id, "changed_by": change.by,
        "changed_at": change.at, "old_value": current.value if current else None,
        "old_note": current.note if current else None, "new_value": change.stored,
        "new_note": change.note})
    evidence = change.evidence if change.evidence is not None else (
        current.evidence if current is not None and current.evidence is not None else "")
    columns = {"value": change.stored, "note": change.note, "evidence": evidence,
               "answered_by": change.by, "answered_at": change.at}
    answer_count = target.answer_count
    if current is None:
        connection.execute(_INSERT_ANSWER, {"assessment_id": target.id,
                                            "question_id": question_id, **columns})
        answer_count += 1
    else:
        connection.execute(_UPDATE_ANSWER, {"answer_id": current.id, **columns})
    values[question_id] = change.value
    if changes_visibility(questionnaire, question_id):
        asked = visible_question_ids(questionnaire, values)
    review = review_for_score(connection, target.id) if target.reviewer is not None else None
    connection.execute(_UPDATE_ASSESSMENT, {
        "target_id": target.id, "updated_at": change.at, "answer_count": answer_count,
        **compute(questionnaire, values, review, asked)})
    if questionnaire.is_profile(question_id):
        profile = connection.execute(_PROFILE, {"target_id": target.practice_id}).scalar_one()
        connection.execute(_UPDATE_PRACTICE, {
            "target_id": target.practice_id, "updated_at": change.at,
            "profile": {**(profile or {}), question_id: change.stored}})
    return AnswerRecord(question_id=question_id, value=change.value, note=change.note,
                        evidence=evidence, answered_by=change.by, answered_at=change.at)
