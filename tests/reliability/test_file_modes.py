"""Data at rest: every file the app creates is readable by the user only (POSIX modes).

Run with the most permissive umask (000), so that nothing depends on the user's: the data folder
and its subfolders 0700; the database, its -wal/-shm and lock files, backups, restored copies,
logs, the crash log, identities and exported reports 0600. (On Windows the data folder is under
the user's profile, whose access list already excludes other users: docs/security.md.)
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.main import main
from tests.reliability.conftest import SECRET_PASSPHRASE, isolated_crash_handler

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(previous)


def test_the_data_folder_and_everything_in_it_is_private(
        tmp_path: Path, data_home: Path, questionnaires: Path, open_umask: None,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "fresh-home"  # created by the app itself
    monkeypatch.setenv("CYBERCABINET_HOME", str(home))
    monkeypatch.setenv("CC_PASSPHRASE", SECRET_PASSPHRASE)
    assert main(["practice", "add", "Cabinet Privé"]) == 0  # the default database
    practice = capsys.readouterr().out.strip()
    assert main(["assessment", "new", practice, "--questionnaire", "example"]) == 0
    assessment = capsys.readouterr().out.strip()
    for question, value in (("PRF-COUNTRY", "ch"), ("PRF-SERVER", "no"), ("BAK-01", "no"),
                            ("BAK-02", "0"), ("AWR-01", "none")):
        assert main(["assessment", "answer", assessment, question, value]) == 0
    assert main(["assessment", "complete", assessment]) == 0
    assert main(["db", "backup"]) == 0
    assert main(["identity", "create", "--name", "Dr Privé", "--role", "Physician",
                 "--practice", "Cabinet Privé", "--email", "p@example.ch",
                 "--passphrase-env", "CC_PASSPHRASE"]) == 0
    identity = next((home / "identities").glob("*.p12"))
    exports = tmp_path / "exports"
    exports.mkdir(mode=0o755)
    assert main(["report", assessment, "-o", str(exports / "plan.pdf"), "--actions-csv",
                 str(exports / "plan.csv")]) == 0
    assert main(["report", assessment, "-o", str(exports / "signed.pdf"), "--sign",
                 str(identity), "--passphrase-env", "CC_PASSPHRASE"]) == 0
    assert main(["db", "restore"]) == 0  # the restored database, and the copy set aside
    capsys.readouterr()
    _crash_log()

    database = home / "cybercabinet.sqlite3"
    folders = [home, home / "backups", home / "logs", home / "identities"]
    files = [database, database.with_name(database.name + ".lock"),
             *(home / "backups").iterdir(), *(home / "logs").iterdir(), identity,
             exports / "plan.pdf", exports / "plan.csv", exports / "signed.pdf"]
    assert len(list((home / "backups").iterdir())) >= 2
    for folder in folders:
        assert mode(folder) == 0o700, folder
    for path in files:
        assert mode(path) == 0o600, path
    from app.storage import open_database

    with open_database(str(database)) as db:  # the live WAL files
        db.create_practice("Cabinet Deux")
        for sidecar in ("-wal", "-shm"):
            assert mode(database.with_name(database.name + sidecar)) == 0o600


def _crash_log() -> None:
    """The window's crash log (faulthandler's file)."""
    from app.gui import errors

    with isolated_crash_handler():
        errors.install_crash_handler()


def test_a_countersigned_report_is_private(tmp_path: Path, open_umask: None) -> None:
    from app.cli.countersign import write_output

    target = tmp_path / "countersigned.pdf"
    write_output(target, b"%PDF-1.7\n")
    assert mode(target) == 0o600


def test_a_report_exported_by_the_window_is_private(tmp_path: Path, open_umask: None) -> None:
    from app.gui.report_actions import write_file

    target = tmp_path / "report.pdf"
    write_file(target, b"%PDF-1.7\n")
    assert mode(target) == 0o600
