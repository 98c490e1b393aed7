"""A practice's history on a real SQLite file: its assessments and score curve, the comparison
of any two (theme deltas, gaps closed, new gaps, answers changed), one answer's changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from app.domain.answers import AnswerValue
from app.gui.answer_history_dialog import AnswerHistoryDialog
from app.gui.auditor_mode import AuditorMode
from app.gui.history_page import HistoryPage
from app.gui.main_window import MainWindow, Page
from tests.gui.audit_helpers import ANSWERS, completed, opened, review_page
from tests.gui.conftest import WindowFactory

pytestmark = pytest.mark.gui

BEFORE: dict[str, AnswerValue] = {**ANSWERS, "BAK-02": 2.0}
AFTER: dict[str, AnswerValue] = {
    **ANSWERS, "BAK-01": "yes", "BAK-02": 1.0, "SRV-01": "yes", "SRV-02": "provider",
    "AWR-01": ("phishing", "passwords")}


@pytest.fixture
def two(questionnaires: Path, db_url: str) -> tuple[str, str]:
    """Last year's assessment (gaps) and this year's (four closed, one new); in this year's,
    BAK-01 went from "partly" to "yes"."""
    with opened(db_url) as store:
        before = completed(store, answers=BEFORE)
        practice_id = store.practice_of(before)
        after = completed(store, answers={**AFTER, "BAK-01": "partly"}, practice_id=practice_id)
        store.save_answer(after, "BAK-01", "yes", "Restore tested in May.")
    return before, after


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[QDialog]:
    shown: list[QDialog] = []

    def keep(dialog: QDialog) -> bool:
        shown.append(dialog)
        return True

    monkeypatch.setattr(AuditorMode, "exec_dialog", staticmethod(keep))
    return shown


def _history(window: MainWindow, qtbot: QtBot, assessment: str) -> HistoryPage:
    assert window.open_review(assessment)
    page = review_page(window)
    history_button = next(b for b in page.findChildren(QPushButton)
                          if b.text() == "History of the practice…")
    qtbot.mouseClick(history_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is Page.HISTORY
    history = window.auditor.history_page
    assert history is not None
    return history


def test_the_curve_the_list_and_the_comparison_of_the_last_two(
        qtbot: QtBot, open_window: WindowFactory, two: tuple[str, str],
        dialogs: list[QDialog]) -> None:
    before, after = two
    window = open_window()
    history = _history(window, qtbot, after)
    assert [p.assessment_id for p in history.chart.points] == [before, after]
    scores = [p.score for p in history.chart.points]
    assert scores[0] is not None and scores[1] is not None and scores[1] > scores[0]
    assert history.table.rowCount() == 2
    view = history.comparison_view
    comparison = view.comparison
    assert comparison is not None and (comparison.id_a, comparison.id_b) == (before, after)
    assert [view.tabs.tabText(i) for i in range(4)] == [
        "Themes", "Gaps closed (4)", "New gaps (1)", "Answers changed (5)"]
    closed = view.table(1)
    assert {closed.item(r, 0).text().removeprefix("● ").split()[0]
            for r in range(closed.rowCount())} == {"BAK-01", "SRV-01", "SRV-02", "AWR-01"}
    assert view.table(2).item(0, 0).text().startswith("BAK-02")
    themes = view.table(0)
    rows = {themes.item(r, 0).text(): themes.item(r, 3).text()
            for r in range(themes.rowCount())}
    assert rows["Server"].startswith("+") and rows["Awareness"].startswith("+")

    changed = view.table(3)
    row = next(r for r in range(changed.rowCount())
               if changed.item(r, 0).text().startswith("BAK-01"))
    assert (changed.item(row, 1).text(), changed.item(row, 2).text()) == ("No", "Yes")
    changed.setFocus()
    changed.setCurrentCell(row, 0)
    qtbot.keyClick(changed, Qt.Key.Key_Return)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert isinstance(dialog, AnswerHistoryDialog)
    cells = [[dialog.table.item(r, c).text() for c in range(5)]
             for r in range(dialog.table.rowCount())]
    assert [(c[2], c[3]) for c in cells] == [("—", "Partly"), ("Partly", "Yes")]
    assert cells[1][4] == "Restore tested in May."


def test_any_two_can_be_compared_and_the_same_one_twice_says_so(
        qtbot: QtBot, open_window: WindowFactory, two: tuple[str, str],
        dialogs: list[QDialog]) -> None:
    before, after = two
    window = open_window()
    history = _history(window, qtbot, after)
    history.choose(after, before)  # backwards: every delta turns round
    comparison = history.comparison_view.comparison
    assert comparison is not None and comparison.id_a == after
    assert history.comparison_view.tabs.tabText(2) == "New gaps (4)"
    history.choose(after, after)
    assert history.comparison_view.comparison is None
    assert not history.comparison_view.tabs.isVisible()
    history.choose(before, after)
    assert history.comparison_view.tabs.isVisible()
    history.table.selectRow(0)
    review_button = next(b for b in history.findChildren(QPushButton)
                         if b.text() == "Review this assessment")
    qtbot.mouseClick(review_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is Page.REVIEW
    review = window.auditor.review
    assert review is not None and review.assessment_id == before


def test_one_answers_history_from_the_review(
        qtbot: QtBot, open_window: WindowFactory, two: tuple[str, str],
        dialogs: list[QDialog]) -> None:
    _before, after = two
    window = open_window()
    assert window.open_review(after)
    page = review_page(window)
    page.show_question("BAK-01")
    history_button = next(b for b in page.detail.findChildren(QPushButton)
                          if b.text() == "History of this answer…")
    qtbot.mouseClick(history_button, Qt.MouseButton.LeftButton)
    assert len(dialogs) == 1
    assert isinstance(dialogs[0], AnswerHistoryDialog)
    assert dialogs[0].table.rowCount() == 2


def test_a_single_assessment_has_nothing_to_compare(
        qtbot: QtBot, open_window: WindowFactory, questionnaires: Path, db_url: str) -> None:
    with opened(db_url) as store:
        only = completed(store)
    window = open_window()
    history = _history(window, qtbot, only)
    assert history.table.rowCount() == 1
    assert history.comparison_view.comparison is None
    assert len(history.chart.points) == 1
