"""What moving to the next question keeps instead of recomputing (issue 11: a move in a frame)
stays right: the asked questions' index after answers hide or show questions, the theme list's
measured rows after a language switch or a resize, wrapped labels' heights, the panels of
questions not on screen during a language switch."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from app.domain.skip_logic import visible_question_ids
from app.gui.asked_index import AskedIndex
from app.gui.main_window import MainWindow
from app.gui.questionnaire_page import QuestionnairePage
from app.gui.session import AssessmentSession
from app.gui.theme_list_model import ANSWERED_ROLE, ThemeDelegate
from app.gui.wrap_label import WrapLabel
from tests.gui.conftest import WindowFactory, press
from tests.gui.helpers import create_practice, page_of, session_of

pytestmark = pytest.mark.gui


def _click(qtbot: QtBot, page: QuestionnairePage, value: str) -> None:
    answers = page.question_view.answers
    assert answers is not None
    button = next(b for b in answers.buttons if b.value == value)
    with qtbot.waitSignal(page.question_view.answered):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _expected(session: AssessmentSession) -> tuple[list[str], int]:
    """The asked questions and the answered count, from the domain, without any cache."""
    visible = visible_question_ids(session.questionnaire, session.values())
    asked = [q.id for q in session.questionnaire.all_questions() if q.id in visible]
    return asked, sum(1 for qid in asked if session.value(qid) is not None)


def _check_index(session: AssessmentSession) -> None:
    asked, answered = _expected(session)
    assert [q.id for q in session.asked_questions()] == asked
    assert session.progress() == (answered, len(asked))
    for position, qid in enumerate(asked):
        after = asked[position + 1] if position + 1 < len(asked) else None
        before = asked[position - 1] if position > 0 else None
        assert session.neighbour(qid, +1) == after
        assert session.neighbour(qid, -1) == before
    for section in session.sections():
        ids = [q.id for q in section.questions]
        for number, qid in enumerate(ids, start=1):
            assert session.place(qid) == (section.key, number, len(ids))


def _visible_texts(root: QWidget) -> set[str]:
    return {re.sub(r"<[^>]+>", "", w.text()) for w in root.findChildren(QLabel)
            if w.isVisibleTo(root) and w.text()}


def test_progress_and_neighbours_follow_answers_that_hide_and_show_questions(
        qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    create_practice(qtbot, window)
    page, session = page_of(window), session_of(window)
    page.show_question("PRF-SERVER")
    _click(qtbot, page, "no")
    _check_index(session)
    assert "SRV-01" not in [q.id for q in session.asked_questions()]
    assert session.neighbour("BAK-02", +1) == "AWR-01"

    _click(qtbot, page, "yes")                      # the server theme appears
    _check_index(session)
    assert session.neighbour("BAK-02", +1) == "SRV-01"
    answered, asked = session.progress()
    assert f"{answered} of {asked} questions answered" in _visible_texts(page)

    page.show_question("SRV-01")
    assert "Server · question 1 of 1" in _visible_texts(page)
    _click(qtbot, page, "yes")                      # SRV-02 appears after it
    _check_index(session)
    assert "Server · question 1 of 2" in _visible_texts(page), "the place follows at once"
    press(qtbot, page, Qt.Key.Key_Return)
    assert page.current_question_id == "SRV-02"

    page.show_question("PRF-SERVER")
    _click(qtbot, page, "no")                       # SRV-01 and SRV-02 hidden again
    _check_index(session)
    press(qtbot, page, Qt.Key.Key_Return)
    assert page.current_question_id == "BAK-01"


def test_neighbours_of_a_question_that_is_no_longer_asked(
        qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    create_practice(qtbot, window)
    session = session_of(window)
    visible = {"PRF-COUNTRY", "PRF-SERVER", "BAK-01", "BAK-02", "AWR-01"}
    index = AskedIndex(session.questionnaire, visible, {"BAK-01"})
    assert index.neighbour("SRV-01", +1) == "AWR-01"
    assert index.neighbour("SRV-01", -1) == "BAK-02"
    assert index.neighbour("SRV-02", +1) == "AWR-01"
    assert index.neighbour("AWR-01", +1) is None
    assert index.neighbour("PRF-COUNTRY", -1) is None
    assert index.neighbour("NOT-A-QUESTION", +1) is None
    assert index.answered == 1
    assert index.place("SRV-01", "SRV") == ("SRV", 1, 1)  # a hidden theme: one of one
    assert index.place("BAK-02", "BAK") == ("BAK", 2, 2)


def _row_sizes(window: MainWindow, delegate: ThemeDelegate) -> list[tuple[int, int]]:
    page = page_of(window)
    view = page.theme_list
    model = page.theme_model
    option = QStyleOptionViewItem()
    option.initFrom(view)  # type: ignore[attr-defined]
    option.font = view.font()  # type: ignore[attr-defined]
    sizes = []
    for row in range(model.rowCount()):
        size = delegate.sizeHint(option, model.index(row, 0, QModelIndex()))
        sizes.append((size.width(), size.height()))
    return sizes


def test_theme_list_sizes_stay_right_after_a_language_switch_and_a_resize(
        qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    create_practice(qtbot, window)
    page = page_of(window)
    view = page.theme_list
    delegate = view.itemDelegate()
    assert isinstance(delegate, ThemeDelegate)

    def fresh() -> list[tuple[int, int]]:
        return _row_sizes(window, ThemeDelegate(view))

    before = _row_sizes(window, delegate)
    assert before == fresh()
    assert delegate.layouts_kept > 0

    window.switch_language("fr")
    qtbot.waitUntil(lambda: page.theme_model.index(1, 0).data() == "Sauvegardes")
    assert _row_sizes(window, delegate) == fresh()

    view.setFixedWidth(view.fontMetrics().horizontalAdvance("Sauvegardes") + 10)
    qtbot.waitUntil(lambda: _row_sizes(window, delegate) == fresh())
    narrow = _row_sizes(window, delegate)
    assert [h for _w, h in narrow] != [h for _w, h in before], "the titles wrap now"
    for row, (_width, height) in enumerate(narrow):  # the view laid its rows out with them
        qtbot.waitUntil(lambda r=row, h=height: view.visualRect(  # type: ignore[misc]
            page.theme_model.index(r, 0)).height() == h)

    page.show_question("BAK-01")
    press(qtbot, page, Qt.Key.Key_2)                # a new count: "1/2"
    qtbot.waitUntil(lambda: page.theme_model.index(1, 0).data(ANSWERED_ROLE) == 1)
    assert _row_sizes(window, delegate) == fresh()
    window.switch_language("en")


def test_moving_between_questions_measures_no_theme_title_again(
        qtbot: QtBot, open_window: WindowFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    create_practice(qtbot, window)
    page, session = page_of(window), session_of(window)
    asked = [q.id for q in session.asked_questions()]
    for qid in asked:                               # every row measured once, at this width
        page.show_question(qid)
        qtbot.wait(1)
    measured: list[str] = []
    real = ThemeDelegate._measure

    def counting(width: int, font: QFont, title: str, count: str) -> object:
        measured.append(title)
        return real(width, font, title, count)

    monkeypatch.setattr(ThemeDelegate, "_measure", staticmethod(counting))
    page.show_question(asked[0])
    for _qid in asked[1:]:
        press(qtbot, page, Qt.Key.Key_Return)
        qtbot.wait(1)
    assert page.current_question_id == asked[-1]
    assert measured == []


def test_wrap_label_height_follows_text_font_and_margins(qtbot: QtBot) -> None:
    cached, plain = WrapLabel(), QLabel()
    for widget in (cached, plain):
        qtbot.addWidget(widget)
        widget.setWordWrap(True)
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def same() -> None:
        for width in (80, 200, 600, 200):
            assert cached.heightForWidth(width) == plain.heightForWidth(width)

    long = "A question long enough to wrap on several lines at a narrow width " * 3
    for widget in (cached, plain):
        widget.setText("Short")
    same()
    short_height = cached.heightForWidth(200)
    for widget in (cached, plain):
        widget.setText(long)
    same()
    assert cached.heightForWidth(200) > short_height
    font = QFont(cached.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    for widget in (cached, plain):
        widget.setFont(font)
    same()
    for widget in (cached, plain):
        widget.setContentsMargins(20, 5, 20, 5)
    same()
    for widget in (cached, plain):
        widget.setStyleSheet("padding: 0.5em;")
    same()


def test_a_panel_hidden_during_a_language_switch_shows_the_new_language(
        qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    create_practice(qtbot, window)
    page = page_of(window)
    page.show_question("BAK-01")
    answers = page.question_view.answers
    assert "Do you back up daily?" in _visible_texts(page)
    page.show_question("PRF-SERVER")
    window.switch_language("fr")
    qtbot.waitUntil(lambda: "Le cabinet a-t-il un serveur ?" in _visible_texts(page))
    page.show_question("BAK-01")
    assert page.question_view.answers is answers, "the same widgets, kept"
    texts = _visible_texts(page)
    assert "Sauvegardez-vous chaque jour ?" in texts
    assert "Pour repartir après une attaque." in texts
    assert "Do you back up daily?" not in texts
    assert not any(t.startswith("Backups ·") for t in texts)
    window.switch_language("en")
    qtbot.waitUntil(lambda: "Do you back up daily?" in _visible_texts(page))


def test_the_next_questions_widgets_are_made_while_the_person_reads(
        qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    create_practice(qtbot, window)
    page = page_of(window)
    view = page.question_view
    page.show_question("BAK-01")
    following = session_of(window).neighbour("BAK-01", +1)
    assert following == "BAK-02"
    assert view.kept_panel(following) is None
    qtbot.waitUntil(lambda: view.kept_panel(following) is not None)
    prepared = view.kept_panel(following)
    assert prepared is not None
    assert not prepared.head.isVisible(), "made hidden, not shown"
    press(qtbot, page, Qt.Key.Key_Return)
    assert page.current_question_id == "BAK-02"
    assert view.answers is prepared.answers
    assert prepared.head.isVisible() and prepared.side.isVisible()


def test_the_scrolled_page_paints_the_style_sheets_background(
        qtbot: QtBot, open_window: WindowFactory) -> None:
    from app.gui.look import BACKGROUND

    window = open_window()
    create_practice(qtbot, window)
    page = page_of(window)
    page.show_question("PRF-COUNTRY")
    holder = page.question_view.parentWidget()
    assert holder is not None and holder.objectName() == "page"
    image = holder.grab().toImage()
    corner = image.pixelColor(image.width() - 3, image.height() - 3)
    assert corner.name() == BACKGROUND


def test_only_the_panels_seen_last_are_kept(
        qtbot: QtBot, open_window: WindowFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.gui.question_view as question_view

    monkeypatch.setattr(question_view, "MAX_PANELS_KEPT", 2)
    window = open_window()
    create_practice(qtbot, window)
    page, session = page_of(window), session_of(window)
    view = page.question_view
    asked = [q.id for q in session.asked_questions()]
    page.show_question(asked[0])
    for qid in asked[1:]:
        press(qtbot, page, Qt.Key.Key_Return)
        assert page.current_question_id == qid
        assert view.kept_panel(qid) is not None
    assert [qid for qid in asked if view.kept_panel(qid) is not None] == asked[-2:]
    page.show_question(asked[0])                    # made again, and shown right
    assert view.answers is not None and view.answers.isVisible()
    assert session.questionnaire.question(asked[0]) is view.question
    texts = _visible_texts(page)
    assert "Country of the practice" in texts
    assert "Your practice · question 1 of 2" in texts
