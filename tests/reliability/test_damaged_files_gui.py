"""The window on a damaged database: a dialog that says what is wrong, never a traceback.

``app.gui.application.run`` is called as ``cybercabinet`` (no command) calls it; the message boxes
are replaced by recorders. The file is left as it was.
"""

from __future__ import annotations

import faulthandler
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from app.gui import application
from app.gui import errors as gui_errors
from app.gui.settings import AppSettings
from tests.reliability.conftest import fill_assessment
from tests.reliability.damage import DAMAGES, assert_nothing_written, files_around

pytestmark = pytest.mark.gui

Shown = list[tuple[str, str, str]]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Shown:
    shown: Shown = []

    def box(kind: str) -> Any:
        def show(_parent: object, title: str, text: str, *_args: object,
                 **_kwargs: object) -> QMessageBox.StandardButton:
            shown.append((kind, title, text))
            return QMessageBox.StandardButton.No
        return staticmethod(show)

    for kind in ("warning", "critical", "question", "information"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))
    return shown


@pytest.fixture
def quiet_crash_handler(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """run() installs the crash handler; give the process its own back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(gui_errors, "_crash_stream", None)
    yield
    faulthandler.disable()
    if gui_errors._crash_stream is not None:
        gui_errors._crash_stream.close()


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_the_window_on_a_damaged_database_shows_a_dialog(
        damage: str, tmp_path: Path, questionnaires: Path, data_home: Path, qapp: object,
        boxes: Shown, quiet_crash_handler: None, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "practice.sqlite3"
    fill_assessment(str(path), questionnaires)
    for sidecar in tmp_path.glob("practice.sqlite3?*"):
        sidecar.unlink()
    make, expected = DAMAGES[damage]
    make(path)
    AppSettings().language = "en"
    before = files_around(path, data_home / "backups")

    code = application.run(str(path))

    assert code == 2
    assert len(boxes) == 1, boxes
    kind, title, text = boxes[0]
    assert kind == "warning" and title == "Something needs your attention"
    assert expected in text
    assert "Traceback" not in text and "Unexpected error" not in title
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if path.is_file():
        assert_nothing_written(before, files_around(path, data_home / "backups"), path)
