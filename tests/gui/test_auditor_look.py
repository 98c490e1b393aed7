"""The auditor's pages speak the language chosen (every text set again on the switch) and
nothing clips at 1366x768 with a 1.5x font and texts 40 % longer than English (as German is);
every control has a name for screen readers and Tab reaches the verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.review import ReviewItemStatus
from app.gui.main_window import MainWindow, Page
from tests.gui.audit_helpers import ANSWERS, completed, opened, review_page
from tests.gui.conftest import WindowFactory
from tests.gui.test_language import MARK, _switch, pseudo_french, visible_texts
from tests.gui.test_layout import _fits_screen, clipped, long_texts_large_font

pytestmark = pytest.mark.gui
__all__ = ["long_texts_large_font", "pseudo_french"]  # fixtures, used by name


@pytest.fixture
def reviewed(questionnaires: Path, db_url: str) -> str:
    """Two assessments of a practice; the later one under review, one answer disputed."""
    with opened(db_url) as store:
        first = completed(store, answers={**ANSWERS, "BAK-02": 2.0})
        later = completed(store, answers={**ANSWERS, "BAK-01": "yes"},
                          practice_id=store.practice_of(first))
        store.set_review_item(later, "BAK-01", ReviewItemStatus.DISPUTED, comment="Proof?",
                              proposed="partly", auditor="Marc Keller")
    return later


def _pages(window: MainWindow, assessment: str) -> list[Page]:
    """Visit the three pages (each made once), the review on its disputed answer."""
    window.show_auditor_list()
    assert window.open_review(assessment)
    review_page(window).show_question("BAK-01")
    review_page(window).practice_history_requested.emit()
    return [Page.AUDITOR, Page.REVIEW, Page.HISTORY]


def test_the_auditors_pages_switch_language_at_once(
        qtbot: QtBot, open_window: WindowFactory, reviewed: str, pseudo_french: None) -> None:
    window = open_window()
    pages = _pages(window, reviewed)
    english = {page: visible_texts(_shown(window, page)) for page in pages}
    assert "Your verdict" in english[Page.REVIEW]
    _switch(qtbot, window, "fr")
    qtbot.waitUntil(lambda: window.nav_button(Page.REVIEW).text().startswith(MARK))
    for page in pages:
        root = _shown(window, page)
        left_over = {t for t in english[page] & visible_texts(root) if not t.startswith(MARK)}
        assert not left_over, f"{page.name}: still in English: {left_over}"
        for table in root.findChildren(QTableView):
            header = table.model().headerData(0, Qt.Orientation.Horizontal)
            assert str(header).startswith(MARK), (page.name, header)
    listing = window.auditor.list_page
    assert listing is not None
    assert listing.count_label.startswith(MARK)
    assert str(listing.model.index(0, 2).data()).startswith(MARK), "statuses in the new language"


def test_nothing_clips_with_long_texts_and_a_large_font(
        qtbot: QtBot, long_texts_large_font: None, open_window: WindowFactory,
        reviewed: str) -> None:
    window = open_window()
    window.switch_language("de")
    qtbot.waitUntil(lambda: window.nav_button(Page.START).text().endswith("ö"))
    for page in [*_pages(window, reviewed), Page.START]:  # Home: with the auditor's tab
        window.show_page(page)
        assert clipped(window) == [], page.name
        minimum = window.minimumSizeHint()
        assert minimum.width() <= 1366 and minimum.height() <= 768, (page.name, minimum)
        _fits_screen(window)


def test_every_control_has_a_name_and_tab_reaches_the_verdicts(
        qtbot: QtBot, open_window: WindowFactory, reviewed: str) -> None:
    window = open_window()
    for page in _pages(window, reviewed):
        window.show_page(page)
        root = _shown(window, page)
        for widget in root.findChildren(QComboBox) + root.findChildren(QLineEdit) \
                + root.findChildren(QPlainTextEdit) + root.findChildren(QTableView):
            if widget.isVisibleTo(root) and not isinstance(widget.parent(), QComboBox):
                assert widget.accessibleName(), (page.name, type(widget).__name__)
        for button in root.findChildren(QAbstractButton):
            if button.isVisibleTo(root):
                assert button.text() or button.accessibleName(), page.name
    window.show_page(Page.REVIEW)
    page = review_page(window)
    page.focus_list()
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    first = page.detail.verdict_button(ReviewItemStatus.CONFIRMED)
    assert first.hasFocus(), "Tab goes from the list to the verdicts"


def _shown(window: MainWindow, page: Page) -> QWidget:
    window.show_page(page)
    widget = {Page.AUDITOR: window.auditor.list_page, Page.REVIEW: window.auditor.review_page,
              Page.HISTORY: window.auditor.history_page}[page]
    assert widget is not None
    return widget


def test_the_auditor_screenshots_are_taken(qtbot: QtBot, questionnaires: Path,
                                           tmp_path: Path) -> None:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from tests.gui.auditor_screenshots import take_auditor_screenshots

    shots = take_auditor_screenshots(tmp_path, "example", "de", folder=questionnaires)
    assert [path.name for path in shots] == ["auditor-list-de.png", "review-de.png",
                                             "history-de.png"]
    for path in shots:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1366, 768), path.name
    for widget in QApplication.topLevelWidgets():
        widget.close()
