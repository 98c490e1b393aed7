"""Backups: made on open with the online backup API, rotated, checked and restored atomically."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.errors import ValidationError
from app.storage import DatabaseCorruptError, DatabaseLockedError
from app.storage.backup import list_backups, newest_backup
from app.storage.database import backup_database, restore_database
from tests.storage.conftest import OpenDb


def _answer_count(backup: Path) -> int:
    connection = sqlite3.connect(backup)
    try:
        return int(connection.execute("SELECT count(*) FROM answers").fetchone()[0])
    finally:
        connection.close()


def test_a_backup_is_made_on_open_when_the_database_changed(tmp_path: Path,
                                                            open_db: OpenDb) -> None:
    path = tmp_path / "cabinet.sqlite3"
    db = open_db(str(path))
    assert db.created and db.last_backup is None  # nothing to back up yet
    assessment = db.create_assessment(db.create_practice("P").id, questionnaire_id="example")
    db.save_answer(assessment.id, "BAK-01", "yes")
    db.close()

    db = open_db(str(path))
    assert db.last_backup is not None and db.last_backup.parent.name == "backups"
    assert _answer_count(db.last_backup) == 1
    db.close()
    db = open_db(str(path))
    assert db.last_backup is None  # unchanged since the last backup
    db.close()
    db = open_db(str(path), backup=False)
    db.save_answer(assessment.id, "BAK-02", 2)
    db.close()
    assert open_db(str(path)).last_backup is not None


def test_a_backup_of_a_live_database_has_its_latest_commits(tmp_path: Path,
                                                            open_db: OpenDb) -> None:
    """The recent commits are in the WAL file, which a copy of the main file would miss."""
    path = tmp_path / "cabinet.sqlite3"
    db = open_db(str(path))
    assessment = db.create_assessment(db.create_practice("P").id, questionnaire_id="example")
    for question_id, value in [("BAK-01", "yes"), ("BAK-02", 3.0), ("AWR-01", "not_applicable")]:
        db.save_answer(assessment.id, question_id, value)
    assert (tmp_path / "cabinet.sqlite3-wal").stat().st_size > 0
    made = db.backup()
    assert _answer_count(made) == 3
    connection = sqlite3.connect(made)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file
    connection.close()
    # and from outside, while this instance has it open (`cybercabinet db backup`)
    assert _answer_count(backup_database(str(path))) == 3


def test_backups_are_rotated(tmp_path: Path, open_db: OpenDb) -> None:
    path = tmp_path / "cabinet.sqlite3"
    db = open_db(str(path), keep_backups=3)
    practice = db.create_practice("P")
    made = [db.backup() for _ in range(5)]
    db.close()
    kept = [b.path for b in list_backups(path)]
    assert kept == made[-3:]
    assert all(not p.exists() for p in made[:2])
    other = tmp_path / "other.sqlite3"  # another database's backups are not touched
    open_db(str(other), keep_backups=1).backup()
    assert [b.path for b in list_backups(path)] == made[-3:]
    assert practice.id


def test_restore_checks_backs_up_and_replaces(tmp_path: Path, open_db: OpenDb) -> None:
    path = tmp_path / "cabinet.sqlite3"
    db = open_db(str(path))
    assessment = db.create_assessment(db.create_practice("P").id, questionnaire_id="example")
    db.save_answer(assessment.id, "BAK-01", "yes", note="before")
    good = db.backup()
    db.save_answer(assessment.id, "BAK-01", "no", note="after")

    with pytest.raises(DatabaseLockedError):  # not while it is open
        restore_database(good, str(path))
    db.close()

    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"\0junk" * 1000)
    with pytest.raises(DatabaseCorruptError, match=r"The backup .* is damaged or is not a "
                                                   r"database"):
        restore_database(garbage, str(path))
    foreign = tmp_path / "foreign.sqlite3"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE t (x)")
    connection.close()
    with pytest.raises(ValidationError, match="is not a CyberCabinet database"):
        restore_database(foreign, str(path))

    restored, saved = restore_database(good, str(path))
    assert restored == good and saved is not None and saved.name.endswith(
        "-before-restore.sqlite3")
    assert _answer_count(saved) == 1
    db = open_db(str(path))
    assert db.load_snapshot(assessment.id).answers["BAK-01"].note == "before"
    db.close()
    # the replaced state can be restored in turn
    restore_database(saved, str(path))
    db = open_db(str(path))
    assert db.load_snapshot(assessment.id).answers["BAK-01"].note == "after"


def test_a_damaged_database_is_restored_from_the_newest_backup(tmp_path: Path,
                                                               open_db: OpenDb) -> None:
    path = tmp_path / "cabinet.sqlite3"
    db = open_db(str(path))
    assessment = db.create_assessment(db.create_practice("P").id, questionnaire_id="example")
    db.save_answer(assessment.id, "BAK-01", "partly")
    db.close()
    open_db(str(path)).close()  # backed up on open
    path.write_bytes(b"overwritten by something" * 100)
    with pytest.raises(DatabaseCorruptError) as caught:
        open_db(str(path))
    assert caught.value.backup == newest_backup(path)

    restored, saved = restore_database(None, str(path))  # the newest, as the message says
    assert restored == caught.value.backup
    assert saved is not None and saved.name.endswith("-damaged.sqlite3")
    assert saved.read_bytes().startswith(b"overwritten")  # kept for the curious
    assert newest_backup(path) == restored  # a damaged copy is never offered
    db = open_db(str(path))
    assert db.load_snapshot(assessment.id).values == {"BAK-01": "partly"}


def test_an_integrity_report_is_folded_onto_one_short_line() -> None:
    from app.storage.backup import one_line

    report = ["*** in database main ***\nOn tree page 3 cell 0: invalid page number 99",
              "row 1 missing from index ix_x"]
    assert one_line(report) == ("*** in database main *** On tree page 3 cell 0: invalid page "
                                "number 99 row 1 missing from index ix_x")
    assert len(one_line(["x " * 500])) == 300
