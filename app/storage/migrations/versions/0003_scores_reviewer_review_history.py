"""The auditor's list and review: stored scores and counts, the reviewer, one review per
assessment, the review's append-only history.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

Columns are only added (``ALTER TABLE … ADD COLUMN`` on SQLite too: no table is rebuilt). Their
values are computed by the app, not here (scoring needs the questionnaire):
``app.storage.scores.backfill`` fills them in the same transaction, right after this revision,
when ``app.storage.migrate`` upgrades a database from before it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

UTC_DATETIME = sa.DateTime(timezone=True)
LONG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=False, length=32)


APPEND_ONLY_SQLITE = [
    """CREATE TRIGGER review_history_no_update BEFORE UPDATE ON review_history
       BEGIN SELECT RAISE(ABORT, 'review_history is append-only: a row is never changed'); END""",
    """CREATE TRIGGER review_history_no_delete BEFORE DELETE ON review_history
       BEGIN SELECT RAISE(ABORT, 'review_history is append-only: a row is never deleted'); END""",
]
APPEND_ONLY_POSTGRESQL = [
    """CREATE FUNCTION review_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'review_history is append-only: a row is never changed or deleted';
       END $$""",
    """CREATE TRIGGER review_history_no_change BEFORE UPDATE OR DELETE ON review_history
       FOR EACH ROW EXECUTE FUNCTION review_history_append_only()""",
    """CREATE TRIGGER review_history_no_truncate BEFORE TRUNCATE ON review_history
       FOR EACH STATEMENT EXECUTE FUNCTION review_history_append_only()""",
]


def upgrade() -> None:
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.add_column(sa.Column("score", sa.Float(), nullable=True))
        batch.add_column(sa.Column("reviewed_score", sa.Float(), nullable=True))
        batch.add_column(sa.Column("asked_count", sa.Integer(), server_default="0",
                                   nullable=False))
        batch.add_column(sa.Column("answered_count", sa.Integer(), server_default="0",
                                   nullable=False))
        batch.add_column(sa.Column("reviewer", sa.String(length=200), nullable=True))
    op.create_index("ix_assessments_created_at", "assessments", ["created_at"])
    op.create_index("ix_assessments_score", "assessments", ["score"])
    op.create_index("ix_assessments_reviewer", "assessments", ["reviewer"])
    op.execute("UPDATE assessments SET reviewer = (SELECT reviews.auditor_name FROM reviews "
               "WHERE reviews.assessment_id = assessments.id ORDER BY reviews.updated_at DESC "
               "LIMIT 1)")

    op.drop_index("ix_reviews_assessment_id", table_name="reviews")
    op.create_index("ix_reviews_assessment_id", "reviews", ["assessment_id"], unique=True)

    op.create_table(
        "review_history",
        sa.Column("id", LONG_ID, autoincrement=True, nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("kind", _enum("review_change", "verdict", "cleared", "opinion"),
                  nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=True),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", UTC_DATETIME, nullable=False),
        sa.Column("status", _enum("review_item_status", "confirmed", "disputed",
                                  "evidence_needed"), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("proposed_value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("opinion", sa.Text(), nullable=True),
        sa.Column("reviewed_at", UTC_DATETIME, nullable=True),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"],
                                name=op.f("fk_review_history_assessment_id_assessments"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_history")),
    )
    op.create_index("ix_review_history_assessment_id", "review_history", ["assessment_id"])

    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": APPEND_ONLY_SQLITE,
                      "postgresql": APPEND_ONLY_POSTGRESQL}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS review_history_no_update")
        op.execute("DROP TRIGGER IF EXISTS review_history_no_delete")
    op.drop_table("review_history")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS review_history_append_only()")
    op.drop_index("ix_reviews_assessment_id", table_name="reviews")
    op.create_index("ix_reviews_assessment_id", "reviews", ["assessment_id"])
    op.drop_index("ix_assessments_reviewer", table_name="assessments")
    op.drop_index("ix_assessments_score", table_name="assessments")
    op.drop_index("ix_assessments_created_at", table_name="assessments")
    with op.batch_alter_table("assessments") as batch:
        for name in ("reviewer", "answered_count", "asked_count", "reviewed_score", "score"):
            batch.drop_column(name)

