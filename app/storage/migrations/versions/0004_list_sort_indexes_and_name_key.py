"""The list's deep pages: sort indexes that end with the id, and a lowercased practice name.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

Every order of the list is (key, id): with the id in the index, a page deep in the list walks the
index alone instead of reading each skipped row (bench/bench_listing.py: the last of 100 pages
went from about 50 ms to 10 ms on SQLite). ``practices.name_key`` is the name lowercased by
Python (Unicode-aware, the same on SQLite and PostgreSQL whatever the server's locale), copied to
``assessments.practice_key`` so that sorting the list by practice name walks an index of
``assessments`` like every other order, and searching needs no SQL ``lower()`` nor a join. Their
values are computed by the app (``app.storage.backfill``) right after this revision, in its
transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

SORTS = ("updated_at", "created_at", "score", "reviewer")


def upgrade() -> None:
    for column in SORTS:
        op.drop_index(f"ix_assessments_{column}", table_name="assessments")
        op.create_index(f"ix_assessments_{column}_id", "assessments", [column, "id"])
    with op.batch_alter_table("practices", recreate="never") as batch:
        batch.add_column(sa.Column("name_key", sa.String(length=200), server_default="",
                                   nullable=False))
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.add_column(sa.Column("practice_key", sa.String(length=200), server_default="",
                                   nullable=False))
    op.create_index("ix_assessments_practice_key_id", "assessments", ["practice_key", "id"])


def downgrade() -> None:
    op.drop_index("ix_assessments_practice_key_id", table_name="assessments")
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("practice_key")
    with op.batch_alter_table("practices") as batch:
        batch.drop_column("name_key")
    for column in SORTS:
        op.drop_index(f"ix_assessments_{column}_id", table_name="assessments")
        op.create_index(f"ix_assessments_{column}", "assessments", [column])
