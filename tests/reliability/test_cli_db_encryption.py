"""``cybercabinet db encrypt|decrypt|passphrase``: what a practice's IT provider types.

Real files in the test's data folder, the real CLI (``app.cli.main.main``), SQLCipher.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.cli.main import main
from app.storage import sqlcipher
from tests.conftest import require_module

require_module("sqlcipher3", "pip install 'cybercabinet[encryption]'")
pytestmark = pytest.mark.usefixtures("no_db_passphrase")

FIRST = "Lynx-Harbour-Passphrase-6120"
SECOND = "Heron-Quay-Passphrase-0417"
PRACTICE = "Cabinet Rossi"


@pytest.fixture(autouse=True)
def passphrases_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIRST", FIRST)
    monkeypatch.setenv("SECOND", SECOND)


@pytest.fixture
def database(data_home: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The default database with a practice and one backup."""
    assert main(["practice", "add", PRACTICE]) == 0
    assert main(["db", "backup"]) == 0
    capsys.readouterr()
    return data_home / "cybercabinet.sqlite3"


def _files(database: Path) -> list[Path]:
    return [database, *sorted((database.parent / "backups").iterdir())]


def _readable(path: Path) -> bool:
    return PRACTICE.encode() in path.read_bytes() or path.read_bytes().startswith(b"SQLite")


def test_encrypt_protects_the_database_and_its_backups(
        database: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert all(_readable(path) for path in _files(database))
    assert main(["db", "encrypt", "--passphrase-env", "FIRST"]) == 0
    out = capsys.readouterr().out
    assert "is now encrypted" in out and "Backups converted with it: 1." in out
    assert not any(_readable(path) for path in _files(database))

    assert main(["practice", "list"]) == 2
    assert "is encrypted with a passphrase" in capsys.readouterr().err
    monkeypatch.setenv(sqlcipher.ENVIRONMENT_VARIABLE, FIRST)
    assert main(["practice", "list"]) == 0
    assert PRACTICE in capsys.readouterr().out


def test_change_then_decrypt_keeps_every_row(
        database: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["db", "encrypt", "--passphrase-env", "FIRST"]) == 0
    assert main(["db", "passphrase", "--passphrase-env", "FIRST",
                 "--new-passphrase-env", "SECOND"]) == 0
    assert "the passphrase was changed" in capsys.readouterr().out

    monkeypatch.setenv(sqlcipher.ENVIRONMENT_VARIABLE, FIRST)
    assert main(["practice", "list"]) == 2
    assert "passphrase does not open the database" in capsys.readouterr().err
    monkeypatch.setenv(sqlcipher.ENVIRONMENT_VARIABLE, SECOND)
    assert main(["db", "decrypt"]) == 0  # the current one from the environment variable
    assert "no longer encrypted" in capsys.readouterr().out
    assert sqlcipher.ENVIRONMENT_VARIABLE not in os.environ  # taken out when it was read
    sqlcipher.set_passphrase(None)
    assert all(_readable(path) for path in _files(database))
    assert main(["practice", "list"]) == 0
    assert PRACTICE in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "message"), [
    (["db", "encrypt"], "No terminal to ask for the passphrase"),
    (["db", "encrypt", "--passphrase-env", "UNSET_VARIABLE"], "is not set or empty"),
    (["db", "decrypt", "--passphrase-env", "FIRST"], "is not encrypted"),
    (["db", "passphrase", "--passphrase-env", "FIRST", "--new-passphrase-env", "SECOND"],
     "is not encrypted"),
    (["db", "encrypt", "--passphrase-env", "FIRST", "--db", "postgresql://host/db"],
     "Only a SQLite database"),
])
def test_bad_requests_change_nothing(database: Path, argv: list[str], message: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = {path: path.read_bytes() for path in _files(database)}
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert {path: path.read_bytes() for path in _files(database)} == before


def test_a_wrong_current_passphrase_changes_nothing(
        database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "encrypt", "--passphrase-env", "FIRST"]) == 0
    before = {path: path.read_bytes() for path in _files(database)}
    assert main(["db", "decrypt", "--passphrase-env", "SECOND"]) == 2
    assert "passphrase does not open the database" in capsys.readouterr().err
    assert {path: path.read_bytes() for path in _files(database)} == before


def test_not_while_the_window_has_it_open(database: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from app.storage import open_database

    with open_database(str(database), backup=False):
        assert main(["db", "encrypt", "--passphrase-env", "FIRST"]) == 2
    assert "already open" in capsys.readouterr().err
    assert _readable(database)
