"""Review mode through the widgets: verdicts, a disputed answer with its proposal, a comment and
the opinion, all saved at once on a real SQLite file and all back after reopening; the
practice's answers never change; the filters, the keys, and what cannot be reviewed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.review import ReviewItemStatus
from app.gui.main_window import Page
from app.gui.review_model import ReviewFilter
from tests.gui.audit_helpers import ANSWERS, completed, go_to, key, opened, review_page
from tests.gui.conftest import WindowFactory

pytestmark = pytest.mark.gui

AUDITOR = "Marc Keller"
COMMENT = "No restore test in the last year."
OPINION = "Sound basis; the backups need a tested restore."


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def show(_parent: object, _title: str, text: str, *_args: object,
             **_kwargs: object) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(show))
    return shown


@pytest.fixture
def assessment(questionnaires: Path, db_url: str) -> str:
    with opened(db_url) as store:
        return completed(store)


def test_a_review_given_through_the_widgets_is_all_back_after_reopening(
        qtbot: QtBot, open_window: WindowFactory, assessment: str,
        messages: list[str]) -> None:
    window = open_window()
    qtbot.mouseClick(window.start_page.auditor_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is Page.AUDITOR
    listing = window.auditor.list_page
    assert listing is not None and listing.model.rowCount() == 1
    qtbot.keyClick(listing.table, Qt.Key.Key_Return)
    assert window.current_page() is Page.REVIEW
    page = review_page(window)
    assert page.visible_question_ids() == list(ANSWERS)
    assert page.current_question_id == "PRF-COUNTRY"

    qtbot.keyClicks(page.opinion.auditor_edit, AUDITOR)
    qtbot.keyClick(page.opinion.auditor_edit, Qt.Key.Key_Tab)
    page.focus_list()
    key(qtbot, page, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # confirmed
    go_to(qtbot, page, "BAK-01")
    key(qtbot, page, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # disputed
    proposal = page.detail.proposal
    assert proposal is not None, "a disputed answer asks for the right one"
    key(qtbot, page, Qt.Key.Key_1)  # "Yes" is the answer the auditor believes right
    qtbot.mouseClick(page.detail.comment_edit.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.detail.comment_edit, COMMENT)
    qtbot.keyClick(page.detail.comment_edit, Qt.Key.Key_Tab)  # leaving the field saves it
    go_to(qtbot, page, "SRV-01")
    qtbot.mouseClick(page.detail.verdict_button(ReviewItemStatus.EVIDENCE_NEEDED),
                     Qt.MouseButton.LeftButton)
    go_to(qtbot, page, "AWR-01")
    qtbot.mouseClick(page.detail.verdict_button(ReviewItemStatus.CONFIRMED),
                     Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.opinion.opinion_edit.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.opinion.opinion_edit, OPINION)
    qtbot.mouseClick(page.opinion.concluded_box, Qt.MouseButton.LeftButton)
    assert messages == []

    session = page.session
    assert session.self_score().overall is not None
    assert (session.reviewed_score().overall or 0) > session.self_score().overall, \
        "the disputed 'no' counted as the proposed 'yes'"
    page.set_filter(ReviewFilter.DISPUTED)
    assert page.visible_question_ids() == ["BAK-01"]
    page.set_filter(ReviewFilter.NOT_REVIEWED)
    assert page.visible_question_ids() == ["PRF-SERVER", "BAK-02", "SRV-02"]
    window.close()

    reopened = open_window()
    store = reopened.store
    snapshot = store.load_snapshot(assessment)
    assert snapshot.values == ANSWERS, "the practice's answers are never touched"
    review = store.review(assessment)
    assert review is not None and review.auditor == AUDITOR
    assert review.opinion == OPINION and review.reviewed_at is not None
    assert {qid: item.status for qid, item in review.items.items()} == {
        "PRF-COUNTRY": ReviewItemStatus.CONFIRMED, "BAK-01": ReviewItemStatus.DISPUTED,
        "SRV-01": ReviewItemStatus.EVIDENCE_NEEDED, "AWR-01": ReviewItemStatus.CONFIRMED}
    assert review.items["BAK-01"].proposed == "yes"
    assert review.items["BAK-01"].comment == COMMENT

    assert reopened.current_page() is Page.REVIEW, "back on the review that was open"
    page = review_page(reopened)
    page.show_question("BAK-01")
    detail = page.detail
    assert detail.verdict_button(ReviewItemStatus.DISPUTED).isChecked()
    assert not detail.verdict_button(ReviewItemStatus.CONFIRMED).isChecked()
    assert detail.comment_edit.toPlainText() == COMMENT
    assert detail.proposal is not None and detail.proposal.value() == "yes"
    assert page.opinion.auditor_edit.text() == AUDITOR
    assert page.opinion.opinion_edit.toPlainText() == OPINION
    assert page.opinion.concluded_box.isChecked()
    assert page.summary.reviewed_score_label != "—"


def test_the_not_reviewed_filter_moves_on_to_the_next_answer(
        qtbot: QtBot, open_window: WindowFactory, assessment: str,
        messages: list[str]) -> None:
    window = open_window()
    window.settings.auditor_name = AUDITOR
    assert window.open_review(assessment)
    page = review_page(window)
    page.set_filter(ReviewFilter.NOT_REVIEWED)
    page.focus_list()
    for expected in ANSWERS:
        assert page.current_question_id == expected
        key(qtbot, page, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert page.visible_question_ids() == []
    assert page.session.count(ReviewItemStatus.CONFIRMED) == len(ANSWERS)
    assert messages == []
    key(qtbot, page, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # nothing selected
    page.set_filter(ReviewFilter.ALL)
    go_to(qtbot, page, "BAK-02")
    key(qtbot, page, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert page.session.verdict("BAK-02") is None, "Ctrl+0 takes the verdict back"


def test_a_verdict_without_the_auditors_name_is_refused_and_not_shown(
        qtbot: QtBot, open_window: WindowFactory, assessment: str,
        messages: list[str]) -> None:
    window = open_window()
    assert window.open_review(assessment)
    page = review_page(window)
    qtbot.mouseClick(page.detail.verdict_button(ReviewItemStatus.CONFIRMED),
                     Qt.MouseButton.LeftButton)
    assert messages == ["Type your name as the auditor first.\n\nIt is shown with the review "
                        "and on the report."]
    assert not page.detail.verdict_button(ReviewItemStatus.CONFIRMED).isChecked()
    assert page.session.verdict("PRF-COUNTRY") is None


def test_a_draft_is_shown_but_cannot_be_reviewed(
        qtbot: QtBot, open_window: WindowFactory, questionnaires: Path, db_url: str,
        messages: list[str]) -> None:
    from app.domain.assessment import PracticeInfo

    with opened(db_url) as store:
        practice = store.create_practice(PracticeInfo("Cabinet du Lac"))
        draft = store.create_assessment(practice.id, "example", "en")
        store.save_answer(draft, "PRF-COUNTRY", "ch", "")
    window = open_window()
    window.settings.auditor_name = AUDITOR
    assert window.open_review(draft)
    page = review_page(window)
    assert all(not page.detail.verdict_button(s).isEnabled() for s in ReviewItemStatus)
    key(qtbot, page, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert page.session.verdict("PRF-COUNTRY") is None
    assert messages == []
    assert any("still answering" in text for text in _texts(page))


def test_a_storage_error_is_one_message_and_the_screen_shows_what_is_stored(
        qtbot: QtBot, open_window: WindowFactory, assessment: str, messages: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.storage.errors import DatabaseLockedError

    window = open_window()
    window.settings.auditor_name = AUDITOR
    assert window.open_review(assessment)
    page = review_page(window)

    def locked(*_args: Any, **_kwargs: Any) -> None:
        raise DatabaseLockedError("The database is busy.", hint="Try again in a moment.")

    monkeypatch.setattr(window.store, "set_review_item", locked)
    qtbot.mouseClick(page.detail.verdict_button(ReviewItemStatus.DISPUTED),
                     Qt.MouseButton.LeftButton)
    assert messages == ["The database is busy.\n\nTry again in a moment."]
    assert not page.detail.verdict_button(ReviewItemStatus.DISPUTED).isChecked()
    assert page.detail.proposal is None


def _texts(page: Any) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page)]


def test_back_in_the_list_the_row_shows_its_reviewer(
        qtbot: QtBot, open_window: WindowFactory, assessment: str,
        messages: list[str]) -> None:
    from app.gui.assessment_table_model import AuditColumn

    window = open_window()
    window.settings.auditor_name = AUDITOR
    window.show_auditor_list()
    listing = window.auditor.list_page
    assert listing is not None
    assert listing.model.index(0, AuditColumn.REVIEWER).data() == "—"
    qtbot.keyClick(listing.table, Qt.Key.Key_Return)
    page = review_page(window)
    key(qtbot, page, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    window.nav_button(Page.AUDITOR).click()
    assert listing.model.index(0, AuditColumn.REVIEWER).data() == AUDITOR
    assert messages == []
