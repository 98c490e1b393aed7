"""The auditor's three pages in the window: every assessment, a review, a practice's history.

The window keeps the practice's pages; this object owns the auditor's (made when first needed,
so a practice that never audits never loads them) and answers what they ask for: open a
review, a history, the history of one answer, the reviewed report, the countersignature.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QStackedWidget, QWidget

from app.errors import CyberCabinetError
from app.gui.answer_history_dialog import AnswerHistoryDialog
from app.gui.answer_text import content_text
from app.gui.auditor_list_page import AuditorListPage
from app.gui.errors import show_error
from app.gui.history_page import HistoryPage
from app.gui.pages import Page
from app.gui.report_actions import ReportActions
from app.gui.review_page import ReviewPage
from app.gui.review_session import ReviewSession
from app.gui.settings import AppSettings
from app.gui.store import Store

log = logging.getLogger("cybercabinet.gui")


class AuditorMode(QObject):
    page_wanted = Signal(int)
    """Show this page (a ``Page``)."""
    import_requested = Signal()
    changed = Signal()
    """The review or its status changed (the window updates its status bar and menus)."""

    def __init__(self, window: QWidget, stack: QStackedWidget, store: Store,
                 settings: AppSettings, reports: ReportActions) -> None:
        super().__init__(window)
        self._window = window
        self._stack = stack
        self._store = store
        self._settings = settings
        self._reports = reports
        self._list: AuditorListPage | None = None
        self._review: ReviewPage | None = None
        self._history: HistoryPage | None = None
        self._changed: set[str] = set()
        """Assessments reviewed since the list last showed them."""
        reports.countersigned.connect(self.on_reports_countersigned)

    # -- pages -------------------------------------------------------------------------
    @property
    def list_page(self) -> AuditorListPage | None:
        return self._list

    @property
    def review_page(self) -> ReviewPage | None:
        return self._review

    @property
    def history_page(self) -> HistoryPage | None:
        return self._history

    @property
    def review(self) -> ReviewSession | None:
        return self._review.session if self._review is not None else None

    def has_page(self, page: Page) -> bool:
        return {Page.AUDITOR: True, Page.REVIEW: self._review is not None,
                Page.HISTORY: self._history is not None}.get(page, False)

    def _place(self, page: Page, widget: QWidget) -> None:
        old = self._stack.widget(page)
        self._stack.insertWidget(page, widget)
        if old is not None:
            self._stack.removeWidget(old)
            old.deleteLater()

    def ensure_list(self) -> AuditorListPage:
        """The list, made and loaded the first time it is shown."""
        if self._list is None:
            self._list = AuditorListPage(self._store)
            self._list.review_requested.connect(self.open_review)
            self._list.history_requested.connect(self.open_history)
            self._list.import_requested.connect(self.import_requested)
            self._place(Page.AUDITOR, self._list)
            self._list.load()
            self._changed.clear()
        for assessment_id in self._changed:  # the reviewer and the scores it shows
            self._list.model.refresh_row(assessment_id)
        self._changed.clear()
        return self._list

    def discard_list(self) -> None:
        """Forget the list page: the next ``ensure_list`` makes and loads it again."""
        self._list = None

    def open_review(self, assessment_id: str) -> bool:
        self.commit_pending()
        try:
            session = ReviewSession(self._store, assessment_id, self._settings.auditor_name)
        except CyberCabinetError as error:
            show_error(self._window, error)
            return False
        page = ReviewPage(session)
        session.setParent(page)
        session.save_failed.connect(self.on_session_save_failed)
        session.review_changed.connect(self.changed)
        session.item_saved.connect(lambda _qid: self._changed.add(assessment_id))
        session.opinion_saved.connect(lambda: self._changed.add(assessment_id))
        page.auditor_changed.connect(self.on_page_auditor_changed)
        page.practice_history_requested.connect(self.on_page_practice_history_requested)
        page.answer_history_requested.connect(self.on_page_answer_history_requested)
        page.export_requested.connect(self.export_reviewed_report)
        page.countersign_requested.connect(self.countersign)
        self._review = page
        self._place(Page.REVIEW, page)
        self.page_wanted.emit(Page.REVIEW)
        self.changed.emit()
        return True

    def open_history(self, practice_id: str, focus: str | None = None) -> bool:
        self.commit_pending()
        try:
            page = HistoryPage(self._store, practice_id, focus)
        except CyberCabinetError as error:
            show_error(self._window, error)
            return False
        page.review_requested.connect(self.open_review)
        page.answer_history_requested.connect(self.show_answer_history)
        self._history = page
        self._place(Page.HISTORY, page)
        self.page_wanted.emit(Page.HISTORY)
        return True

    def commit_pending(self) -> None:
        if self._review is not None:
            self._review.commit_pending()

    def refresh(self) -> None:
        """After an import or a signature: read the list (and the review) again."""
        if self._list is not None:
            self._list.model.refresh()
        if self._review is not None:
            self._review.refresh()

    def focus(self, page: Page) -> None:
        if page is Page.AUDITOR and self._list is not None:
            self._list.focus_search()
        elif page is Page.REVIEW and self._review is not None:
            self._review.focus_list()

    # -- actions -----------------------------------------------------------------------
    def show_answer_history(self, assessment_id: str, question_id: str) -> None:
        try:
            snapshot = self._store.load_snapshot(assessment_id)
            questionnaire = self._store.questionnaire(snapshot)
            changes = self._store.answer_history(assessment_id, question_id)
        except CyberCabinetError as error:
            show_error(self._window, error)
            return
        question = questionnaire.question(question_id)
        if question is None:
            return
        self.exec_dialog(AnswerHistoryDialog(question, changes, content_text(questionnaire),
                                             self._window))

    @staticmethod
    def exec_dialog(dialog: QDialog) -> bool:
        """Run a dialog (tests replace this to look at it without a modal loop)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def export_reviewed_report(self) -> None:
        if self._review is not None:
            self.commit_pending()
            self._reports.export_review(self._review.session)

    def countersign(self) -> None:
        if self._review is not None:
            self.commit_pending()
            self._reports.countersign(self._review.session)

    # -- events ------------------------------------------------------------------------
    def on_session_save_failed(self, error: object) -> None:
        if isinstance(error, BaseException):
            show_error(self._window, error)
        if self._review is not None:
            self._review.detail.refresh()
            self._review.opinion.refresh()

    def on_page_auditor_changed(self, name: str) -> None:
        self._settings.auditor_name = name
        self._settings.sync()

    def on_page_practice_history_requested(self) -> None:
        review = self.review
        if review is None:
            return
        try:
            practice_id = self._store.practice_of(review.assessment_id)
        except CyberCabinetError as error:
            show_error(self._window, error)
            return
        self.open_history(practice_id, review.assessment_id)

    def on_page_answer_history_requested(self, question_id: str) -> None:
        review = self.review
        if review is not None:
            self.show_answer_history(review.assessment_id, question_id)

    def on_reports_countersigned(self, _path: object, _recorded: bool) -> None:
        self.refresh()
        self.changed.emit()
