"""GUI fixtures: the example questionnaire as the installed one, a SQLite file, a window on it.

Windows are driven through their widgets (clicks, keys); storage is only read back to check.
Qt warnings fail a test (except the offscreen plugin's note about size hints).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

import app.domain.catalog as catalog
from app.gui.database_store import DatabaseStore
from app.gui.look import apply_look
from app.gui.main_window import MainWindow
from app.gui.settings import AppSettings
from app.gui.translation import LanguageSwitcher
from app.i18n import set_language

EXAMPLE = Path(__file__).parents[1] / "data" / "example.yaml"
SIZE = (1366, 768)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))


@pytest.fixture
def questionnaires(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example questionnaire is the only installed one."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "example.yaml")
    monkeypatch.setattr(catalog, "questionnaires_dir", lambda: folder)
    return folder


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'practice.sqlite3'}"


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[QApplication]:
    apply_look(qapp)
    yield qapp
    set_language("en")


WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def open_window(qtbot: QtBot, styled: QApplication, questionnaires: Path,
                db_url: str) -> Iterator[WindowFactory]:
    """Open a window on the test database, as ``cybercabinet`` does (close it to reopen)."""
    stores: list[DatabaseStore] = []
    switcher = LanguageSwitcher()

    def factory() -> MainWindow:
        for store in stores:  # the previous window's store, as run() closes it
            store.close()
        stores.clear()
        store = DatabaseStore.open(db_url)
        stores.append(store)
        settings = AppSettings()
        switcher.switch(settings.language)
        window = MainWindow(store, settings, switcher, questionnaire_id="example")
        qtbot.addWidget(window)
        window.resize(*SIZE)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.resume()
        return window

    yield factory
    for store in stores:
        store.close()


def focused_or(widget: QWidget) -> QWidget:
    """Where a key press goes: the focused widget, else ``widget``."""
    focus = QApplication.focusWidget()
    return focus if focus is not None and widget.isAncestorOf(focus) else widget


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused_or(widget), key, modifier)
