"""The tables, as SQLAlchemy 2 typed models.

Only generic types (``Uuid``, ``JSON``, ``Enum(native_enum=False)``, timezone-aware UTC datetimes)
so the same models serve the embedded SQLite file and a shared PostgreSQL. The schema itself is
created and changed only by the Alembic migrations in ``migrations/versions`` (never by
``create_all``); a test checks that the migrations and these models agree.

``answer_history`` is append-only: the app never updates or deletes a row, and database triggers
refuse it (see the first migration).
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from app.domain.assessment import ActionStatus, AssessmentStatus
from app.domain.vocabulary import Owner, Priority
from app.storage.records import ReviewChange, ReviewItemStatus, SignatureKind

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID_LENGTH = 64  # question, questionnaire and theme ids
NAME_LENGTH = 200


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime, stored in UTC.

    PostgreSQL keeps ``timestamptz``; SQLite has no time zones, so the UTC wall time is stored
    (ISO text that sorts in time order) and read back as UTC. A naive datetime is refused: it
    would be ambiguous.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None,
                           dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give it a time zone")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None,
                             dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _values(enum: type[PyEnum]) -> list[str]:
    return [str(member.value) for member in enum]


def enum_column(enum: type[PyEnum], name: str) -> Enum:
    """A portable enum: its *values* stored as VARCHAR, checked by the app, no native type."""
    return Enum(enum, name=name, native_enum=False, create_constraint=False, length=32,
                values_callable=_values, validate_strings=True)


LongId = BigInteger().with_variant(Integer(), "sqlite")
"""An auto-increment id: INTEGER PRIMARY KEY (the rowid) in SQLite, BIGINT in PostgreSQL."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {  # noqa: RUF012 (SQLAlchemy's own class attribute)
        dt.datetime: UTCDateTime(),
        uuid.UUID: Uuid(),
    }


def name_key(name: str) -> str:
    """How the list sorts and searches practice names: lowercased by Python (Unicode-aware)."""
    return name.lower()


def _name_key_default(context: Any) -> str:
    return name_key(str(context.get_current_parameters().get("name") or ""))


class Practice(Base):
    __tablename__ = "practices"
    __table_args__ = (Index("ix_practices_name", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    name_key: Mapped[str] = mapped_column(String(NAME_LENGTH), default=_name_key_default,
                                          server_default="")
    """``name_key(name)``, kept with the name (revision 0004), and copied to its assessments'
    ``practice_key``."""
    address: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    identifiers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    """GLN, RCC/ZSR, FINESS, SIRET…: printed on the report, part of the fingerprint."""
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Latest answers to the profile questions (question id → JSON value)."""
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def _practice_key_default(context: Any) -> str:
    """An assessment inserted without its ``practice_key`` (a bulk insert) gets its practice's:
    the list then sorts and finds it like any other."""
    practice_id = context.get_current_parameters().get("practice_id")
    if practice_id is None:
        return ""
    key = context.connection.execute(
        select(Practice.name_key).where(Practice.id == practice_id)).scalar()
    return str(key or "")


class Assessment(Base):
    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint("answer_count >= 0", name="answer_count_not_negative"),
        Index("ix_assessments_practice_id", "practice_id"),
        Index("ix_assessments_status", "status"),
        Index("ix_assessments_updated_at_id", "updated_at", "id"),
        Index("ix_assessments_created_at_id", "created_at", "id"),
        Index("ix_assessments_score_id", "score", "id"),
        Index("ix_assessments_reviewer_id", "reviewer", "id"),
        Index("ix_assessments_practice_key_id", "practice_key", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    practice_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("practices.id", ondelete="RESTRICT"))
    questionnaire_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    questionnaire_version: Mapped[str] = mapped_column(String(ID_LENGTH))
    questionnaire_hash: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[AssessmentStatus] = mapped_column(
        enum_column(AssessmentStatus, "assessment_status"), default=AssessmentStatus.DRAFT)
    filled_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    previous_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL"), default=None)
    """The assessment this one was derived from (a new version of a signed one)."""
    current_question_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), default=None)
    """Where the practice stopped: the GUI resumes there."""
    practice_info: Mapped[dict[str, Any] | None] = mapped_column(
        JSON(none_as_null=True), default=None)
    """The practice's name, address, country and identifiers frozen at signing, so that a
    later change of the practice does not change a signed assessment's fingerprint."""
    answer_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Maintained with every saved or cleared answer, for the list (added by revision 0002)."""
    score: Mapped[float | None] = mapped_column(Float, default=None)
    """The self-assessed overall score (0–100), kept with every saved or cleared answer so
    that the list sorts by it on an index; None while nothing counts yet or when the
    questionnaire version is not installed (added by revision 0003)."""
    reviewed_score: Mapped[float | None] = mapped_column(Float, default=None)
    """The score with the auditor's corrections, None without a review (revision 0003)."""
    asked_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Questions asked given the answers (profile included), as the questionnaire counts."""
    answered_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Asked questions that have an answer (``answer_count`` also counts hidden ones)."""
    reviewer: Mapped[str | None] = mapped_column(String(NAME_LENGTH), default=None)
    """The auditor of the review, copied from ``reviews`` for the list (None: not reviewed)."""
    practice_key: Mapped[str] = mapped_column(String(NAME_LENGTH), default=_practice_key_default,
                                              server_default="")
    """The practice's ``name_key``, copied here so that the list sorts and searches by practice
    name on an index of this table (revision 0004; kept by create, rename and import)."""


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(LongId, primary_key=True, autoincrement=True)
    assessment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    value: Mapped[Any] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    """Where the proof is: a document name, a ticket, a path (never the document itself)."""
    answered_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    answered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AnswerHistory(Base):
    """Every change of every answer, append-only."""

    __tablename__ = "answer_history"
    __table_args__ = (
        Index("ix_answer_history_assessment_question", "assessment_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(LongId, primary_key=True, autoincrement=True)
    assessment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    changed_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    old_value: Mapped[Any | None] = mapped_column(JSON(none_as_null=True), default=None)
    old_note: Mapped[str | None] = mapped_column(Text, default=None)
    new_value: Mapped[Any | None] = mapped_column(JSON(none_as_null=True), default=None)
    new_note: Mapped[str | None] = mapped_column(Text, default=None)


class ActionItem(Base):
    __tablename__ = "action_items"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(LongId, primary_key=True, autoincrement=True)
    assessment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    owner: Mapped[Owner] = mapped_column(enum_column(Owner, "action_owner"))
    priority: Mapped[Priority] = mapped_column(enum_column(Priority, "action_priority"))
    due_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "action_status"), default=ActionStatus.TODO)
    comment: Mapped[str] = mapped_column(Text, default="")
    obsolete: Mapped[bool] = mapped_column(Boolean, default=False)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Review(Base):
    """An auditor's review of an assessment (used by the auditor's screens)."""

    __tablename__ = "reviews"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    assessment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True, unique=True)
    """One review per assessment (unique since revision 0003)."""
    auditor_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    opinion: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReviewItem(Base):
    """The auditor's verdict on one answer."""

    __tablename__ = "review_items"
    __table_args__ = (UniqueConstraint("review_id", "question_id"),)

    id: Mapped[int] = mapped_column(LongId, primary_key=True, autoincrement=True)
    review_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    status: Mapped[ReviewItemStatus] = mapped_column(
        enum_column(ReviewItemStatus, "review_item_status"))
    comment: Mapped[str] = mapped_column(Text, default="")
    proposed_value: Mapped[Any | None] = mapped_column(JSON(none_as_null=True), default=None)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReviewHistory(Base):
    """Every change of a review (a verdict set or cleared, the opinion), append-only: who,
    when, and the state after the change (revision 0003)."""

    __tablename__ = "review_history"
    __table_args__ = (Index("ix_review_history_assessment_id", "assessment_id"),)

    id: Mapped[int] = mapped_column(LongId, primary_key=True, autoincrement=True)
    assessment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"))
    kind: Mapped[ReviewChange] = mapped_column(enum_column(ReviewChange, "review_change"))
    question_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), default=None)
    """The reviewed question; None for a change of the opinion."""
    changed_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[ReviewItemStatus | None] = mapped_column(
        enum_column(ReviewItemStatus, "review_item_status"), default=None)
    comment: Mapped[str | None] = mapped_column(Text, default=None)
    proposed_value: Mapped[Any | None] = mapped_column(JSON(none_as_null=True), default=None)
    opinion: Mapped[str | None] = mapped_column(Text, default=None)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Signature(Base):
    __tablename__ = "signatures"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    assessment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SignatureKind] = mapped_column(enum_column(SignatureKind, "signature_kind"))
    file_sha256: Mapped[str] = mapped_column(String(64))
    signer_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    role: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    signed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
