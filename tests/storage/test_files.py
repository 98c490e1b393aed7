"""Bad databases get a clear message and the way out, never a traceback or a half-written file."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import event

from app.errors import NotFoundError, ValidationError
from app.storage import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseUnavailableError,
    DiskFullError,
)
from app.storage.database import Database
from tests.storage.conftest import OpenDb


def filled(open_db: OpenDb, path: Path, count: int = 30) -> list[str]:
    db = open_db(str(path))
    practice = db.create_practice("Cabinet Dupont")
    ids = []
    for _ in range(count):
        assessment = db.create_assessment(practice.id, questionnaire_id="example")
        db.save_answer(assessment.id, "BAK-01", "yes", note="x" * 2000)
        ids.append(assessment.id)
    db.close()
    return ids


def test_new_files_are_private(tmp_path: Path, open_db: OpenDb, data_home: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = open_db(str(path))
    db.create_practice("P")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for sidecar in (tmp_path / "new.sqlite3-wal", tmp_path / "new.sqlite3-shm",
                    tmp_path / "new.sqlite3.lock"):
        assert stat.S_IMODE(sidecar.stat().st_mode) == 0o600, sidecar
    made = db.backup()
    assert made.parent == data_home / "backups"
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()
    with db.engine.connect() as connection_:
        assert connection_.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection_.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection_.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_a_garbage_file_is_not_a_database(tmp_path: Path, open_db: OpenDb) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"These are not the pages you are looking for.\n" * 200)
    before = path.read_bytes()
    with pytest.raises(DatabaseCorruptError) as caught:
        open_db(str(path))
    message = str(caught.value)
    assert "is damaged or is not a CyberCabinet database (file is not a database)" in message
    assert "cybercabinet db restore" in message
    assert path.read_bytes() == before


def test_a_truncated_file_names_the_newest_backup(tmp_path: Path, open_db: OpenDb) -> None:
    path = tmp_path / "cabinet.sqlite3"
    filled(open_db, path)
    Database.close(open_db(str(path)))  # changed since the first opening: backed up now
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DatabaseCorruptError) as caught:
        open_db(str(path))
    assert caught.value.backup is not None and caught.value.backup.exists()
    assert "malformed" in str(caught.value)
    assert f'cybercabinet db restore --db "{path}" "{caught.value.backup}"' in str(caught.value)


def test_a_read_only_file_is_refused_for_writing_and_readable_read_only(
        tmp_path: Path, open_db: OpenDb) -> None:
    path = tmp_path / "cabinet.sqlite3"
    ids = filled(open_db, path, count=2)
    path.chmod(0o400)
    try:
        with pytest.raises(DatabaseReadOnlyError, match=r"is read-only\. Make the file writable, "
                                                        r"or open it read-only"):
            open_db(str(path))
        reader = open_db(str(path), read_only=True)
        assert reader.load_snapshot(ids[0]).values == {"BAK-01": "yes"}
    finally:
        path.chmod(0o600)


def test_a_second_writer_is_told_and_a_reader_may_look(tmp_path: Path, open_db: OpenDb) -> None:
    path = tmp_path / "cabinet.sqlite3"
    writer = open_db(str(path))
    assessment = writer.create_assessment(writer.create_practice("P").id,
                                          questionnaire_id="example")
    with pytest.raises(DatabaseLockedError) as caught:
        open_db(str(path))
    assert f"The database {path} is already open in another CyberCabinet window" in str(
        caught.value)
    assert f"process {os.getpid()}" in str(caught.value)
    assert "open the database read-only" in str(caught.value)
    reader = open_db(str(path), read_only=True)
    writer.save_answer(assessment.id, "BAK-01", "no")
    assert reader.load_snapshot(assessment.id).values == {"BAK-01": "no"}  # sees commits
    writer.close()
    open_db(str(path)).close()  # the lock goes with the writer


def test_busy_database_is_a_clear_message(tmp_path: Path, open_db: OpenDb,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program (not CyberCabinet) holds SQLite's write lock longer than the timeout."""
    monkeypatch.setattr("app.storage.engine.BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "cabinet.sqlite3"
    db = open_db(str(path))
    assessment = db.create_assessment(db.create_practice("P").id, questionnaire_id="example")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        db.engine.dispose()  # new connections, with the short timeout
        with pytest.raises(DatabaseLockedError, match="is busy: another program is writing"):
            db.save_answer(assessment.id, "BAK-01", "yes")
    finally:
        other.execute("ROLLBACK")
        other.close()
    db.save_answer(assessment.id, "BAK-01", "yes")


def test_disk_full_loses_nothing_saved_before(tmp_path: Path, open_db: OpenDb) -> None:
    db = open_db(str(tmp_path / "cabinet.sqlite3"))
    assessment = db.create_assessment(db.create_practice("P").id, questionnaire_id="example")
    db.save_answer(assessment.id, "BAK-01", "yes", note="first")

    @event.listens_for(db.engine, "connect")
    def _no_room(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    db.engine.dispose()
    with pytest.raises(DiskFullError, match=r"is full\. Free some space"):
        db.save_answer(assessment.id, "BAK-01", "no", note="y" * 200_000)
    assert db.load_snapshot(assessment.id).answers["BAK-01"].note == "first"
    assert len(db.answer_history(assessment.id)) == 1  # no half-written state


def test_missing_folder_and_missing_file(tmp_path: Path, open_db: OpenDb) -> None:
    with pytest.raises(NotFoundError, match=r"The folder .*nowhere does not exist"):
        open_db(str(tmp_path / "nowhere" / "cabinet.sqlite3"))
    with pytest.raises(NotFoundError, match="There is no database at"):
        open_db(str(tmp_path / "absent.sqlite3"), read_only=True)
    assert not (tmp_path / "absent.sqlite3").exists()


@pytest.mark.parametrize(("url", "message"), [
    ("sqlite://", "needs a database file"),
    ("sqlite:///:memory:", "needs a database file"),
    ("mysql://u@h/db", "Unsupported database mysql"),
    ("postgresql+psycopg://nobody@127.0.0.1:9/none", "cannot be reached"),
])
def test_bad_urls(url: str, message: str, open_db: OpenDb) -> None:
    with pytest.raises((ValidationError, DatabaseUnavailableError), match=message):
        open_db(url)


def test_unreachable_server_hides_the_password(open_db: OpenDb) -> None:
    with pytest.raises(DatabaseUnavailableError) as caught:
        open_db("postgresql+psycopg://user:s3cret@127.0.0.1:9/cabinet")
    assert "s3cret" not in str(caught.value) and "***" in str(caught.value)
