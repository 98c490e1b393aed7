"""Upgrades keep every row (the ON DELETE CASCADE trap), newer databases are left alone."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import uuid
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import JSON, Boolean, Date, DateTime, Engine, String, Uuid, column, table, text
from sqlalchemy.exc import DBAPIError

from app.errors import ValidationError
from app.storage import DatabaseTooNewError, StorageError
from app.storage import migrate as migrate_module
from app.storage.backup import list_backups
from app.storage.engine import create_private_file, make_engine, parse_target
from app.storage.migrate import alembic_config, head_revision
from app.storage.records import AssessmentQuery
from tests.storage.conftest import OpenDb

NOW = dt.datetime(2025, 11, 3, 9, 30, tzinfo=dt.UTC)
UTC = DateTime(timezone=True)
PRACTICE, FIRST, SECOND = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
REVIEW = uuid.uuid4()

TABLES = {
    "practices": table("practices", column("id", Uuid()), column("name", String()),
                       column("address", String()), column("country", String()),
                       column("identifiers", JSON()), column("profile", JSON()),
                       column("created_at", UTC), column("updated_at", UTC)),
    "assessments": table("assessments", column("id", Uuid()), column("practice_id", Uuid()),
                         column("questionnaire_id", String()),
                         column("questionnaire_version", String()),
                         column("questionnaire_hash", String()), column("language", String()),
                         column("status", String()), column("filled_by", String()),
                         column("created_at", UTC), column("updated_at", UTC),
                         column("previous_id", Uuid())),
    "answers": table("answers", column("assessment_id", Uuid()), column("question_id", String()),
                     column("value", JSON()), column("note", String()),
                     column("evidence", String()), column("answered_by", String()),
                     column("answered_at", UTC)),
    "answer_history": table("answer_history", column("assessment_id", Uuid()),
                            column("question_id", String()), column("changed_by", String()),
                            column("changed_at", UTC), column("new_value", JSON()),
                            column("new_note", String())),
    "action_items": table("action_items", column("assessment_id", Uuid()),
                          column("question_id", String()), column("owner", String()),
                          column("priority", String()), column("due_date", Date()),
                          column("status", String()), column("comment", String()),
                          column("obsolete", Boolean()), column("edited", Boolean()),
                          column("updated_at", UTC)),
    "reviews": table("reviews", column("id", Uuid()), column("assessment_id", Uuid()),
                     column("auditor_name", String()), column("opinion", String()),
                     column("created_at", UTC), column("updated_at", UTC)),
    "review_items": table("review_items", column("review_id", Uuid()),
                          column("question_id", String()), column("status", String()),
                          column("comment", String()), column("updated_at", UTC)),
    "signatures": table("signatures", column("id", Uuid()), column("assessment_id", Uuid()),
                        column("kind", String()), column("file_sha256", String()),
                        column("signer_name", String()), column("role", String()),
                        column("signed_at", UTC), column("fingerprint", String())),
}


def _rows() -> dict[str, list[dict[str, object]]]:
    assessment = {"practice_id": PRACTICE, "questionnaire_id": "example",
                  "questionnaire_version": "1.0", "questionnaire_hash": "h" * 64,
                  "language": "fr", "filled_by": "Dr A", "created_at": NOW, "updated_at": NOW}
    answers = [("PRF-COUNTRY", "ch"), ("PRF-SERVER", "yes"), ("BAK-01", "partly"),
               ("BAK-02", 1.0), ("AWR-01", ["phishing"])]
    return {
        "practices": [{"id": PRACTICE, "name": "Cabinet Ancien", "address": "", "country": "CH",
                       "identifiers": {"GLN": "7601"}, "profile": {"PRF-COUNTRY": "ch"},
                       "created_at": NOW, "updated_at": NOW}],
        "assessments": [{**assessment, "id": FIRST, "status": "signed", "previous_id": None},
                        {**assessment, "id": SECOND, "status": "draft", "previous_id": FIRST}],
        "answers": [{"assessment_id": a, "question_id": q, "value": v, "note": f"note {q}",
                     "evidence": "", "answered_by": "Dr A", "answered_at": NOW}
                    for a in (FIRST, SECOND) for q, v in answers],
        "answer_history": [{"assessment_id": a, "question_id": q, "changed_by": "Dr A",
                            "changed_at": NOW, "new_value": v, "new_note": f"note {q}"}
                           for a in (FIRST, SECOND) for q, v in answers],
        "action_items": [{"assessment_id": a, "question_id": "BAK-01", "owner": "it_provider",
                          "priority": "critical", "due_date": dt.date(2025, 12, 3),
                          "status": "in_progress", "comment": "quote asked", "obsolete": False,
                          "edited": True, "updated_at": NOW} for a in (FIRST, SECOND)],
        "reviews": [{"id": REVIEW, "assessment_id": FIRST, "auditor_name": "A. Auditor",
                     "opinion": "fine", "created_at": NOW, "updated_at": NOW}],
        "review_items": [{"review_id": REVIEW, "question_id": "BAK-01", "status": "disputed",
                          "comment": "show me", "updated_at": NOW}],
        "signatures": [{"id": uuid.uuid4(), "assessment_id": FIRST, "kind": "practice",
                        "file_sha256": "a" * 64, "signer_name": "Dr A", "role": "",
                        "signed_at": NOW, "fingerprint": "f" * 64}],
    }


def _first_schema_engine(url: str) -> Engine:
    target = parse_target(url)
    if target.path is not None:
        create_private_file(target.path)
    return make_engine(target, migrations=True)


def make_first_schema_database(url: str) -> dict[str, int]:
    """A database at revision 0001, filled as an old version of the app would have left it."""
    engine = _first_schema_engine(url)
    rows = _rows()
    try:
        with engine.connect() as connection, connection.begin():
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            for name, values in rows.items():
                connection.execute(TABLES[name].insert(), values)
    finally:
        engine.dispose()
    return {name: len(values) for name, values in rows.items()}


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(parse_target(url), migrations=True)
    try:
        with engine.connect() as connection:
            return {name: connection.execute(
                text(f"SELECT count(*) FROM {name}")).scalar_one()  # noqa: S608
                for name in TABLES}
    finally:
        engine.dispose()


def test_upgrade_from_the_first_schema_keeps_every_row(db_url: str, open_db: OpenDb) -> None:
    expected = make_first_schema_database(db_url)
    db = open_db(db_url)
    assert db.upgraded_from == "0001" and db.revision == head_revision() == "0004"
    assert _counts(db_url) == expected  # children of the rebuilt table included

    first, second = str(FIRST), str(SECOND)
    assert db.get_assessment(first).answer_count == 5  # backfilled by the migration
    assert db.get_assessment(second).previous_id == first
    snapshot = db.load_snapshot(second)
    assert snapshot.values["AWR-01"] == ("phishing",)
    assert snapshot.answers["BAK-01"].note == "note BAK-01"
    assert snapshot.actions["BAK-01"].comment == "quote asked"
    assert len(db.answer_history(first)) == 5
    assert [s.kind.value for s in db.signatures(first)] == ["practice"]
    assert [r.id for r in db.list_assessments(status="signed").rows] == [first]
    # revision 0003: scores, counts and the reviewer computed by the app during the upgrade
    row = db.get_assessment(first)
    assert (row.asked, row.answered, row.reviewer) == (6, 5, "A. Auditor")  # SRV-01 open
    assert row.score is not None and row.score == db.get_assessment(second).score
    assert row.reviewed_score == row.score  # disputed without a proposal: same score
    review = db.review(first)
    assert review is not None and review.items["BAK-01"].status.value == "disputed"
    assert db.get_assessment(second).reviewer is None
    assert db.get_assessment(second).reviewed_score is None
    # revision 0004: the practices' name keys, computed by the app during the upgrade
    assert [r.practice_name for r in db.list_assessment_rows(
        AssessmentQuery(search="ANCIEN"))] == ["Cabinet Ancien", "Cabinet Ancien"]
    # the history is still append-only after the table next to it was rebuilt
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
        connection.execute(text("DELETE FROM answer_history"))
    # and the links are all there
    if db.path is not None:
        connection_ = sqlite3.connect(db.path)
        assert connection_.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection_.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection_.close()
        backups = list_backups(db.path)
        assert [b.label for b in backups] == ["before-upgrade"]


def test_a_migration_that_would_lose_rows_is_rolled_back(
        sqlite_url: str, open_db: OpenDb, monkeypatch: pytest.MonkeyPatch) -> None:
    make_first_schema_database(sqlite_url)
    real_upgrade = command.upgrade

    def losing_upgrade(config: object, revision: str) -> None:
        real_upgrade(config, revision)  # type: ignore[arg-type]
        config.attributes["connection"].execute(  # type: ignore[attr-defined]
            text("DELETE FROM action_items"))

    monkeypatch.setattr(__import__("alembic.command").command, "upgrade", losing_upgrade)
    with pytest.raises(StorageError, match=r"would lose records \(action_items\); nothing was "
                                           "changed"):
        open_db(sqlite_url)
    monkeypatch.undo()
    assert _counts(sqlite_url)["action_items"] == 2
    engine = make_engine(parse_target(sqlite_url), migrations=True)
    with engine.connect() as connection:
        assert migrate_module.read_state(connection).revision == "0001"
    engine.dispose()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_database_from_a_newer_version_is_refused_untouched(
        db_url: str, open_db: OpenDb, data_home: Path) -> None:
    open_db(db_url).close()
    engine = make_engine(parse_target(db_url), migrations=True)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    path = parse_target(db_url).path
    before = _sha256(path) if path else None
    with pytest.raises(DatabaseTooNewError) as caught:
        open_db(db_url)
    assert "created by a newer version of CyberCabinet" in str(caught.value)
    assert "Update the app" in str(caught.value)
    if path is not None:
        assert _sha256(path) == before
        assert not any(p.name.endswith(("-wal", "-shm")) for p in path.parent.iterdir())
        assert list_backups(path) == []  # not even backed up
    engine = make_engine(parse_target(db_url), migrations=True)
    with engine.connect() as connection:
        assert migrate_module.read_state(connection).revision == "0099"
    engine.dispose()


def test_a_database_of_another_program_is_refused(tmp_path: Path, open_db: OpenDb) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT)")
    connection.commit()
    connection.close()
    before = _sha256(path)
    with pytest.raises(ValidationError, match=r"not a CyberCabinet one .* patients"):
        open_db(str(path))
    assert _sha256(path) == before


def test_migrations_refuse_to_run_with_foreign_keys_on(sqlite_url: str) -> None:
    target = parse_target(sqlite_url)
    assert target.path is not None
    create_private_file(target.path)
    engine = make_engine(target)  # the application's engine: foreign keys ON
    with pytest.raises(StorageError, match="foreign keys OFF"):
        migrate_module.upgrade(engine, target)
    engine.dispose()


def test_revisions_read_from_the_files_agree_with_alembic() -> None:
    """Opening a database reads the revisions without importing Alembic: same answer."""
    scripts = migrate_module.script_directory()
    assert migrate_module.head_revision() == scripts.get_current_head()
    assert migrate_module.known_revisions() == {s.revision for s in scripts.walk_revisions()}
