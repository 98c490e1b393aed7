"""Export and signing: the buttons ask their questions, the work runs off the UI thread, a
PDF lands where the person chose; errors come back as one dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain.assessment import AssessmentStatus
from app.errors import CyberCabinetError
from app.gui import report_actions
from app.gui.main_window import MainWindow, Page
from app.gui.report_dialogs import ExportDialog, SignDialog, SignRequest
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import fill_example, page_of, session_of

pytestmark = pytest.mark.gui

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def save_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    return target


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []

    def box(kind: str) -> Any:
        def show(_parent: object, _title: str, text: str, *_args: object,
                 **_kwargs: object) -> QMessageBox.StandardButton:
            shown.append((kind, text))
            return QMessageBox.StandardButton.Ok
        return staticmethod(show)

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))
    return shown


def _button(window: MainWindow, text: str) -> QPushButton:
    return next(b for b in window.findChildren(QPushButton)
                if b.text() == text and b.isVisible())


def test_export_writes_a_pdf_off_the_ui_thread(qtbot: QtBot, open_window: WindowFactory,
                                               save_to: Path, monkeypatch: pytest.MonkeyPatch,
                                               messages: list[tuple[str, str]]) -> None:
    asked: list[str] = []

    def ask(_cls: type, _parent: object, default: str) -> str:
        asked.append(default)
        return "fr"

    monkeypatch.setattr(ExportDialog, "ask", classmethod(ask))
    window = open_window()
    fill_example(qtbot, window)
    window.nav_button(Page.RESULTS).click()
    export = _button(window, "Export PDF report…")
    with qtbot.waitSignal(window.reports.busy_changed) as started:
        qtbot.mouseClick(export, Qt.MouseButton.LeftButton)
    assert started.args == [True]
    assert not export.isEnabled(), "one report at a time"
    with qtbot.waitSignal(window.reports.exported, timeout=60_000) as done:
        pass
    assert done.args == [save_to]
    assert asked == ["en"], "the report's language defaults to the interface's"
    assert save_to.read_bytes().startswith(b"%PDF")
    # Written to a temporary file beside it, then renamed: nothing else is left in the folder.
    assert [p.name for p in save_to.parent.iterdir()] == ["report.pdf"]
    assert export.isEnabled()
    assert "report.pdf" in window.statusBar().currentMessage()
    assert messages == []


def test_a_failed_export_is_one_message(qtbot: QtBot, open_window: WindowFactory,
                                        save_to: Path, monkeypatch: pytest.MonkeyPatch,
                                        messages: list[tuple[str, str]]) -> None:
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, parent, default: "en"))

    def broken(*_args: Any, **_kwargs: Any) -> bytes:
        raise CyberCabinetError("The disk is full.", hint="Free some space.")

    import app.reporting.report as report

    monkeypatch.setattr(report, "build_report", broken)
    window = open_window()
    fill_example(qtbot, window)
    with qtbot.waitSignal(window.reports.busy_changed, timeout=10_000,
                          check_params_cb=lambda busy: not busy):
        window.export_report()
    assert messages == [("warning", "The disk is full.\n\nFree some space.")]
    assert not save_to.exists()


def test_cancelled_export_does_nothing(qtbot: QtBot, open_window: WindowFactory,
                                       save_to: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, parent, default: None))
    window = open_window()
    fill_example(qtbot, window)
    window.export_report()
    assert not window.reports.busy
    assert not save_to.exists()


def test_sign_needs_a_complete_assessment(qtbot: QtBot, open_window: WindowFactory,
                                          messages: list[tuple[str, str]],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SignDialog, "ask", classmethod(
        lambda cls, parent, default: pytest.fail("not asked for a draft")))
    window = open_window()
    from tests.gui.helpers import create_practice

    create_practice(qtbot, window)
    window.sign_report()
    assert messages and messages[0][0] == "information"


def test_sign_writes_a_signed_pdf_and_locks_the_answers(
        qtbot: QtBot, open_window: WindowFactory, save_to: Path,
        monkeypatch: pytest.MonkeyPatch, messages: list[tuple[str, str]]) -> None:
    from app.reporting.signatures import create_identity, verify_pdf

    identity = create_identity(name="Dr Anne Martin", role="Physician", practice="Cabinet",
                               email="anne@example.ch", passphrase=PASSPHRASE,
                               key_type="ec-p256")
    path = identity.path
    assert path is not None
    monkeypatch.setattr(SignDialog, "ask", classmethod(
        lambda cls, parent, default: SignRequest(path, PASSPHRASE, "fr")))
    window = open_window()
    fill_example(qtbot, window)
    session = session_of(window)
    assert session.status is AssessmentStatus.COMPLETED
    window.nav_button(Page.ACTIONS).click()
    with qtbot.waitSignal(window.reports.signed, timeout=60_000) as done:
        qtbot.mouseClick(_button(window, "Sign…"), Qt.MouseButton.LeftButton)
    assert done.args == [save_to]
    assert messages == []
    assert session.status in (AssessmentStatus.SIGNED,)
    report = verify_pdf(save_to.read_bytes())
    assert [s.intact for s in report.signatures] == [True]
    page = page_of(window)
    answers = page.question_view.answers
    assert answers is not None and not answers.isEnabled(), "a signed assessment is read-only"
    assert any("signed" in w.text() for w in page.findChildren(QWidget)
               if hasattr(w, "text") and w.isVisibleTo(page))


def test_sign_dialog_lists_identities(qtbot: QtBot, open_window: WindowFactory) -> None:
    from app.reporting.signatures import create_identity

    create_identity(name="Dr Anne Martin", role="Physician", practice="Cabinet",
                    email="anne@example.ch", passphrase=PASSPHRASE, key_type="ec-p256")
    dialog = SignDialog("fr")
    qtbot.addWidget(dialog)
    combo = dialog.identity_combo
    assert combo.count() == 1 and "Dr Anne Martin — Physician" in combo.currentText()
    assert not dialog.ok_button.isEnabled(), "no passphrase yet"
    qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
    assert dialog.ok_button.isEnabled()
    assert dialog.request().language == "fr"
    assert dialog.request().passphrase == PASSPHRASE


def test_default_file_name_is_safe(qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    fill_example(qtbot, window)
    name = report_actions.default_file_name(session_of(window))
    assert name.startswith("Cabinet du Lac — cybersecurity ")
    assert name.endswith(".pdf") and "/" not in name
