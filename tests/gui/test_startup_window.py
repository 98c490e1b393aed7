"""Start-up (app.gui.startup): the window is painted before the database is opened, offers
nothing until the database is open, then fills its start page and goes back to the draft.
Errors are still shown, and closing it meanwhile opens nothing.

``app.gui.application.run`` is called as ``cybercabinet`` calls it, with ``QApplication.exec``
returning at once (the start-up's own event loops still run: they are what is tested).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from app.domain.assessment import PracticeInfo
from app.gui import application, startup
from app.gui.database_store import DatabaseStore
from app.gui.main_window import MainWindow, Page
from app.gui.settings import AppSettings
from tests.reliability.conftest import isolated_crash_handler, message_boxes


class Paints(QObject):
    """Which main windows were painted (an event filter on the application)."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: list[QObject] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            self.painted.append(watched)
        return False


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, styled: QApplication) -> Iterator[dict[str, Any]]:
    """``run()`` without its final event loop; what the window looked like at its end."""
    AppSettings().language = "en"
    state: dict[str, Any] = {}

    def exec_(_self: object) -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        state["window"] = window
        state["page"] = window.current_page()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    paints = Paints()
    styled.installEventFilter(paints)
    state["paints"] = paints
    with isolated_crash_handler():
        yield state
        styled.removeEventFilter(paints)
        window = state.get("window")
        if window is not None:
            window.close()
            window.deleteLater()


@pytest.fixture
def practice_db(tmp_path: Path, questionnaires: Path) -> str:
    """A practice with three assessments of the example questionnaire, the newest a draft."""
    url = f"sqlite:///{tmp_path / 'practice.sqlite3'}"
    store = DatabaseStore.open(url)
    try:
        practice = store.create_practice(PracticeInfo("Cabinet du Lac", "Rue du Lac 1", "CH"))
        for _index in range(3):
            store.create_assessment(practice.id, "example", "en")
    finally:
        store.close()
    return url


def test_the_window_is_painted_before_the_database_is_opened(
        practice_db: str, started: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    seen: dict[str, Any] = {}
    real_open = application.open_store

    def open_store(url: str, parent: Any = None) -> Any:
        page = parent.start_page
        seen.update(painted=parent in started["paints"].painted, visible=parent.isVisible(),
                    open=parent.is_open, page_open=page.is_open,
                    enabled=[b.isEnabled() for b in (page.new_button, page.continue_button,
                                                     page.auditor_button, page.open_button,
                                                     page.edit_button)])
        parent.grab().save(str(tmp_path / "opening.png"))
        return real_open(url, parent)

    monkeypatch.setattr(application, "open_store", open_store)
    assert application.run(practice_db) == 0

    assert seen["visible"] and seen["painted"], "the window was not painted first"
    assert not seen["open"] and not seen["page_open"]
    assert seen["enabled"] == [False] * 5
    assert (tmp_path / "opening.png").stat().st_size > 0
    window: MainWindow = started["window"]
    assert window.is_open and window.start_page.is_open
    assert window.start_page.model.rowCount() == 3
    assert started["page"] is Page.QUESTIONNAIRE  # back on the draft's question
    assert window.session is not None


def test_the_window_emits_ready_once_open(practice_db: str, started: dict[str, Any],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    emitted: list[tuple[bool, int]] = []
    real_finish = startup.finish

    def finish(window: MainWindow, store: Any) -> None:
        window.ready.connect(lambda: emitted.append(
            (window.is_open, window.start_page.model.rowCount())))
        real_finish(window, store)

    monkeypatch.setattr(startup, "finish", finish)
    assert application.run(practice_db) == 0
    assert emitted == [(True, 3)]


def test_a_damaged_database_is_said_over_the_painted_window(
        tmp_path: Path, started: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    shown = message_boxes(monkeypatch, QMessageBox.StandardButton.No)
    assert application.run(str(path)) == 2
    assert len(shown) == 1
    kind, title, _text = shown[0]
    assert (kind, title) == ("warning", "Something needs your attention")
    assert any(isinstance(w, MainWindow) for w in started["paints"].painted)
    assert not any(isinstance(w, MainWindow) and w.isVisible()
                   for w in QApplication.topLevelWidgets())
    assert path.read_bytes() == b"this is not a database" * 100


def test_closing_the_window_while_opening_opens_nothing(
        practice_db: str, started: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    settings = AppSettings()
    settings.last_assessment = "kept"
    settings.sync()
    opened: list[str] = []
    monkeypatch.setattr(application, "open_store",
                        lambda url, parent=None: opened.append(url) or 2)

    def close_soon() -> None:
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow) and window.isVisible():
                window.close()

    QTimer.singleShot(0, close_soon)
    assert application.run(practice_db) == 0
    assert opened == []
    assert AppSettings().last_assessment == "kept"  # where to resume is unchanged
