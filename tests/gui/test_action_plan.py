"""The action plan editor: edits through the delegates persist; filters; "n of m done"."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.domain.assessment import ActionStatus
from app.domain.vocabulary import Owner
from app.gui.action_plan_model import KEY_ROLE, Column
from app.gui.action_plan_page import ActionPlanPage
from app.gui.main_window import MainWindow, Page
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import fill_example, session_of

pytestmark = pytest.mark.gui


def _plan_page(window: MainWindow) -> ActionPlanPage:
    window.nav_button(Page.ACTIONS).click()
    page = window.action_plan_page
    assert page is not None and page.isVisible()
    return page


def _row_of(page: ActionPlanPage, key: str) -> int:
    proxy = page.proxy
    return next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(KEY_ROLE) == key)


def _editor(qtbot: QtBot, page: ActionPlanPage, index: QModelIndex) -> QWidget:
    """Open the cell's editor as the keyboard does (F2 on the current cell)."""
    table = page.table
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    center = table.visualRect(index).center()

    def editor() -> QWidget | None:
        return next((w for w in table.viewport().findChildren(QWidget)
                     if w.parent() is table.viewport() and w.isVisible()
                     and w.geometry().contains(center)), None)

    qtbot.waitUntil(lambda: editor() is not None)
    found = editor()
    assert found is not None
    return found


def test_edits_persist_and_filters_work(qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    fill_example(qtbot, window)
    page = _plan_page(window)
    session = session_of(window)
    keys = [page.proxy.index(r, 0).data(KEY_ROLE) for r in range(page.proxy.rowCount())]
    assert keys == [p.key for p in session.action_plan()], "the domain's priority order"
    total = len(keys)
    assert page.progress_text() == f"0 of {total} actions done"

    # status: To do -> Done, through the combo box delegate
    row = _row_of(page, "SRV-02")
    editor = _editor(qtbot, page, page.proxy.index(row, Column.STATUS))
    assert isinstance(editor, QComboBox)
    editor.setCurrentIndex(editor.findData(ActionStatus.DONE.value))
    editor.activated.emit(editor.currentIndex())
    qtbot.waitUntil(lambda: page.progress_text() == f"1 of {total} actions done")

    # owner, due date and comment of another action
    row = _row_of(page, "BAK-01")
    editor = _editor(qtbot, page, page.proxy.index(row, Column.OWNER))
    assert isinstance(editor, QComboBox)
    editor.setCurrentIndex(editor.findData(Owner.PRACTICE.value))
    editor.activated.emit(editor.currentIndex())
    editor = _editor(qtbot, page, page.proxy.index(row, Column.DUE))
    assert isinstance(editor, QDateEdit)
    editor.setDate(QDate(2031, 5, 17))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.proxy.index(row, Column.DUE).data(Qt.ItemDataRole.EditRole)
                    == QDate(2031, 5, 17))
    editor = _editor(qtbot, page, page.proxy.index(row, Column.COMMENT))
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Call the provider on Monday")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # committed once the event loop runs
    qtbot.waitUntil(lambda: page.proxy.index(row, Column.COMMENT).data()
                    == "Call the provider on Monday")
    state = page.model.state(page.proxy.mapToSource(page.proxy.index(row, 0)).row())
    assert state.owner is Owner.PRACTICE
    assert state.due_date == dt.date(2031, 5, 17)
    assert state.comment == "Call the provider on Monday"

    # filters
    page.owner_filter.setCurrentIndex(page.owner_filter.findData(Owner.IT_PROVIDER.value))
    shown = {page.proxy.index(r, 0).data(KEY_ROLE) for r in range(page.proxy.rowCount())}
    assert "BAK-01" not in shown and shown
    assert all(page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) == "it_provider"
               for r in range(page.proxy.rowCount()))
    page.owner_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(page.status_filter.findData(ActionStatus.DONE.value))
    assert page.proxy.rowCount() == 1
    page.status_filter.setCurrentIndex(0)
    window.close()

    reopened = open_window()
    again = _plan_page(reopened)
    assert again.progress_text() == f"1 of {total} actions done"
    states = {again.model.state(r).question_id: again.model.state(r)
              for r in range(again.model.rowCount())}
    assert states["SRV-02"].status is ActionStatus.DONE
    assert states["BAK-01"].owner is Owner.PRACTICE
    assert states["BAK-01"].due_date == dt.date(2031, 5, 17)
    assert states["BAK-01"].comment == "Call the provider on Monday"


def test_selecting_an_action_explains_it(qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    fill_example(qtbot, window)
    page = _plan_page(window)
    row = _row_of(page, "AWR-01")
    page.table.selectRow(row)
    assert "Every year." in page.detail_text()
    assert "first step is to find out" in page.detail_text(), "answered 'I don't know'"
