"""A whole assessment filled through the widgets, the window closed and reopened on the file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.scoring import score_assessment
from app.gui.main_window import MainWindow, Page
from app.gui.questionnaire_page import QuestionnairePage
from tests.gui.conftest import WindowFactory, press

pytestmark = pytest.mark.gui


def _page(window: MainWindow) -> QuestionnairePage:
    page = window.questionnaire_page
    assert page is not None
    return page


def _first_run(qtbot: QtBot, window: MainWindow) -> QuestionnairePage:
    start = window.start_page
    assert start.form.isVisible(), "first run shows the practice form"
    assert not start.create_button.isEnabled(), "a practice needs a name"
    qtbot.keyClicks(start.form.name_edit, "Cabinet medical des Alpes")
    qtbot.keyClicks(start.form.address_edit, "Rue du Lac 12, 1800 Vevey")
    qtbot.mouseClick(start.create_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is Page.QUESTIONNAIRE
    return _page(window)


def _click_answer(qtbot: QtBot, page: QuestionnairePage, value: str) -> None:
    answers = page.question_view.answers
    assert answers is not None
    button = next(b for b in answers.buttons if b.value == value)
    with qtbot.waitSignal(page.question_view.answered):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_fill_close_reopen_finds_everything(qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    page = _first_run(qtbot, window)
    # The country chosen in the practice form answers the country question: not asked again.
    assert window.session is not None and window.session.values()["PRF-COUNTRY"] == "ch"
    assert page.current_question_id == "PRF-SERVER"
    _click_answer(qtbot, page, "yes")                     # opens the server theme
    press(qtbot, page, Qt.Key.Key_Return)
    assert page.current_question_id == "BAK-01"
    press(qtbot, page, Qt.Key.Key_2)                      # partly
    note = page.question_view.note_edit
    qtbot.mouseClick(note.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(note, "Disque USB chez Dr Martin")
    with qtbot.waitSignal(window.session.note_saved, timeout=3000):  # type: ignore[union-attr]
        pass                                              # saved after a short pause
    assert page.saved_indicator.shown
    page.question_view.focus_answer()
    press(qtbot, page, Qt.Key.Key_Return)
    assert page.current_question_id == "BAK-02"
    answers = page.question_view.answers
    assert answers is not None and answers.spin_box is not None
    qtbot.keyClicks(answers.spin_box, "1")
    qtbot.keyClick(answers.spin_box, Qt.Key.Key_Return)   # saves and goes on
    assert page.current_question_id == "SRV-01"
    press(qtbot, page, Qt.Key.Key_2)                      # no
    press(qtbot, page, Qt.Key.Key_PageDown)
    assert page.current_question_id == "SRV-02"
    press(qtbot, page, Qt.Key.Key_2)                      # nobody
    press(qtbot, page, Qt.Key.Key_Return)
    assert page.current_question_id == "AWR-01"
    press(qtbot, page, Qt.Key.Key_1)                      # phishing
    press(qtbot, page, Qt.Key.Key_2)                      # and passwords
    press(qtbot, page, Qt.Key.Key_Return)
    assert window.current_page() is Page.RESULTS

    session = window.session
    assert session is not None
    expected = {"PRF-COUNTRY": "ch", "PRF-SERVER": "yes", "BAK-01": "partly", "BAK-02": 1.0,
                "SRV-01": "no", "SRV-02": "nobody", "AWR-01": ("phishing", "passwords")}
    assert session.values() == expected
    score = session.score()
    results = window.results_page
    assert results is not None
    assert results.score_text() == str(round(score.overall or 0))
    assert [r.question.id for r in score.critical_gaps] == ["BAK-01"]
    assert results.gaps_model.rowCount() == 1

    # back to the backups theme, second question, then close "in the middle"
    window.nav_button(Page.QUESTIONNAIRE).click()
    themes = page.theme_model
    qtbot.mouseClick(page.theme_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.theme_list.visualRect(themes.index(themes.row_of("BAK"))).center())
    assert page.current_question_id == "BAK-01"
    press(qtbot, page, Qt.Key.Key_PageDown)
    assert page.current_question_id == "BAK-02"
    window.close()

    reopened = open_window()
    again = _page(reopened)
    assert reopened.current_page() is Page.QUESTIONNAIRE
    assert again.current_question_id == "BAK-02"
    assert reopened.session is not None
    assert reopened.session.values() == expected
    assert reopened.session.note("BAK-01") == "Disque USB chez Dr Martin"
    rescored = score_assessment(reopened.session.questionnaire, reopened.session.values())
    assert rescored.overall == score.overall
    assert rescored.level == score.level
    spin = again.question_view.answers.spin_box  # type: ignore[union-attr]
    assert spin is not None and spin.value() == 1.0


def test_half_done_draft_reopens_on_the_same_question(qtbot: QtBot,
                                                       open_window: WindowFactory) -> None:
    window = open_window()
    page = _first_run(qtbot, window)                      # the form's country answers it
    _click_answer(qtbot, page, "no")                      # no server
    press(qtbot, page, Qt.Key.Key_Return)
    press(qtbot, page, Qt.Key.Key_3)                      # BAK-01: no
    assert page.current_question_id == "BAK-01"
    window.close()

    reopened = open_window()
    again = _page(reopened)
    assert again.current_question_id == "BAK-01"
    answers = again.question_view.answers
    assert answers is not None
    assert [b.value for b in answers.buttons if b.isChecked()] == ["no"]
    assert reopened.session is not None
    assert reopened.session.progress() == (3, 5)
    reopened.show_page(Page.START)
    summary = reopened.start_page.model.summary(0)
    assert (summary.answered, summary.asked) == (3, 5), "home counts as the questionnaire does"


def test_skip_logic_hides_and_shows_questions_live(qtbot: QtBot,
                                                   open_window: WindowFactory) -> None:
    window = open_window()
    page = _first_run(qtbot, window)
    themes = page.theme_model
    assert "SRV" not in themes.section_keys(), "no server question before the profile says so"
    _click_answer(qtbot, page, "yes")
    assert themes.section_keys() == ["profile", "BAK", "SRV", "AWR"]
    assert themes.data(themes.index(themes.row_of("SRV")), Qt.ItemDataRole.AccessibleTextRole) \
        == "Server: 0 of 1 answered", "SRV-02 waits for SRV-01"
    _click_answer(qtbot, page, "no")
    assert themes.section_keys() == ["profile", "BAK", "AWR"]
    session = window.session
    assert session is not None
    assert "SRV-01" not in session.visible_ids()
    assert session.progress() == (2, 5)


def test_keyboard_navigation(qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    page = _first_run(qtbot, window)                      # the country is the form's
    assert page.current_question_id == "PRF-SERVER"
    press(qtbot, page, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.current_question_id == "PRF-COUNTRY"
    press(qtbot, page, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert page.current_question_id == "PRF-SERVER"
    press(qtbot, page, Qt.Key.Key_PageUp)
    assert page.current_question_id == "PRF-COUNTRY"
    press(qtbot, page, Qt.Key.Key_PageDown)
    press(qtbot, page, Qt.Key.Key_9)                      # no answer 9: nothing happens
    assert window.session is not None
    assert window.session.value("PRF-SERVER") is None
    press(qtbot, page, Qt.Key.Key_2)
    assert window.session.value("PRF-SERVER") == "no"
    # typing a digit in the note types it, and does not choose an answer
    note = page.question_view.note_edit
    note.setFocus()
    qtbot.keyClicks(note, "1")
    assert note.toPlainText() == "1"
    assert window.session.value("PRF-SERVER") == "no"


def test_i_dont_know_and_not_applicable(qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    page = _first_run(qtbot, window)                      # the country is the form's
    answers = page.question_view.answers
    assert answers is not None
    assert [b.value for b in answers.buttons] == ["yes", "no"], \
        "the profile does not allow 'I don't know'"
    _click_answer(qtbot, page, "yes")
    page.show_question("SRV-01")
    answers = page.question_view.answers
    assert answers is not None
    assert [b.value for b in answers.buttons] == ["yes", "no", "unknown", "not_applicable"]
    _click_answer(qtbot, page, "unknown")
    results = window.results_page
    assert results is not None
    assert results.unknowns_model.rowCount() == 1
    _click_answer(qtbot, page, "not_applicable")
    assert results.unknowns_model.rowCount() == 0
    page.show_question("AWR-01")
    _click_answer(qtbot, page, "passwords")
    _click_answer(qtbot, page, "none")                    # exclusive: clears the others
    assert window.session is not None
    assert window.session.value("AWR-01") == ("none",)
