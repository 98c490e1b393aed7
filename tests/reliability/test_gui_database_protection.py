"""Settings → Protection: the window encrypts its own database, changes and removes the passphrase.

Real SQLite files, the real DatabaseStore and SettingsDialog; only the passphrase dialog's
``ask`` and the message boxes are replaced (they would wait for a person).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.domain.assessment import PracticeInfo
from app.storage import sqlcipher
from tests.conftest import require_module
from tests.reliability.conftest import message_boxes

require_module("sqlcipher3", "pip install 'cybercabinet[encryption]'")
pytestmark = pytest.mark.usefixtures("no_db_passphrase")

FIRST = "Lynx-Harbour-Passphrase-6120"
SECOND = "Heron-Quay-Passphrase-0417"
PRACTICE = "Cabinet Bernasconi"




@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    from app.gui.database_store import DatabaseStore
    from app.storage import backup_database

    path = tmp_path / "practice.sqlite3"
    opened = DatabaseStore.open(str(path))
    opened.create_practice(PracticeInfo(name=PRACTICE))
    backup_database(str(path))
    yield opened
    opened.close()


def _settings(qtbot: Any, store: Any) -> Any:
    from app.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(store, lambda _language: None)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _answer(monkeypatch: pytest.MonkeyPatch, current: str | None, new: str | None) -> None:
    from app.gui.database_protection import DatabasePassphraseDialog

    monkeypatch.setattr(DatabasePassphraseDialog, "ask",
                        classmethod(lambda _cls, _change, _parent: (current, new)))


def _readable(path: Path) -> bool:
    data = path.read_bytes()
    return data.startswith(b"SQLite format 3") or PRACTICE.encode() in data


def test_protect_change_and_remove_from_the_settings(
        qtbot: Any, store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt

    from app.gui.database_protection import Change
    from app.gui.database_store import DatabaseStore

    path = store.protection().path
    from app.storage.backup import list_backups

    backups = [item.path for item in list_backups(path)]
    assert backups and _readable(path)
    dialog = _settings(qtbot, store)
    card = dialog.protection_card
    assert card.protect.isVisible() and not card.remove.isVisible()

    _answer(monkeypatch, None, FIRST)
    shown = message_boxes(monkeypatch, None)
    qtbot.mouseClick(card.protect, Qt.MouseButton.LeftButton)
    assert shown[-1][0] == "information" and "now encrypted" in shown[-1][2]
    assert "1 backup was converted" in shown[-1][2]
    assert not _readable(path) and not any(_readable(b) for b in backups)
    assert card.remove.isVisible() and card.change.isVisible() and not card.protect.isVisible()
    # The window goes on with its database: it reads and writes under the new passphrase.
    practice = store.practice()
    assert practice is not None and practice.info.name == PRACTICE
    store.update_practice(practice.id, PracticeInfo(name=PRACTICE, address="Via Nassa 5"))

    _answer(monkeypatch, FIRST, SECOND)
    card.run(Change.CHANGE)
    assert "passphrase was changed" in shown[-1][2]
    store.close()
    sqlcipher.set_passphrase(SECOND)
    reopened = DatabaseStore.open(str(path))
    assert reopened.practice() is not None
    assert reopened.practice().info.address == "Via Nassa 5"  # type: ignore[union-attr]

    dialog = _settings(qtbot, reopened)
    card = dialog.protection_card
    _answer(monkeypatch, SECOND, None)
    card.run(Change.REMOVE)
    assert "no longer encrypted" in shown[-1][2]
    assert _readable(path) and all(_readable(b) for b in backups)
    assert card.protect.isVisible()
    reopened.close()


def test_a_wrong_passphrase_changes_nothing_and_the_window_goes_on(
        qtbot: Any, store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.gui.database_protection import Change

    path = store.protection().path
    dialog = _settings(qtbot, store)
    card = dialog.protection_card
    shown = message_boxes(monkeypatch, None)
    _answer(monkeypatch, None, FIRST)
    card.run(Change.PROTECT)
    before = path.read_bytes()
    _answer(monkeypatch, SECOND, None)  # not the passphrase
    card.run(Change.REMOVE)
    assert shown[-1][0] == "warning" and "passphrase does not open" in shown[-1][2]
    assert path.read_bytes() == before
    assert store.practice() is not None  # opened again, as it was
    _answer(monkeypatch, None, "short")  # refused before anything is let go
    card.run(Change.PROTECT)
    assert "shorter than 10 characters" in shown[-1][2]


def test_the_dialog_asks_what_each_change_needs(qtbot: Any) -> None:
    from app.gui.database_protection import Change, DatabasePassphraseDialog

    dialog = DatabasePassphraseDialog(Change.CHANGE)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.current.setText("old passphrase")
    dialog.new.setText("too short")
    assert not dialog.ok_button.isEnabled()
    dialog.new.setText("a long new passphrase")
    dialog.again.setText("a long new passphrase!")
    assert not dialog.ok_button.isEnabled()
    dialog.again.setText("a long new passphrase")
    assert dialog.ok_button.isEnabled()
    assert dialog.passphrases() == ("old passphrase", "a long new passphrase")
    remove = DatabasePassphraseDialog(Change.REMOVE)
    qtbot.addWidget(remove)
    remove.current.setText("old passphrase")
    assert remove.ok_button.isEnabled() and remove.passphrases() == ("old passphrase", None)


def test_no_card_for_a_database_opened_read_only(qtbot: Any, tmp_path: Path) -> None:
    from app.gui.database_store import DatabaseStore
    from app.storage import open_database

    path = tmp_path / "shared.sqlite3"
    open_database(str(path), backup=False).close()
    read_only = DatabaseStore(open_database(str(path), read_only=True))
    assert read_only.protection() is None
    assert _settings(qtbot, read_only).protection_card is None
    read_only.close()


def test_without_sqlcipher_the_card_says_how_to_install_it(
        qtbot: Any, store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QLabel

    from app.storage import encryption

    monkeypatch.setattr(encryption, "sqlcipher_installed", lambda: False)
    dialog = _settings(qtbot, store)
    card = dialog.protection_card
    assert not card.protect.isVisible() and not card.remove.isVisible()
    assert "pip install 'cybercabinet[encryption]'" in card.findChildren(
        QLabel)[1].text()
    path = store.protection().path
    before = path.read_bytes()
    with pytest.raises(sqlcipher.EncryptionUnavailableError, match="needs SQLCipher"):
        encryption.encrypt_database(path, FIRST)
    assert path.read_bytes() == before
