"""Logs: in the data folder, rotated, private, and never a secret in them.

The flows that handle secrets run with recognisable ones — an identity passphrase (right and
wrong), answer notes and evidence, a database password in a URL — including the paths that log
a traceback (an unexpected database error while saving a note, a bug shown by the window).
Then every file of the logs folder is searched for them.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.logs import BACKUP_COUNT, MAX_BYTES, configure_logging, log_file, mask_secrets
from app.paths import logs_dir
from tests.reliability.conftest import SECRET_PASSPHRASE

SECRET_NOTE = "NOTE-Kestrel-7781-the-server-password-is-under-the-keyboard"
SECRET_EVIDENCE = "EVIDENCE-Marmot-4402"
WRONG_PASSPHRASE = "Wrong-Heron-Passphrase-5519"
DB_PASSWORD = "PgSecret-Osprey-2203"
SECRETS = (SECRET_PASSPHRASE, SECRET_NOTE, SECRET_EVIDENCE, WRONG_PASSPHRASE, DB_PASSWORD)


@pytest.fixture
def fresh_logging(data_home: Path) -> Iterator[Path]:
    """The app's logging set up afresh in this test's data folder (it is once per process)."""
    logger = logging.getLogger("cybercabinet")
    saved = (list(logger.handlers), logger.level)
    for handler in saved[0]:
        logger.removeHandler(handler)
    path = configure_logging(logging.DEBUG)
    yield path
    for handler in list(logger.handlers):
        handler.close()
        logger.removeHandler(handler)
    for handler in saved[0]:
        logger.addHandler(handler)
    logger.setLevel(saved[1])


def _logged_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted(logs_dir().iterdir()) if p.is_file())


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_no_secret_reaches_the_logs(fresh_logging: Path, questionnaires: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(tmp_path / "practice.sqlite3")]
    monkeypatch.setenv("CC_GOOD", SECRET_PASSPHRASE)
    monkeypatch.setenv("CC_WRONG", WRONG_PASSPHRASE)
    code, _out, err = _run(capsys, "identity", "create", "--name", "Dr Log Test", "--role",
                          "Physician", "--practice", "Cabinet Log", "--email", "log@example.ch",
                          "--passphrase-env", "CC_GOOD", "--json")
    assert code == 0, err
    identity = next(p for p in (logs_dir().parent / "identities").glob("*.p12"))
    code, practice, err = _run(capsys, "practice", "add", "Cabinet Log", *db)
    assert code == 0, err
    code, assessment, err = _run(capsys, "assessment", "new", practice.strip(),
                                 "--questionnaire", "example", "--language", "en", *db)
    assessment = assessment.strip()
    for question, value in (("PRF-COUNTRY", "ch"), ("PRF-SERVER", "yes"), ("BAK-01", "partly"),
                            ("BAK-02", "1"), ("SRV-01", "yes"), ("SRV-02", "nobody"),
                            ("AWR-01", "phishing")):
        code, _out, err = _run(capsys, "assessment", "answer", assessment, question, value,
                               "--note", SECRET_NOTE, "--evidence", SECRET_EVIDENCE, *db)
        assert code == 0, err
    code, _out, err = _run(capsys, "assessment", "answer", assessment, "BAK-01", "maybe",
                           "--note", SECRET_NOTE, *db)
    assert code == 2  # refused value: an error path
    # A bug while saving a note: the database refuses the row with an error the app does not
    # expect, so it is logged with its traceback — which must carry the SQL, not the note.
    connection = sqlite3.connect(db[1])
    with connection:
        connection.execute("CREATE TRIGGER fail_on_purpose BEFORE UPDATE ON answers "
                           "BEGIN SELECT RAISE(ABORT, 'failing on purpose'); END")
    connection.close()
    code, _out, err = _run(capsys, "assessment", "answer", assessment, "BAK-01", "no",
                           "--note", SECRET_NOTE + "-2", *db)
    assert code == 2 and "internal error" in err

    # The window's error dialog for a bug logs it too (with the same kind of error).
    _show_a_bug_in_the_window(db[1], assessment, questionnaires)
    code, _out, err = _run(capsys, "assessment", "complete", assessment, *db)
    assert code == 0, err
    pdf = tmp_path / "signed.pdf"
    code, _out, err = _run(capsys, "report", assessment, "-o", str(pdf), "--sign",
                           str(identity), "--passphrase-env", "CC_WRONG", *db)
    assert code == 2 and not pdf.exists()  # wrong passphrase
    code, _out, err = _run(capsys, "report", assessment, "-o", str(pdf), "--sign",
                           str(identity), "--passphrase-env", "CC_GOOD", *db)
    assert code == 0, err
    assert _run(capsys, "verify", str(pdf), *db)[0] == 0
    url = f"postgresql+psycopg://cabinet:{DB_PASSWORD}@127.0.0.1:9/cabinet"
    code, _out, err = _run(capsys, "practice", "list", "--db", url)
    assert code == 2 and DB_PASSWORD not in err

    logging.getLogger("cybercabinet.test").info("user typed passphrase=%s and token: %s",
                                                SECRET_PASSPHRASE, WRONG_PASSPHRASE)

    text = _logged_text()
    assert "failing on purpose" in text and "Traceback" in text, "the bug was not logged"
    assert "SQL parameters hidden" in text
    leaked = [secret for secret in SECRETS if secret in text]
    assert leaked == [], f"secrets in {logs_dir()}: {leaked}"


def _show_a_bug_in_the_window(url: str, assessment: str, questionnaires: Path) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.gui.errors import show_error
    from app.storage import open_database

    QApplication.instance() or QApplication([])
    original = QMessageBox.critical
    QMessageBox.critical = staticmethod(  # type: ignore[method-assign]
        lambda *_args, **_kwargs: QMessageBox.StandardButton.Close)
    try:
        with open_database(url, questionnaires=questionnaires) as db:
            try:
                db.save_answer(assessment, "BAK-01", "yes", note=SECRET_NOTE + "-gui")
            except Exception as error:  # the unexpected error the window would get
                show_error(None, error)
            else:  # pragma: no cover
                raise AssertionError("the trigger did not fire")
    finally:
        QMessageBox.critical = original  # type: ignore[method-assign]


def test_masking_covers_messages_and_tracebacks() -> None:
    assert mask_secrets("passphrase=abc def") == "passphrase=*** def"
    assert mask_secrets("Mot de passe : hunter2") == "Mot de passe : ***"
    assert mask_secrets("Passwort: x1") == "Passwort: ***"
    assert mask_secrets("postgresql+psycopg://u:p4ss@db/x") == "postgresql+psycopg://u:***@db/x"
    assert mask_secrets("nothing secret here") == "nothing secret here"


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_logs_rotate_and_stay_private(fresh_logging: Path) -> None:
    os.umask(0o000)  # the worst umask: files would be created world-writable
    try:
        log = logging.getLogger("cybercabinet.test")
        line = "x" * 1000
        for _ in range((BACKUP_COUNT + 2) * MAX_BYTES // 1000):
            log.info(line)
    finally:
        os.umask(0o022)
    files = sorted(logs_dir().glob("cybercabinet.log*"))
    assert log_file() in files
    assert len(files) == BACKUP_COUNT + 1, files  # the current one and five rotated copies
    assert all(p.stat().st_size <= MAX_BYTES + 2000 for p in files)
    for path in [*files, logs_dir()]:
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_the_error_dialog_offers_the_log_folder_never_a_traceback(
        qapp: object, monkeypatch: pytest.MonkeyPatch, fresh_logging: Path) -> None:
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    from app.gui import errors

    shown: list[tuple[str, str, Any]] = []
    opened: list[str] = []

    def critical(_parent: object, title: str, text: str, buttons: Any = None,
                 default: Any = None) -> QMessageBox.StandardButton:
        shown.append((title, text, buttons))
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "critical", staticmethod(critical))
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    try:
        {}["missing"]  # a bug, on purpose
    except KeyError as error:
        errors.show_error(None, error)
    ((title, text, buttons),) = shown
    assert title == "Unexpected error"
    assert "Traceback" not in text and "KeyError" not in text and "missing" not in text
    assert str(log_file()) in text and "Open the folder with the details?" in text
    assert buttons & QMessageBox.StandardButton.Open
    assert opened == [str(logs_dir())]
    assert "Traceback" in log_file().read_text(encoding="utf-8")  # the details are logged
