"""Settings, About, accessibility, tab order, notes, and the screenshot script."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.assessment import PracticeInfo
from app.gui.about_dialog import AboutDialog
from app.gui.main_window import Page
from app.gui.memory_store import MemoryStore
from app.gui.session import AssessmentSession
from app.gui.settings import AppSettings
from app.gui.settings_dialog import SettingsDialog
from app.paths import data_dir
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import create_practice, fill_example, page_of, session_of

pytestmark = pytest.mark.gui


def test_first_run_takes_the_system_language(monkeypatch: pytest.MonkeyPatch,
                                             qapp: QApplication) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "de_CH.UTF-8")
    assert AppSettings().language == "de"
    settings = AppSettings()
    settings.language = "it"
    settings.sync()
    assert AppSettings().language == "it"
    assert (data_dir() / "window.ini").exists(), "settings live in the data folder"


def test_about_lists_the_libraries_and_their_licences(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    licences = dict(dialog.libraries)
    assert licences["Qt for Python (PySide6)"] == "LGPL-3.0"
    assert licences["cryptography"] == "Apache-2.0 / BSD"
    assert {"SQLAlchemy", "Alembic", "ReportLab", "pyHanko", "Babel", "pydantic", "PyYAML",
            "platformdirs"} <= set(licences)


def test_settings_show_the_data_folder_and_edit_the_practice(
        qtbot: QtBot, open_window: WindowFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    create_practice(qtbot, window)
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr("app.gui.settings_dialog.QDesktopServices.openUrl", open_url)

    def drive(dialog: SettingsDialog | AboutDialog) -> bool:
        assert isinstance(dialog, SettingsDialog)
        texts = [w.text() for w in dialog.findChildren(QWidget) if hasattr(w, "text")]
        assert str(data_dir()) in texts
        next(b for b in dialog.findChildren(QAbstractButton)
             if b.text() == "Open in the file manager").click()
        form = dialog.practice_form
        form.name_edit.setText("Cabinet des Alpes")
        form.country_combo.setCurrentIndex(form.country_combo.findData("FR"))
        dialog.on_buttons_accepted()
        return True

    monkeypatch.setattr(window, "exec_dialog", drive)
    window.open_settings()
    assert opened == [str(data_dir())]
    practice = window.store.practice()
    assert practice is not None
    assert (practice.info.name, practice.info.country) == ("Cabinet des Alpes", "FR")
    assert window.windowTitle() == "CyberCabinet — Cabinet des Alpes"
    window.show_page(Page.START)
    assert any("France" in str(w.text()) for w in window.start_page.findChildren(QWidget)
               if hasattr(w, "text") and w.isVisible())


def test_every_control_has_a_name_for_screen_readers(qtbot: QtBot,
                                                    open_window: WindowFactory) -> None:
    window = open_window()
    fill_example(qtbot, window)
    for page in (Page.QUESTIONNAIRE, Page.RESULTS, Page.ACTIONS, Page.START):
        window.show_page(page)
        for widget in window.findChildren(QWidget):
            if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue
            if isinstance(widget, QAbstractButton):
                assert widget.text() or widget.accessibleName(), widget
            elif isinstance(widget, (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox,
                                     QAbstractItemView)) and widget.parent() is not None \
                    and not isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
                assert widget.accessibleName(), (page, widget)


def test_tab_goes_through_answers_then_note_then_buttons(qtbot: QtBot,
                                                         open_window: WindowFactory) -> None:
    window = open_window()
    create_practice(qtbot, window)
    page = page_of(window)
    page.show_question("PRF-SERVER")
    view = page.question_view
    answers = view.answers
    assert answers is not None
    buttons = answers.buttons
    buttons[0].setFocus()
    order: list[QWidget | None] = [buttons[0]]
    for _step in range(len(buttons) + 2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order[: len(buttons)] == buttons
    assert order[len(buttons)] is view.note_edit
    after_note = order[len(buttons) + 1]
    assert isinstance(after_note, QAbstractButton) and after_note.text().endswith("Previous")


def test_a_note_typed_before_the_answer_is_saved_with_it(qtbot: QtBot,
                                                          open_window: WindowFactory) -> None:
    window = open_window()
    create_practice(qtbot, window)
    page = page_of(window)
    session = session_of(window)
    # The form's country (CH) answered PRF-COUNTRY: the window opens on the next question.
    assert session.value("PRF-COUNTRY") == "ch"
    assert page.current_question_id == "PRF-SERVER"
    view = page.question_view
    note = view.note_edit
    note.setFocus()
    qtbot.keyClicks(note, "ask the provider")
    qtbot.keyClick(note, Qt.Key.Key_Tab)  # focus leaves: saved at once
    assert session.note("PRF-SERVER") == "ask the provider"
    assert session.value("PRF-SERVER") is None
    pending = [w.text() for w in view.findChildren(QWidget)
               if hasattr(w, "text") and w.isVisible() and "choose an answer" in str(w.text())]
    assert pending, "the person is told the note waits for an answer"
    answers = view.answers
    assert answers is not None
    with qtbot.waitSignal(session.answer_saved):
        answers.buttons[1].click()
    window.close()
    reopened = open_window()
    assert session_of(reopened).note("PRF-SERVER") == "ask the provider"


def test_unticking_every_choice_clears_the_answer(qapp: QApplication,
                                                  questionnaires: Path) -> None:
    store = MemoryStore()
    practice = store.create_practice(PracticeInfo("P"))
    session = AssessmentSession(store, store.create_assessment(practice.id, "example", "en"))
    assert session.answer("AWR-01", ("phishing",))
    assert session.answer("AWR-01", None)
    assert session.value("AWR-01") is None
    assert not session.answer("AWR-01", ("phishing", "none")), "refused by the domain"


def test_screenshot_script_grabs_every_page(qtbot: QtBot, questionnaires: Path,
                                           tmp_path: Path) -> None:
    from tests.gui.screenshots import take_screenshots

    shots = take_screenshots(tmp_path / "shots", "example", question=("BAK-01",),
                             folder=questionnaires)
    names = {path.name for path in shots}
    assert {"start.png", "questionnaire.png", "results.png", "action-plan.png", "settings.png",
            "questionnaire-150.png"} <= names
    for path in shots:
        image = QImage(str(path))
        assert not image.isNull()
        if path.name != "settings.png":
            assert (image.width(), image.height()) == (1366, 768), path.name
    for widget in QApplication.topLevelWidgets():
        widget.close()
