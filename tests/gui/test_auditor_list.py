"""The auditor's list on a real SQLite file: a page at a time as it scrolls (one query per page,
never one per row), search, filters and sorting done by the storage query, Enter opens the
review, the practice's history is one click away."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import app.domain.catalog as catalog
from app.domain.assessment import AssessmentStatus, PracticeInfo
from app.domain.review import ReviewItemStatus
from app.gui.assessment_table_model import AuditColumn
from app.gui.audit_store import PAGE_SIZE, SortKey
from app.gui.auditor_list_page import AuditorListPage
from app.gui.main_window import MainWindow, Page
from tests.gui.audit_helpers import completed, opened
from tests.gui.conftest import EXAMPLE, WindowFactory

pytestmark = pytest.mark.gui

PRACTICES = 50
PER_PRACTICE = 5
TOTAL = PRACTICES * PER_PRACTICE + 1


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with 251 assessments of 51 practices, made once for the module."""
    folder = tmp_path_factory.mktemp("questionnaires")
    shutil.copy(EXAMPLE, folder / "example.yaml")
    path = tmp_path_factory.mktemp("template") / "many.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(catalog, "questionnaires_dir", lambda: folder)
        patch.setenv("CYBERCABINET_HOME", str(tmp_path_factory.mktemp("home")))
        with opened(f"sqlite:///{path}") as store:
            for index in range(PRACTICES):
                practice = store.create_practice(PracticeInfo(f"Praxis {index:02d}"))
                for _turn in range(PER_PRACTICE):
                    store.create_assessment(practice.id, "example", "en")
            reviewed = completed(store, "Cabinet du Lac")
            store.set_review_item(reviewed, "BAK-01", ReviewItemStatus.CONFIRMED,
                                  auditor="Marc Keller")
    return path


@pytest.fixture
def many(template: Path, db_url: str, questionnaires: Path) -> None:
    shutil.copy(template, db_url.removeprefix("sqlite:///"))


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the list asks storage for what (and that it never loads a snapshot)."""
    from app.gui.database_store import DatabaseStore

    counted = {"count": 0, "page": 0}
    for name, key in (("count_assessment_rows", "count"), ("list_assessment_rows", "page")):
        real = getattr(DatabaseStore, name)

        def wrapper(self: DatabaseStore, query: Any, _real: Any = real, _key: str = key) -> Any:
            counted[_key] += 1
            return _real(self, query)
        monkeypatch.setattr(DatabaseStore, name, wrapper)
    return counted


def _list(window: MainWindow) -> AuditorListPage:
    window.show_auditor_list()
    page = window.auditor.list_page
    assert page is not None
    return page


def _names(page: AuditorListPage) -> list[str]:
    model = page.model
    return [str(model.index(row, AuditColumn.PRACTICE).data())
            for row in range(model.rowCount())]


def test_rows_come_a_page_at_a_time_one_query_each(
        qtbot: QtBot, open_window: WindowFactory, many: None, calls: dict[str, int]) -> None:
    window = open_window()
    page = _list(window)
    model = page.model
    assert model.total == TOTAL
    assert model.rowCount() == PAGE_SIZE, "the first page only"
    assert calls == {"count": 1, "page": 1}
    for expected in (2 * PAGE_SIZE, TOTAL):
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda expected=expected: model.rowCount() == expected)
    assert not model.canFetchMore()
    assert calls == {"count": 1, "page": 3}, "one query per page, none per row"
    assert page.count_label == "251 assessments"


def test_search_is_debounced_and_done_by_the_query(
        qtbot: QtBot, open_window: WindowFactory, many: None, calls: dict[str, int]) -> None:
    window = open_window()
    page = _list(window)
    qtbot.keyClicks(page.search_edit, "praxis 07")
    assert page.search_timer.isActive(), "the query waits for the typing to stop"
    assert calls["count"] == 1, "no query per keystroke"
    qtbot.waitUntil(lambda: page.model.total == PER_PRACTICE)
    assert calls["count"] == 2
    assert set(_names(page)) == {"Praxis 07"}
    page.search_edit.clear()
    qtbot.waitUntil(lambda: page.model.total == TOTAL)


def test_status_and_reviewer_filters(qtbot: QtBot, open_window: WindowFactory,
                                     many: None) -> None:
    window = open_window()
    page = _list(window)
    page.status_combo.setCurrentIndex(page.status_combo.findData(
        AssessmentStatus.COMPLETED.value))
    assert page.model.total == 1 and _names(page) == ["Cabinet du Lac"]
    page.status_combo.setCurrentIndex(0)
    qtbot.keyClicks(page.reviewer_edit, "keller")
    qtbot.waitUntil(lambda: page.model.total == 1)
    assert _names(page) == ["Cabinet du Lac"]
    qtbot.mouseClick(page.unreviewed_box, Qt.MouseButton.LeftButton)
    assert page.model.total == TOTAL - 1
    assert not page.reviewer_edit.isEnabled()


@pytest.mark.parametrize("column", list(AuditColumn))
def test_sorting_by_a_column_is_the_querys_order(
        qtbot: QtBot, open_window: WindowFactory, many: None, calls: dict[str, int],
        column: AuditColumn) -> None:
    window = open_window()
    page = _list(window)
    header = page.table.horizontalHeader()
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        header.setSortIndicator(column, order)
        query = page.model.query
        assert query.sort is list(SortKey)[column]
        assert query.descending is (order == Qt.SortOrder.DescendingOrder)
        assert page.model.rowCount() == PAGE_SIZE
    assert calls["count"] == 1, "sorting does not count again"
    if column is AuditColumn.PRACTICE:
        names = _names(page)
        assert names == sorted(names, key=str.lower, reverse=True)
        header.setSortIndicator(column, Qt.SortOrder.AscendingOrder)
        assert _names(page)[0] == "Cabinet du Lac"


def test_enter_opens_the_review_and_the_history_is_one_click_away(
        qtbot: QtBot, open_window: WindowFactory, many: None) -> None:
    window = open_window()
    page = _list(window)
    page.status_combo.setCurrentIndex(page.status_combo.findData(
        AssessmentStatus.COMPLETED.value))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_page() is Page.REVIEW
    review = window.auditor.review
    assert review is not None and review.snapshot.practice.name == "Cabinet du Lac"
    window.nav_button(Page.AUDITOR).click()
    assert window.current_page() is Page.AUDITOR
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is Page.HISTORY
    history = window.auditor.history_page
    assert history is not None and history.table.rowCount() == 1
