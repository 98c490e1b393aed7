"""The database encrypted with a passphrase (SQLCipher): nothing readable on disk without it,
a clear message without it or with a wrong one, and nothing lost by converting.

Skipped when ``sqlcipher3`` is not installed (it is in the ``test`` extra); a failure with
``CI=true`` (``tests.conftest.require``).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.storage import DatabaseLockedError, open_database, restore_database, sqlcipher
from app.storage.encryption import change_passphrase, decrypt_database, encrypt_database
from tests.conftest import EXAMPLE, require_module
from tests.reliability.conftest import fill_assessment, message_boxes

require_module("sqlcipher3", "pip install 'cybercabinet[encryption]'")
pytestmark = pytest.mark.usefixtures("no_db_passphrase")

PASSPHRASE = "Lynx-Harbour-Passphrase-6120"
NOTE = "SECRET-NOTE-the-backup-disk-is-in-the-drawer"
PRACTICE = "Cabinet Dupont"




def _all_bytes(path: Path, data_home: Path) -> dict[str, bytes]:
    files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
    files += list((data_home / "backups").glob("*"))
    return {str(p): p.read_bytes() for p in files if p.is_file()}


def _plain_text_in(files: dict[str, bytes]) -> list[str]:
    needles = (NOTE.encode(), PRACTICE.encode(), b"SQLite format 3", b"answer_history")
    return [f"{name}: {needle!r}" for name, data in files.items() for needle in needles
            if needle in data and not name.endswith(".lock")]


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A filled plain database and its encrypted copy, made once (the key derivation is slow on
    purpose); tests work on copies. Made in a data folder of their own."""
    import os
    import shutil

    work = tmp_path_factory.mktemp("encryption-templates")
    folder = work / "questionnaires"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "example.yaml")
    saved = os.environ.get("CYBERCABINET_HOME")
    os.environ["CYBERCABINET_HOME"] = str(work / "home")
    try:
        plain = work / "plain.sqlite3"
        assessment = fill_assessment(str(plain), folder, note=NOTE)
        encrypted = work / "encrypted.sqlite3"
        shutil.copy(plain, encrypted)
        encrypt_database(encrypted, PASSPHRASE)
    finally:
        if saved is None:
            del os.environ["CYBERCABINET_HOME"]
        else:
            os.environ["CYBERCABINET_HOME"] = saved
    return plain, encrypted, assessment


@pytest.fixture
def encrypted(templates: tuple[Path, Path, str], tmp_path: Path) -> tuple[Path, str]:
    """An encrypted database (without backups)."""
    import shutil

    path = tmp_path / "practice.sqlite3"
    shutil.copy(templates[1], path)
    return path, templates[2]


@pytest.fixture
def encrypted_with_backups(templates: tuple[Path, Path, str], tmp_path: Path,
                           questionnaires: Path, data_home: Path) -> tuple[Path, str]:
    """A plain database with a backup, then encrypted: the backup is converted too."""
    import shutil

    path = tmp_path / "practice.sqlite3"
    shutil.copy(templates[0], path)
    with open_database(str(path), questionnaires=questionnaires) as db:
        db.backup()
    assert _plain_text_in(_all_bytes(path, data_home))  # plain before
    conversion = encrypt_database(path, PASSPHRASE)
    assert len(conversion.backups_converted) >= 1 and conversion.backups_left == []
    return path, templates[2]


def test_nothing_is_readable_on_disk_without_the_passphrase(
        encrypted_with_backups: tuple[Path, str], data_home: Path, questionnaires: Path) -> None:
    path, assessment = encrypted_with_backups
    assert _plain_text_in(_all_bytes(path, data_home)) == []
    sqlcipher.set_passphrase(PASSPHRASE)
    with open_database(str(path), questionnaires=questionnaires, backup=False) as db:
        assert db.load_snapshot(assessment).answers["BAK-01"].note == NOTE
        db.create_practice("Cabinet " + NOTE)  # a new row, through the WAL
        assert _plain_text_in(_all_bytes(path, data_home)) == []  # the live WAL too
    for backup in (data_home / "backups").iterdir():  # the converted backups open
        with open_database(str(backup), read_only=True, questionnaires=questionnaires) as db:
            assert db.load_snapshot(assessment).answers["BAK-01"].note == NOTE


@pytest.mark.parametrize(("passphrase", "message"), [
    (None, "is encrypted with a passphrase"),
    ("not-the-passphrase", "The passphrase does not open the database"),
])
def test_without_or_with_a_wrong_passphrase_one_clear_line(
        encrypted: tuple[Path, str], passphrase: str | None, message: str,
        monkeypatch: pytest.MonkeyPatch, data_home: Path,
        capfd: pytest.CaptureFixture[str]) -> None:
    path, _assessment = encrypted
    if passphrase:
        monkeypatch.setenv(sqlcipher.ENVIRONMENT_VARIABLE, passphrase)
    before = _all_bytes(path, data_home)
    for command in (["practice", "list"], ["practice", "add", "X"], ["db", "backup"]):
        code = main([*command, "--db", str(path)])
        out, err = capfd.readouterr()  # file descriptors: SQLCipher's own logging included
        assert code == 2, (command, out, err)
        assert err.startswith("cybercabinet: error: ") and len(err.splitlines()) == 1, err
        assert message in err and "damaged" not in err, err
        after = _all_bytes(path, data_home)
        assert {k: v for k, v in after.items() if not k.endswith(("-shm", "-wal", ".lock"))} \
            == {k: v for k, v in before.items() if not k.endswith(("-shm", "-wal", ".lock"))}


def test_scripts_give_it_in_the_environment(encrypted: tuple[Path, str], questionnaires: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path, assessment = encrypted
    monkeypatch.setenv(sqlcipher.ENVIRONMENT_VARIABLE, PASSPHRASE)
    assert main(["assessment", "show", assessment, "--json", "--db", str(path)]) == 0
    assert NOTE in capsys.readouterr().out


def test_change_the_passphrase_then_decrypt(encrypted_with_backups: tuple[Path, str],
                                            data_home: Path, questionnaires: Path) -> None:
    path, assessment = encrypted_with_backups
    change_passphrase(path, PASSPHRASE, "A-new-passphrase-2027")
    sqlcipher.set_passphrase(PASSPHRASE)
    with pytest.raises(sqlcipher.WrongDatabasePassphraseError):
        open_database(str(path), read_only=True, questionnaires=questionnaires)
    sqlcipher.set_passphrase("A-new-passphrase-2027")
    with open_database(str(path), read_only=True, questionnaires=questionnaires) as db:
        assert db.load_snapshot(assessment).answers["BAK-01"].note == NOTE
    conversion = decrypt_database(path, "A-new-passphrase-2027")
    assert conversion.backups_converted and sqlcipher.is_plain(path)
    sqlcipher.set_passphrase(None)
    with open_database(str(path), questionnaires=questionnaires) as db:
        assert db.load_snapshot(assessment).answers["BAK-01"].note == NOTE


def test_a_wrong_passphrase_converts_nothing(encrypted: tuple[Path, str],
                                            data_home: Path) -> None:
    path, _assessment = encrypted
    before = _all_bytes(path, data_home)
    with pytest.raises(sqlcipher.WrongDatabasePassphraseError):
        decrypt_database(path, "wrong")
    after = _all_bytes(path, data_home)
    assert {k: v for k, v in after.items() if not k.endswith(".lock")} == \
        {k: v for k, v in before.items() if not k.endswith(".lock")}


def test_an_open_database_is_not_converted(tmp_path: Path, questionnaires: Path) -> None:
    path = tmp_path / "practice.sqlite3"
    fill_assessment(str(path), questionnaires)
    with open_database(str(path), questionnaires=questionnaires), \
            pytest.raises(DatabaseLockedError):
        encrypt_database(path, PASSPHRASE)
    assert sqlcipher.is_plain(path)


def test_a_new_database_is_encrypted_from_the_start(tmp_path: Path, questionnaires: Path,
                                                    data_home: Path) -> None:
    sqlcipher.set_passphrase(PASSPHRASE)
    path = tmp_path / "new.sqlite3"
    assessment = fill_assessment(str(path), questionnaires, note=NOTE)
    assert not sqlcipher.is_plain(path)
    assert _plain_text_in(_all_bytes(path, data_home)) == []
    with open_database(str(path), read_only=True, questionnaires=questionnaires) as db:
        assert db.load_snapshot(assessment).answers["BAK-01"].note == NOTE


def test_an_encrypted_save_costs_little_more_cpu_than_a_plain_one(
        tmp_path: Path, questionnaires: Path) -> None:
    """save_answer on an encrypted and on a plain database, in the same run and in CPU time
    (``process_time``, which other processes on a busy machine inflate far less than the wall
    time); the best of three batches of 20. Pages are encrypted as they are written: about 1.5x
    here. A key derived again for a save (PBKDF2, a tenth of a second of CPU) would make it tens
    of times dearer. The milliseconds quoted in docs/security.md are measured by hand."""
    cpu: dict[str, float] = {}
    for name, passphrase in (("plain", None), ("encrypted", PASSPHRASE)):
        sqlcipher.set_passphrase(passphrase)
        path = tmp_path / f"{name}.sqlite3"
        assessment = fill_assessment(str(path), questionnaires)
        with open_database(str(path), questionnaires=questionnaires, backup=False) as db:
            db.save_answer(assessment, "BAK-01", "yes", note="warm-up")
            batches = []
            for batch in range(3):
                start = time.process_time()
                for index in range(20):
                    db.save_answer(assessment, "BAK-01", ["yes", "no"][index % 2],
                                   note=f"{batch}-{index}")
                batches.append(time.process_time() - start)
            cpu[name] = min(batches)
    assert cpu["encrypted"] < 4 * cpu["plain"], {k: f"{v * 1000:.1f} ms" for k, v in cpu.items()}


def test_backups_and_restores_stay_encrypted(encrypted: tuple[Path, str],
                                             questionnaires: Path, data_home: Path) -> None:
    path, assessment = encrypted
    sqlcipher.set_passphrase(PASSPHRASE)
    with open_database(str(path), questionnaires=questionnaires) as db:  # backup on open
        made = db.backup()
        db.save_answer(assessment, "BAK-01", "no", note="after the backup")
    assert not sqlcipher.is_plain(made)
    assert _plain_text_in(_all_bytes(path, data_home)) == []
    restore_database(made, str(path))
    assert not sqlcipher.is_plain(path)
    assert _plain_text_in(_all_bytes(path, data_home)) == []
    with open_database(str(path), questionnaires=questionnaires) as db:
        answer = db.load_snapshot(assessment).answers["BAK-01"]
    assert answer.note == NOTE  # the backup's answer, not the later one


# --- one keyed connection, the passphrase out of the environment ---------------------------


def _count_keyed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files SQLCipher is given a key for (each time: PBKDF2, 256,000 rounds)."""
    keyed: list[str] = []
    real = sqlcipher._keyed

    def counted(path: Path, key: str, **kwargs: Any) -> Any:
        keyed.append(path.name)
        return real(path, key, **kwargs)

    monkeypatch.setattr(sqlcipher, "_keyed", counted)
    return keyed


def test_an_opening_derives_the_key_once(encrypted: tuple[Path, str], questionnaires: Path,
                                         data_home: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Health check, schema version, backup, WAL and the open database's pool: one connection
    (and one for the backup's new file, which has its own salt); SQLCipher's own PRAGMA key."""
    path, assessment = encrypted
    sqlcipher.set_passphrase(PASSPHRASE)
    keyed = _count_keyed(monkeypatch)
    with open_database(str(path), questionnaires=questionnaires) as db:  # backs it up first
        assert len(keyed) == 2 and keyed[0] == path.name, keyed
        assert keyed[1].endswith(".partial")
        db.save_answer(assessment, "BAK-01", "no", note="saved on the kept connection")
        assert db.load_snapshot(assessment).answers["BAK-01"].note == \
            "saved on the kept connection"
        assert len(keyed) == 2, keyed
    with open_database(str(path), read_only=True, questionnaires=questionnaires) as db:
        db.load_snapshot(assessment)
    assert len(keyed) == 3, keyed  # read-only: one more, no backup


def test_a_connection_in_use_is_not_lent_and_all_are_closed_after(
        encrypted: tuple[Path, str]) -> None:
    path, _assessment = encrypted
    with sqlcipher.one_keyed_connection(path):
        first = sqlcipher.connect(path, PASSPHRASE, read_only=False, timeout=5)
        second = sqlcipher.connect(path, PASSPHRASE, read_only=False, timeout=5)
        assert first._connection is not second._connection
        real = first._connection
        first.close()
        again = sqlcipher.connect(path, PASSPHRASE, read_only=False, timeout=5)
        assert again._connection is real
        again.execute("BEGIN")
        again.close()  # handed on without its transaction
        taken = sqlcipher.connect(path, PASSPHRASE, read_only=False, timeout=5)
        assert not taken.in_transaction
        taken.close()
        second.close()  # the slot is taken: really closed
    with pytest.raises(sqlcipher.dbapi().ProgrammingError):
        real.execute("SELECT 1")  # the one left at the end is closed too
    outside = sqlcipher.connect(path, PASSPHRASE, read_only=False, timeout=5)
    assert not isinstance(outside, sqlcipher._Lent)
    outside.close()


def test_the_environment_variable_is_taken_out_once_read(
        encrypted: tuple[Path, str], questionnaires: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import subprocess
    import sys

    path, assessment = encrypted
    monkeypatch.setenv(sqlcipher.ENVIRONMENT_VARIABLE, PASSPHRASE)
    with open_database(str(path), questionnaires=questionnaires) as db:
        assert sqlcipher.ENVIRONMENT_VARIABLE not in os.environ
        assert db.load_snapshot(assessment).answers["BAK-01"].note == NOTE
    with open_database(str(path), read_only=True, questionnaires=questionnaires) as db:
        db.load_snapshot(assessment)  # the process still has it
    script = f"import os; print(os.environ.get({sqlcipher.ENVIRONMENT_VARIABLE!r}))"
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True, timeout=60)
    assert child.stdout.strip() == "None"  # a process started now does not inherit it
    sqlcipher.set_passphrase(None)  # forgets it
    assert sqlcipher.configured_passphrase() is None


# --- the window ------------------------------------------------------------------------------


@pytest.mark.gui
@pytest.mark.parametrize("typed", [[PASSPHRASE], ["wrong-1", PASSPHRASE], ["w1", "w2", "w3"],
                                   [None]])
def test_the_window_asks_for_the_passphrase(
        typed: list[str | None], encrypted: tuple[Path, str], questionnaires: Path,
        monkeypatch: pytest.MonkeyPatch, window_run: list[Any]) -> None:
    """Three tries; a wrong one is said in the next question; cancel opens nothing."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from app.gui.application import run

    path, assessment = encrypted
    shown = message_boxes(monkeypatch, QMessageBox.StandardButton.Ok)
    asked: list[str] = []
    answers = iter(typed)

    def get_text(_parent: object, title: str, text: str, *_args: object,
                 **_kwargs: object) -> tuple[str, bool]:
        asked.append(text)
        answer = next(answers)
        return (answer or "", answer is not None)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    code = run(str(path))
    assert "is encrypted with a passphrase" in asked[0]
    if typed[-1] == PASSPHRASE:
        assert code == 0
        ((_window, store),) = window_run
        assert store.load_snapshot(assessment).answers["BAK-01"].note == NOTE
        assert all("The passphrase does not open" in text for text in asked[1:])
        assert shown == []
    else:
        assert code == 2 and window_run == []
        assert len(asked) == len(typed)
        if len(typed) == 3:  # three wrong ones: said once more, then nothing opens
            assert [k for k, _t, _x in shown] == ["warning"]
            assert "The passphrase does not open" in shown[0][2]
    assert "Traceback" not in " ".join(text for _k, _t, text in shown)
