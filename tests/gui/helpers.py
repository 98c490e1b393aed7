"""Driving the window to a given state through its widgets."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.gui.main_window import MainWindow, Page
from app.gui.questionnaire_page import QuestionnairePage
from app.gui.session import AssessmentSession

ANSWERS: list[tuple[str, str]] = [
    ("PRF-COUNTRY", "ch"), ("PRF-SERVER", "yes"), ("BAK-01", "no"), ("BAK-02", "1"),
    ("SRV-01", "no"), ("SRV-02", "nobody"), ("AWR-01", "unknown"),
]
"""Every question of the example, answered with gaps (a number is typed)."""


def create_practice(qtbot: QtBot, window: MainWindow, name: str = "Cabinet du Lac") -> None:
    start = window.start_page
    qtbot.keyClicks(start.form.name_edit, name)
    qtbot.keyClicks(start.form.address_edit, "Rue du Lac 12, 1800 Vevey")
    qtbot.mouseClick(start.create_button, Qt.MouseButton.LeftButton)


def page_of(window: MainWindow) -> QuestionnairePage:
    page = window.questionnaire_page
    assert page is not None
    return page


def session_of(window: MainWindow) -> AssessmentSession:
    session = window.session
    assert session is not None
    return session


def answer_all(qtbot: QtBot, window: MainWindow,
               answers: list[tuple[str, str]] = ANSWERS) -> None:
    """Answer questions in order by clicking their buttons (or typing a number)."""
    page = page_of(window)
    for question_id, value in answers:
        page.show_question(question_id)
        choices = page.question_view.answers
        assert choices is not None
        if choices.spin_box is not None and value.isdigit():
            qtbot.keyClicks(choices.spin_box, value)
            qtbot.keyClick(choices.spin_box, Qt.Key.Key_Tab)
            qtbot.waitUntil(_answered(window, question_id))
            continue
        button = next(b for b in choices.buttons if b.value == value)
        with qtbot.waitSignal(page.question_view.answered):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _answered(window: MainWindow, question_id: str) -> Callable[[], bool]:
    return lambda: session_of(window).value(question_id) is not None


def fill_example(qtbot: QtBot, window: MainWindow) -> None:
    create_practice(qtbot, window)
    answer_all(qtbot, window)
    assert window.current_page() is Page.QUESTIONNAIRE
