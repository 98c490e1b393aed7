"""The auditor's list at 10,000 assessments: the right rows, indexed (its speed: bench/)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import insert, text

from app.storage.database import Database
from app.storage.models import Assessment, Practice


def _fill(db: Database, count: int) -> None:
    now = dt.datetime.now(dt.UTC)
    practices = [{"id": uuid.uuid4(), "name": f"Cabinet {i:04d}" + (" du Léman" if i % 97 == 0
                                                                      else ""),
                  "address": "", "country": "CH", "identifiers": {}, "profile": {},
                  "created_at": now, "updated_at": now} for i in range(count // 10)]
    assessments = [{"id": uuid.uuid4(), "practice_id": practices[i % len(practices)]["id"],
                    "questionnaire_id": "example", "questionnaire_version": "1.0",
                    "questionnaire_hash": "0" * 64, "language": "fr",
                    "status": ["draft", "completed", "signed", "reviewed"][i % 4],
                    "filled_by": "", "created_at": now - dt.timedelta(minutes=i),
                    "updated_at": now - dt.timedelta(minutes=i), "answer_count": i % 90}
                   for i in range(count)]
    with db.engine.begin() as connection:
        connection.execute(insert(Practice), practices)
        connection.execute(insert(Assessment), assessments)


@pytest.mark.slow
def test_ten_thousand_assessments_list(db: Database) -> None:
    """The right rows at scale; how fast is bench/bench_listing.py's (no wall-clock limit in
    the gate: the indexes are checked below, by the query plan)."""
    _fill(db, 10_000)
    page = db.list_assessments(limit=50)
    assert page.total == 10_000 and len(page.rows) == 50
    assert page.rows[0].updated_at > page.rows[-1].updated_at
    deep = db.list_assessments(limit=50, offset=9_000)
    assert deep.total == 10_000 and len(deep.rows) == 50
    assert deep.rows[0].updated_at < page.rows[-1].updated_at
    found = db.list_assessments(search="LÉMAN", limit=50)
    assert found.total == 110 and all("Léman" in r.practice_name for r in found.rows)
    assert db.list_assessments(search="léman", limit=50).total == 110
    signed = db.list_assessments(status="signed", sort="practice", limit=50)
    assert signed.total == 2_500 and all(r.status.value == "signed" for r in signed.rows)
    names = [r.practice_name for r in signed.rows]
    assert names == sorted(names, reverse=True)  # descending, the default
    practice_id = page.rows[0].practice_id
    assert db.list_assessments(practice_id=practice_id, limit=None).total == 10


def test_the_list_uses_its_indexes(db: Database) -> None:
    statements = {
        "ix_assessments_updated_at_id": "SELECT id FROM assessments ORDER BY updated_at DESC "
                                     "LIMIT 50",
        "ix_assessments_status": "SELECT id FROM assessments WHERE status = 'signed'",
        "ix_assessments_practice_id": "SELECT id FROM assessments WHERE practice_id = "
                                      "'00000000000000000000000000000000'",
        "ix_practices_name": "SELECT id FROM practices WHERE name = 'x'",
    }
    with db.engine.connect() as connection:
        for index, statement in statements.items():
            if db.backend == "sqlite":
                plan = " ".join(str(row[-1]) for row in connection.execute(
                    text(f"EXPLAIN QUERY PLAN {statement}")))
                assert index in plan, (index, plan)
            else:
                names = connection.execute(text(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                )).scalars().all()
                assert index in names
