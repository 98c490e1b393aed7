"""Initial schema: practices, assessments, answers and their append-only history, action items,
reviews, signatures.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Frozen: a released revision is never edited (types are spelled out here, not imported from the
models, so that a later change of the models cannot change what this revision does).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

UTC_DATETIME = sa.DateTime(timezone=True)
LONG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=False, length=32)


APPEND_ONLY_SQLITE = [
    """CREATE TRIGGER answer_history_no_update BEFORE UPDATE ON answer_history
       BEGIN SELECT RAISE(ABORT, 'answer_history is append-only: a row is never changed'); END""",
    """CREATE TRIGGER answer_history_no_delete BEFORE DELETE ON answer_history
       BEGIN SELECT RAISE(ABORT, 'answer_history is append-only: a row is never deleted'); END""",
]
APPEND_ONLY_POSTGRESQL = [
    """CREATE FUNCTION answer_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'answer_history is append-only: a row is never changed or deleted';
       END $$""",
    """CREATE TRIGGER answer_history_no_change BEFORE UPDATE OR DELETE ON answer_history
       FOR EACH ROW EXECUTE FUNCTION answer_history_append_only()""",
    """CREATE TRIGGER answer_history_no_truncate BEFORE TRUNCATE ON answer_history
       FOR EACH STATEMENT EXECUTE FUNCTION answer_history_append_only()""",
]


def upgrade() -> None:
    op.create_table(
        "practices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("identifiers", sa.JSON(), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practices")),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("practice_id", sa.Uuid(), nullable=False),
        sa.Column("questionnaire_id", sa.String(length=64), nullable=False),
        sa.Column("questionnaire_version", sa.String(length=64), nullable=False),
        sa.Column("questionnaire_hash", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("status", _enum("assessment_status", "draft", "completed", "signed",
                                  "reviewed"), nullable=False),
        sa.Column("filled_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.Column("completed_at", UTC_DATETIME, nullable=True),
        sa.Column("previous_id", sa.Uuid(), nullable=True),
        sa.Column("current_question_id", sa.String(length=64), nullable=True),
        sa.Column("practice_info", sa.JSON(none_as_null=True), nullable=True),
        sa.ForeignKeyConstraint(["practice_id"], ["practices.id"],
                                name=op.f("fk_assessments_practice_id_practices"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["previous_id"], ["assessments.id"],
                                name=op.f("fk_assessments_previous_id_assessments"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    op.create_table(
        "answers",
        sa.Column("id", LONG_ID, autoincrement=True, nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.String(length=200), nullable=False),
        sa.Column("answered_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"],
                                name=op.f("fk_answers_assessment_id_assessments"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
        sa.UniqueConstraint("assessment_id", "question_id",
                            name=op.f("uq_answers_assessment_id_question_id")),
    )
    op.create_table(
        "answer_history",
        sa.Column("id", LONG_ID, autoincrement=True, nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", UTC_DATETIME, nullable=False),
        sa.Column("old_value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("old_note", sa.Text(), nullable=True),
        sa.Column("new_value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("new_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"],
                                name=op.f("fk_answer_history_assessment_id_assessments"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_history")),
    )
    op.create_index("ix_answer_history_assessment_question", "answer_history",
                    ["assessment_id", "question_id"])
    op.create_table(
        "action_items",
        sa.Column("id", LONG_ID, autoincrement=True, nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("owner", _enum("action_owner", "practice", "it_provider"), nullable=False),
        sa.Column("priority", _enum("action_priority", "critical", "high", "medium", "low"),
                  nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", _enum("action_status", "todo", "in_progress", "done", "dropped"),
                  nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("obsolete", sa.Boolean(), nullable=False),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"],
                                name=op.f("fk_action_items_assessment_id_assessments"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
        sa.UniqueConstraint("assessment_id", "question_id",
                            name=op.f("uq_action_items_assessment_id_question_id")),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("auditor_name", sa.String(length=200), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("reviewed_at", UTC_DATETIME, nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"],
                                name=op.f("fk_reviews_assessment_id_assessments"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    )
    op.create_index(op.f("ix_reviews_assessment_id"), "reviews", ["assessment_id"])
    op.create_table(
        "review_items",
        sa.Column("id", LONG_ID, autoincrement=True, nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("status", _enum("review_item_status", "confirmed", "disputed",
                                  "evidence_needed"), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("proposed_value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"],
                                name=op.f("fk_review_items_review_id_reviews"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_items")),
        sa.UniqueConstraint("review_id", "question_id",
                            name=op.f("uq_review_items_review_id_question_id")),
    )
    op.create_table(
        "signatures",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("kind", _enum("signature_kind", "practice", "auditor"), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("signed_at", UTC_DATETIME, nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"],
                                name=op.f("fk_signatures_assessment_id_assessments"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signatures")),
    )
    op.create_index(op.f("ix_signatures_assessment_id"), "signatures", ["assessment_id"])

    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": APPEND_ONLY_SQLITE,
                      "postgresql": APPEND_ONLY_POSTGRESQL}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS answer_history_no_update")
        op.execute("DROP TRIGGER IF EXISTS answer_history_no_delete")
    for table in ("signatures", "review_items", "reviews", "action_items", "answer_history",
                  "answers", "assessments", "practices"):
        op.drop_table(table)
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS answer_history_append_only()")
