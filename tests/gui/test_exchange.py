"""Exchange files in the window: File → Export for the auditor… writes a protected ``.ccab``,
File → Import… reads it into another database (asking its passphrase, again after a wrong one)
and opens it for review; the same file twice writes nothing new."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.gui.database_store import DatabaseStore
from app.gui.main_window import MainWindow, Page
from app.gui.passphrase_dialog import PassphraseChoice, PassphraseDialog
from app.gui.settings import AppSettings
from app.gui.translation import LanguageSwitcher
from tests.gui.audit_helpers import completed, opened
from tests.gui.conftest import SIZE, WindowFactory

pytestmark = pytest.mark.gui

PASSPHRASE = "four words for the auditor"


@pytest.fixture
def exported(tmp_path: Path, questionnaires: Path, db_url: str, qtbot: QtBot,
             open_window: WindowFactory, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A complete assessment exported from the practice's window, with a passphrase."""
    with opened(db_url) as store:
        assessment = completed(store)
        fingerprint = store.load_snapshot(assessment).fingerprint
    target = tmp_path / "for the auditor"  # the extension is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(PassphraseDialog, "ask_new",
                        classmethod(lambda cls, parent: PassphraseChoice(PASSPHRASE)))
    window = open_window()
    window.open_assessment(assessment)
    with qtbot.waitSignal(window.exchange.exported) as done:
        window.export_exchange()
    path = done.args[0]
    assert path == target.with_name("for the auditor.ccab") and path.exists()
    assert PASSPHRASE.encode() not in path.read_bytes()
    assert b"Cabinet du Lac" not in path.read_bytes(), "protected: nothing readable inside"
    window.close()
    return path, fingerprint


@pytest.fixture
def auditor_window(tmp_path: Path, qtbot: QtBot, styled: QApplication,
                   questionnaires: Path) -> Iterator[MainWindow]:
    """A window on the auditor's own (empty) database."""
    store = DatabaseStore.open(f"sqlite:///{tmp_path / 'auditor.sqlite3'}")
    window = MainWindow(store, AppSettings(), LanguageSwitcher(), questionnaire_id="example")
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    yield window
    window.close()
    store.close()


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda _p, _t, text, *a, **k: shown.append(text)))
    return shown


def _answers(monkeypatch: pytest.MonkeyPatch, path: Path, passphrases: list[str | None]
             ) -> list[str]:
    """The import's file dialog gives ``path``; its passphrase dialog each of ``passphrases``
    in turn (None: cancelled). Returns the file names it was asked about."""
    asked: list[str] = []
    answers = iter(passphrases)

    def ask(_cls: type, _parent: object, file_name: str) -> str | None:
        asked.append(file_name)
        return next(answers)

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    monkeypatch.setattr(PassphraseDialog, "ask_existing", classmethod(ask))
    return asked


def test_exported_file_imported_elsewhere_opens_for_review_with_the_same_fingerprint(
        qtbot: QtBot, exported: tuple[Path, str], auditor_window: MainWindow,
        monkeypatch: pytest.MonkeyPatch, messages: list[str]) -> None:
    path, fingerprint = exported
    asked = _answers(monkeypatch, path, ["not the passphrase", PASSPHRASE])
    qtbot.keyClick(auditor_window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert asked == [path.name, path.name], "asked again after a wrong passphrase"
    assert len(messages) == 1, "the wrong passphrase is said once"
    assert auditor_window.current_page() is Page.REVIEW
    review = auditor_window.auditor.review
    assert review is not None
    assert review.snapshot.fingerprint == fingerprint
    assert review.snapshot.practice.name == "Cabinet du Lac"
    listing = auditor_window.auditor.list_page
    assert listing is not None and listing.model.total == 1

    _answers(monkeypatch, path, [PASSPHRASE])
    auditor_window.import_exchange()
    assert "imported before" in auditor_window.statusBar().currentMessage()
    assert listing.model.total == 1, "the same file twice writes nothing new"


def test_a_cancelled_passphrase_imports_nothing(
        qtbot: QtBot, exported: tuple[Path, str], auditor_window: MainWindow,
        monkeypatch: pytest.MonkeyPatch, messages: list[str]) -> None:
    path, _fingerprint = exported
    _answers(monkeypatch, path, [None])
    auditor_window.import_exchange()
    assert messages == []
    assert auditor_window.auditor.review is None
    assert auditor_window.store.count_assessment_rows(
        auditor_window.auditor.ensure_list().model.query) == 0


def test_a_damaged_file_is_one_message_and_nothing_written(
        qtbot: QtBot, exported: tuple[Path, str], auditor_window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, messages: list[str]) -> None:
    path, _fingerprint = exported
    damaged = tmp_path / "damaged.ccab"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    _answers(monkeypatch, damaged, [PASSPHRASE, None])
    auditor_window.import_exchange()
    assert len(messages) == 1
    assert auditor_window.auditor.review is None
    assert auditor_window.store.practice() is None, "nothing was written"


def test_the_passphrase_dialog_wants_two_equal_long_enough_passphrases(
        qtbot: QtBot, styled: QApplication) -> None:
    dialog = PassphraseDialog(new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.passphrase_edit, "short")
    qtbot.keyClicks(dialog.again_edit, "short")
    assert not dialog.ok_button.isEnabled()
    dialog.passphrase_edit.setText(PASSPHRASE)
    dialog.again_edit.setText(PASSPHRASE + "!")
    assert not dialog.ok_button.isEnabled()
    dialog.again_edit.setText(PASSPHRASE)
    assert dialog.ok_button.isEnabled()
    assert dialog.choice() == PassphraseChoice(PASSPHRASE)
    qtbot.mouseClick(dialog.protect_box, Qt.MouseButton.LeftButton)
    assert dialog.ok_button.isEnabled() and dialog.choice() == PassphraseChoice(None)
