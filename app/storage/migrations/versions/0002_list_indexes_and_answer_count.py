"""The assessment list at 10,000 rows: indexes, and an answer count kept with each assessment.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

On SQLite the ``assessments`` table is rebuilt (a CHECK constraint cannot be added otherwise)
while ``answers``, ``answer_history``, ``action_items``, ``reviews`` and ``signatures`` point at it
with ON DELETE CASCADE: exactly the case where a migration run with foreign keys ON would delete
every child row. ``app.storage.migrate`` runs it with foreign keys OFF and checks the links and
the row counts before committing; tests/storage/test_migrations.py upgrades a filled database.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("assessments", recreate="always" if sqlite else "auto") as batch:
        batch.add_column(sa.Column("answer_count", sa.Integer(), server_default="0",
                                   nullable=False))
        batch.create_check_constraint(op.f("ck_assessments_answer_count_not_negative"),
                                      "answer_count >= 0")
        batch.create_index("ix_assessments_practice_id", ["practice_id"])
        batch.create_index("ix_assessments_status", ["status"])
        batch.create_index("ix_assessments_updated_at", ["updated_at"])
    op.create_index("ix_practices_name", "practices", ["name"])
    op.execute("UPDATE assessments SET answer_count = "
               "(SELECT count(*) FROM answers WHERE answers.assessment_id = assessments.id)")


def downgrade() -> None:
    op.drop_index("ix_practices_name", table_name="practices")
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("assessments", recreate="always" if sqlite else "auto") as batch:
        batch.drop_index("ix_assessments_updated_at")
        batch.drop_index("ix_assessments_status")
        batch.drop_index("ix_assessments_practice_id")
        batch.drop_constraint(op.f("ck_assessments_answer_count_not_negative"), type_="check")
        batch.drop_column("answer_count")
