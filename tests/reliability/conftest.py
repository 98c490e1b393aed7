"""Reliability fixtures: a real database, a real report, a real signature — made once.

The signed report is the app's own: an assessment of the example questionnaire answered and
completed through the storage facade, rendered by ``app.reporting`` and signed by a new identity
with ``sign_pdf`` (PAdES), exactly as ``cybercabinet report --sign`` does it.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE

SECRET_PASSPHRASE = "Zebra-Quartz-Passphrase-9431"
"""A recognisable identity passphrase: the log test looks for it."""


@dataclass(frozen=True)
class SignedReport:
    pdf: bytes
    unsigned: bytes
    certificate: Path
    identity: Path
    fingerprint: str


@pytest.fixture
def questionnaires(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example questionnaire is the only installed one (for the CLI and the facade)."""
    import app.domain.catalog as catalog

    folder = tmp_path / "questionnaires"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "example.yaml")
    monkeypatch.setattr(catalog, "questionnaires_dir", lambda: folder)
    return folder


def fill_assessment(url: str, folder: Path, *, note: str = "weekly only") -> str:
    """A completed assessment of the example questionnaire; its id."""
    from app.storage import open_database

    with open_database(url, questionnaires=folder) as db:
        practice = db.create_practice("Cabinet Dupont", country="CH")
        assessment = db.create_assessment(practice.id, questionnaire_id="example",
                                          language="en")
        for question, value in (("PRF-COUNTRY", "ch"), ("PRF-SERVER", "yes"),
                                ("BAK-01", "partly"), ("BAK-02", 1), ("SRV-01", "yes"),
                                ("SRV-02", "nobody"), ("AWR-01", ["phishing"])):
            db.save_answer(assessment.id, question, value, note=note, by="Dr Dupont")
        db.set_status(assessment.id, "completed")
        return assessment.id


@pytest.fixture(scope="session")
def signed_report(tmp_path_factory: pytest.TempPathFactory) -> SignedReport:
    from app.domain.loader import load_questionnaire
    from app.reporting.report import build_report
    from app.reporting.signatures import create_identity, load_identity, sign_pdf, verify_pdf
    from app.storage import open_database

    work = tmp_path_factory.mktemp("signed-report")
    folder = work / "questionnaires"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "example.yaml")
    url = str(work / "practice.sqlite3")
    assessment_id = fill_assessment(url, folder)
    with open_database(url, read_only=True, questionnaires=folder) as db:
        snapshot = db.load_snapshot(assessment_id)
    unsigned = build_report(snapshot, load_questionnaire(EXAMPLE), language="en")
    identity = create_identity(name="Dr Jeanne Dupont", role="Physician",
                               practice="Cabinet Dupont", email="jeanne@example.ch",
                               passphrase=SECRET_PASSPHRASE, path=work / "dupont.p12",
                               key_type="ec-p256")
    assert identity.path is not None
    pdf = sign_pdf(unsigned, load_identity(identity.path, SECRET_PASSPHRASE), "")
    report = verify_pdf(pdf)
    assert report.passed(require_trust=False)
    assert report.fingerprint == snapshot.fingerprint
    return SignedReport(pdf=pdf, unsigned=unsigned, certificate=identity.path.with_suffix(".pem"),
                        identity=identity.path, fingerprint=snapshot.fingerprint)


# --- the window, started as ``cybercabinet`` starts it ------------------------------------------

Shown = list[tuple[str, str, str]]


def message_boxes(monkeypatch: pytest.MonkeyPatch, answer: Any) -> Shown:
    """Replace QMessageBox's static dialogs by recorders that answer ``answer``."""
    from PySide6.QtWidgets import QMessageBox

    shown: Shown = []

    def box(kind: str) -> Any:
        def show(_parent: object, title: str, text: str, *_args: object,
                 **_kwargs: object) -> Any:
            shown.append((kind, title, text))
            return answer
        return staticmethod(show)

    for kind in ("warning", "critical", "question", "information"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))
    return shown


@contextlib.contextmanager
def isolated_crash_handler() -> Iterator[None]:
    """Let ``install_crash_handler`` run as at a start, then undo it: faulthandler off, its
    file closed, the previous hook and stream back (tests that start the window)."""
    import faulthandler
    import sys

    from app.gui import errors as gui_errors

    saved_hook, saved_stream = sys.excepthook, gui_errors._crash_stream
    gui_errors._crash_stream = None
    try:
        yield
    finally:
        faulthandler.disable()
        if gui_errors._crash_stream is not None:
            gui_errors._crash_stream.close()
        gui_errors._crash_stream = saved_stream
        sys.excepthook = saved_hook


@pytest.fixture
def window_run(monkeypatch: pytest.MonkeyPatch, qapp: Any) -> Iterator[list[Any]]:
    """``app.gui.application.run()`` without its event loop; the windows it made (and their
    stores) are collected. The crash handler it installs is undone afterwards."""
    from PySide6.QtWidgets import QApplication

    from app.gui import main_window
    from app.gui.settings import AppSettings

    AppSettings().language = "en"
    monkeypatch.setattr(QApplication, "exec", lambda _self: 0)
    windows: list[Any] = []
    original = main_window.MainWindow._attach

    def record(self: Any, store: Any, *args: Any, **kwargs: Any) -> None:
        original(self, store, *args, **kwargs)
        windows.append((self, store))  # a window that got a store: a database was opened

    monkeypatch.setattr(main_window.MainWindow, "_attach", record)
    with isolated_crash_handler():
        yield windows
        for window, _store in windows:
            window.close()
            window.deleteLater()


@pytest.fixture
def no_db_passphrase(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No database passphrase from the environment or an earlier test, before and after."""
    from app.storage import sqlcipher

    monkeypatch.delenv(sqlcipher.ENVIRONMENT_VARIABLE, raising=False)
    sqlcipher.set_passphrase(None)
    yield
    sqlcipher.set_passphrase(None)
