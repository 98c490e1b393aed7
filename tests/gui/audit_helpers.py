"""Data for the auditor's screens, written through the window's ``Store`` (not its widgets: the
tests drive the auditor's side through the widgets, the practice's answers are given)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.answers import AnswerValue
from app.domain.assessment import AssessmentStatus, PracticeInfo
from app.gui.database_store import DatabaseStore
from app.gui.main_window import MainWindow
from app.gui.review_page import ReviewPage

ANSWERS: dict[str, AnswerValue] = {
    "PRF-COUNTRY": "ch", "PRF-SERVER": "yes", "BAK-01": "no", "BAK-02": 1.0,
    "SRV-01": "no", "SRV-02": "nobody", "AWR-01": "unknown",
}
"""Every question of the example answered (with gaps): a complete assessment."""
ORDER = list(ANSWERS)
"""The order the review lists them in (the questionnaire's)."""


@contextmanager
def opened(db_url: str) -> Iterator[DatabaseStore]:
    store = DatabaseStore.open(db_url)
    try:
        yield store
    finally:
        store.close()


def completed(store: DatabaseStore, practice: str = "Cabinet du Lac",
              answers: dict[str, AnswerValue] | None = None,
              practice_id: str | None = None) -> str:
    """A complete assessment of ``practice`` (a new one unless ``practice_id``); its id."""
    if practice_id is None:
        practice_id = store.create_practice(PracticeInfo(practice, "Rue du Lac 12", "CH")).id
    assessment_id = store.create_assessment(practice_id, "example", "en")
    for question_id, value in (answers or ANSWERS).items():
        store.save_answer(assessment_id, question_id, value, "")
    store.set_status(assessment_id, AssessmentStatus.COMPLETED)
    return assessment_id


def review_page(window: MainWindow) -> ReviewPage:
    page = window.auditor.review_page
    assert page is not None
    return page


def key(qtbot: QtBot, page: ReviewPage, which: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the focus is (the list, unless a field has it)."""
    focus = QApplication.focusWidget()
    target = focus if focus is not None and page.isAncestorOf(focus) else page.table
    qtbot.keyClick(target, which, modifier)


def go_to(qtbot: QtBot, page: ReviewPage, question_id: str) -> None:
    """Page Down / Page Up until ``question_id`` is the answer shown."""
    ids = page.visible_question_ids()
    for _turn in range(len(ids)):
        current = page.current_question_id
        if current == question_id:
            return
        step = Qt.Key.Key_PageDown if current is None or \
            ids.index(current) < ids.index(question_id) else Qt.Key.Key_PageUp
        key(qtbot, page, step)
    assert page.current_question_id == question_id
