"""One show_error() for both kinds of error, the crash handler, and the background helper."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.errors import CyberCabinetError
from app.gui import errors, operations
from tests.reliability.conftest import isolated_crash_handler, message_boxes

pytestmark = pytest.mark.gui


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    return message_boxes(monkeypatch, QMessageBox.StandardButton.No)


def test_a_known_error_shows_its_message_and_hint(qapp: object,
                                                  boxes: list[tuple[str, str, str]]) -> None:
    errors.show_error(None, CyberCabinetError("The database is locked.",
                                              hint="Close the other window."))
    assert boxes == [("warning", "Something needs your attention",
                      "The database is locked.\n\nClose the other window.")]


def test_a_bug_is_logged_and_shown_without_traceback(
        qapp: object, boxes: list[tuple[str, str, str]],
        caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as error:
        errors.show_error(None, error)
    kind, _title, text = boxes[0]
    assert kind == "critical"
    assert "Traceback" not in text and "answers are saved" in text
    assert "ZeroDivisionError" in caplog.text


def test_crash_handler_hooks_and_reports_the_previous_crash(
        qapp: object, data_home: Path, boxes: list[tuple[str, str, str]]) -> None:
    crash = errors.crash_file()
    crash.write_text("Fatal Python error: Segmentation fault\n", encoding="utf-8")
    with isolated_crash_handler():
        previous = errors.install_crash_handler()
        assert previous is not None and "Segmentation fault" in previous
        assert crash.read_text(encoding="utf-8") == "", "ready for the next crash"
        assert sys.excepthook is errors._excepthook
        try:
            raise RuntimeError("unexpected")
        except RuntimeError as error:
            sys.excepthook(RuntimeError, error, error.__traceback__)
        assert boxes[-1][0] == "critical"
        errors.offer_crash_report(None, previous)
        assert boxes[-1][0] == "question"


def test_background_work_reports_back_on_the_ui_thread(qtbot: QtBot) -> None:
    ui_thread = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["work_thread"] = threading.get_ident()
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["callback_thread"] = threading.get_ident()

    operations.run_in_background(None, work, done)
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42
    assert seen["work_thread"] != ui_thread
    assert seen["callback_thread"] == ui_thread
    assert not operations.is_busy()


def test_background_failure_goes_to_the_failure_callback(qtbot: QtBot) -> None:
    failures: list[BaseException] = []

    def work() -> None:
        raise CyberCabinetError("No space left.")

    operations.run_in_background(None, work, lambda _r: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert str(failures[0]) == "No space left."


def test_background_failure_without_callback_is_shown(
        qtbot: QtBot, boxes: list[tuple[str, str, str]]) -> None:
    def work() -> None:
        raise CyberCabinetError("Cannot write the file.")

    operations.run_in_background(None, work, lambda _r: None)
    qtbot.waitUntil(lambda: bool(boxes))
    assert boxes[0][2] == "Cannot write the file."
    assert operations.wait_for_all(1000)
