"""The window: the practice's pages (Home, Questionnaire, Results, Action plan) and the
auditor's (All assessments, Review, History), the menus and the report buttons.

The window owns the open assessment's ``AssessmentSession`` and its three pages; the start page
stays. The auditor's pages live in ``AuditorMode`` and show in the navigation bar once used.
Opening the window lands where the person stopped: on the question of the assessment in
progress, or on the review that was open.

``MainWindow(store, …)`` is the window on an open store. At start (``app.gui.startup``) the same
window is first built without its store (``MainWindow.opening``) and painted while the database
opens: this module imports only Qt and the start page at first, the pages that need storage and
the domain when ``__init__`` completes the window with its store.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QMessageBox

from app.errors import CyberCabinetError
from app.gui import operations
from app.gui.errors import show_error
from app.gui.pages import AUDITOR_PAGES, PRACTICE_PAGES, Page
from app.gui.settings import AppSettings
from app.gui.translation import LanguageSwitcher, is_language_change
from app.gui.window_menus import keyboard_help
from app.gui.window_shell import WindowShell
from app.gui.window_state import opening_texts, window_texts
from app.i18n import _, ngettext

if TYPE_CHECKING:
    from app.gui.about_dialog import AboutDialog
    from app.gui.action_plan_page import ActionPlanPage
    from app.gui.auditor_mode import AuditorMode
    from app.gui.exchange_actions import ExchangeActions
    from app.gui.questionnaire_page import QuestionnairePage
    from app.gui.report_actions import ReportActions
    from app.gui.results_page import ResultsPage
    from app.gui.session import AssessmentSession
    from app.gui.settings_dialog import SettingsDialog
    from app.gui.store import Store

log = logging.getLogger("cybercabinet.gui")

_T = TypeVar("_T")


class MainWindow(WindowShell):
    ready = Signal()
    """The database is open, the start page filled and the window back where the person
    stopped (emitted by ``app.gui.startup``)."""

    def __init__(self, store: Store | None, settings: AppSettings,
                 switcher: LanguageSwitcher | None = None,
                 questionnaire_id: str | None = None) -> None:
        """The window on ``store``; without one (``opening``), ``complete`` gives it later."""
        super().__init__()
        self._build(settings, switcher)
        if store is not None:
            self._attach(store, questionnaire_id)

    @classmethod
    def opening(cls, settings: AppSettings,
                switcher: LanguageSwitcher | None = None) -> MainWindow:
        """Without its store (the start page says it is opening); ``complete`` finishes it."""
        return cls(None, settings, switcher)

    def complete(self, store: Store, questionnaire_id: str | None = None) -> None:
        """Give a window built by ``opening`` its store (once)."""
        self._attach(store, questionnaire_id)

    def _build(self, settings: AppSettings, switcher: LanguageSwitcher | None) -> None:
        """What needs no storage: the frame (window_shell.py), wired to this window."""
        self._store: Store | None = None
        self._session: AssessmentSession | None = None
        self._questionnaire: QuestionnairePage | None = None
        self._results: ResultsPage | None = None
        self._actions: ActionPlanPage | None = None
        self._reports: ReportActions | None = None
        self._exchange: ExchangeActions | None = None
        self._auditor: AuditorMode | None = None
        self._build_shell(settings, switcher, self.show_page)
        self._start.assessment_opened.connect(self.on_start_assessment_opened)
        self._start.practice_edit_requested.connect(self.open_settings)
        self._start.practice_created.connect(self.on_start_practice_created)
        self._start.auditor_requested.connect(self.show_auditor_list)
        menus = self._menus
        for action, slot in ((menus.export, self.export_report), (menus.sign, self.sign_report),
                             (menus.export_exchange, self.export_exchange),
                             (menus.import_exchange, self.import_exchange),
                             (menus.settings, self.open_settings), (menus.quit, self.close),
                             (menus.auditor_list, self.show_auditor_list),
                             (menus.export_review, self.export_reviewed_report),
                             (menus.countersign, self.countersign),
                             (menus.keys, self.show_keys), (menus.about, self.show_about)):
            action.triggered.connect(slot)
        self.retranslate()
        self._update_enabled()

    def _attach(self, store: Store, questionnaire_id: str | None) -> None:
        """The parts that need the store; imported here, after the first paint at start."""
        # the page factory (the window's seam): the parts that need the store (~0.2 s to import)
        from app.domain.catalog import DEFAULT_QUESTIONNAIRE_ID
        from app.gui.exchange_actions import ExchangeActions
        from app.gui.report_actions import ReportActions

        if self._store is not None:
            raise RuntimeError("the window already has its store")
        self._store = store
        self._reports = ReportActions(self, store)
        self._reports.busy_changed.connect(self.on_reports_busy_changed)
        self._reports.exported.connect(self.on_reports_exported)
        self._reports.signed.connect(self.on_reports_signed)
        self._reports.countersigned.connect(self.on_reports_countersigned)
        self._exchange = ExchangeActions(self, store)
        self._exchange.exported.connect(self.on_exchange_exported)
        self._exchange.imported.connect(self.on_exchange_imported)
        self._start.attach(store, questionnaire_id or DEFAULT_QUESTIONNAIRE_ID)
        self._update_enabled()
        self._update_status()

    # -- public ------------------------------------------------------------------------
    @property
    def session(self) -> AssessmentSession | None:
        return self._session

    @property
    def store(self) -> Store:
        return self._attached(self._store)

    @property
    def questionnaire_page(self) -> QuestionnairePage | None:
        return self._questionnaire

    @property
    def results_page(self) -> ResultsPage | None:
        return self._results

    @property
    def action_plan_page(self) -> ActionPlanPage | None:
        return self._actions

    @property
    def reports(self) -> ReportActions:
        return self._attached(self._reports)

    @property
    def auditor(self) -> AuditorMode:
        """Made (its modules imported: ~3.5 MB) when first needed."""
        if self._auditor is None:
            # the page factory (the window's seam): imported when first made, ~0.2 s, ~3.5 MB
            from app.gui.auditor_mode import AuditorMode

            auditor = AuditorMode(self, self._stack, self._attached(self._store),
                                  self._settings, self._attached(self._reports))
            auditor.page_wanted.connect(lambda page: self.show_page(Page(page)))
            auditor.import_requested.connect(self.import_exchange)
            auditor.changed.connect(self.on_auditor_changed)
            self._auditor = auditor
        return self._auditor

    @property
    def exchange(self) -> ExchangeActions:
        return self._attached(self._exchange)

    @property
    def is_open(self) -> bool:
        """The window has its store (``opening`` builds it without)."""
        return self._store is not None

    @staticmethod
    def _attached(part: _T | None) -> _T:
        if part is None:
            raise RuntimeError("the window has no store yet")
        return part

    def resume(self) -> None:
        """At start: back where the person stopped (the same page, the same question), else to
        the assessment in progress, else home."""
        # lazy: the domain (pydantic, ~0.17 s to import) comes after the first paint
        from app.domain.assessment import AssessmentStatus

        if self._settings.last_page in AUDITOR_PAGES:
            self._resume_auditor(Page(self._settings.last_page))
            return
        practice = self.store.practice()
        if practice is None:
            self.show_page(Page.START)
            return
        assessments = list(self.store.assessments(practice.id))
        last = self._settings.last_assessment
        if last is not None and any(a.id == last for a in assessments):
            page = Page(self._settings.last_page) if self._settings.last_page in \
                PRACTICE_PAGES else Page.START
            self.open_assessment(last, page)
            return
        draft = next((a for a in assessments if a.status is AssessmentStatus.DRAFT), None)
        if draft is not None:
            self.open_assessment(draft.id)
        else:
            self.show_page(Page.START)

    def _resume_auditor(self, page: Page) -> None:
        self.show_auditor_list()
        last = self._settings.last_review
        if page is not Page.AUDITOR and last is not None and self.auditor.open_review(last) \
                and page is Page.HISTORY:
            self.auditor.on_page_practice_history_requested()

    def show_auditor_list(self) -> None:
        if self._store is None:
            return
        self.auditor.ensure_list()
        self.show_page(Page.AUDITOR)

    def open_review(self, assessment_id: str) -> bool:
        """Open ``assessment_id`` for review (its answers read-only)."""
        self.auditor.ensure_list()
        return self.auditor.open_review(assessment_id)

    def open_assessment(self, assessment_id: str, page: Page | None = None) -> None:
        # the page factory (the window's seam): an assessment's pages, imported when made (~0.2 s)
        from app.domain.assessment import AssessmentStatus
        from app.gui.action_plan_page import ActionPlanPage
        from app.gui.questionnaire_page import QuestionnairePage
        from app.gui.results_page import ResultsPage
        from app.gui.session import AssessmentSession

        self._commit_pending()
        try:
            session = AssessmentSession(self.store, assessment_id, self)
        except CyberCabinetError as error:
            show_error(self, error)
            return
        self._close_session()
        self._session = session
        session.save_failed.connect(self.on_session_save_failed)
        session.status_changed.connect(self.on_session_status_changed)
        self._questionnaire = QuestionnairePage(session)
        self._questionnaire.finished.connect(self.on_questionnaire_finished)
        self._questionnaire.continue_on_newest_requested.connect(self.continue_on_newest)
        self._questionnaire.offer_newer_version(self._newer_version_for(session))
        self._results = ResultsPage(session)
        self._results.question_requested.connect(self.on_results_question_requested)
        self._results.action_plan_requested.connect(lambda: self.show_page(Page.ACTIONS))
        self._results.provider_questions_requested.connect(self.export_provider_questions)
        self._actions = ActionPlanPage(session)
        for buttons in (self._results.report_buttons, self._actions.report_buttons):
            buttons.export_clicked.connect(self.export_report)
            buttons.sign_clicked.connect(self.sign_report)
        for index, widget in ((Page.QUESTIONNAIRE, self._questionnaire),
                              (Page.RESULTS, self._results), (Page.ACTIONS, self._actions)):
            old = self._stack.widget(index)
            self._stack.insertWidget(index, widget)
            if old is not None:
                self._stack.removeWidget(old)
                old.deleteLater()
        self._questionnaire.start()
        if page is None:
            page = Page.QUESTIONNAIRE if session.status is AssessmentStatus.DRAFT \
                else Page.RESULTS
        self._update_enabled()
        self._update_status()
        self.show_page(page)

    def show_page(self, page: Page) -> None:
        auditor = self.auditor if self._store is not None and (
            page in AUDITOR_PAGES or self._auditor is not None) else None
        if self._store is None:  # still opening: Home only
            page = Page.START
        elif auditor is not None and page in AUDITOR_PAGES and not auditor.has_page(page):
            page = Page.AUDITOR
        elif page in PRACTICE_PAGES and page is not Page.START and self._session is None:
            page = Page.START
        self._commit_pending()
        if page is Page.START and self._store is not None:
            self._start.refresh()
        if page is Page.AUDITOR and auditor is not None:
            auditor.ensure_list()
        self._stack.setCurrentIndex(page)
        self._nav.button(page).setChecked(True)
        self._update_enabled()
        self._update_status()
        if auditor is not None:
            auditor.focus(page)
        if page is Page.QUESTIONNAIRE and self._questionnaire is not None:
            self._questionnaire.question_view.focus_answer()
        elif page is Page.RESULTS and self._results is not None:
            self._results.focus_first()
        elif page is Page.ACTIONS and self._actions is not None:
            self._actions.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def export_report(self) -> None:
        if self._session is not None:
            self._commit_pending()
            self.reports.export(self._session)

    def _newer_version_for(self, session: AssessmentSession) -> str | None:
        """A newer questionnaire version a *draft* could continue on, if there is one."""
        # lazy: the domain (pydantic, ~0.17 s to import) comes after the first paint
        from app.domain.assessment import AssessmentStatus
        from app.domain.catalog import version_key

        if session.status is not AssessmentStatus.DRAFT:
            return None
        current = session.questionnaire
        try:
            newest = self.store.newest_version(current.id)
        except CyberCabinetError:
            return None
        return newest if version_key(newest) > version_key(current.version) else None

    def continue_on_newest(self) -> None:
        """Carry the open draft over to the newest questionnaire and open the new draft."""
        if self._session is None:
            return
        self._commit_pending()
        try:
            new_id, plan = self.store.continue_on_newest(self._session.assessment_id)
        except CyberCabinetError as error:
            show_error(self, error)
            return
        self.open_assessment(new_id, Page.QUESTIONNAIRE)
        QMessageBox.information(self, _("Continued on the new version"), " ".join([
            ngettext("{count} answer was carried over.", "{count} answers were carried over.",
                     len(plan.kept)).format(count=len(plan.kept)),
            ngettext("{count} question changed and is asked again.",
                     "{count} questions changed and are asked again.",
                     len(plan.changed)).format(count=len(plan.changed)),
            ngettext("{count} new question to answer.", "{count} new questions to answer.",
                     len(plan.added)).format(count=len(plan.added)),
            _("The earlier draft is kept as it was.")]))

    def export_provider_questions(self) -> None:
        if self._session is not None:
            self._commit_pending()
            self.reports.export_provider_questions(self._session)

    def sign_report(self) -> None:
        if self._session is not None:
            self._commit_pending()
            self.reports.sign(self._session)

    def _current_assessment(self) -> tuple[str, str] | None:
        """(id, practice name) of the assessment on screen: the review's on the auditor's
        pages, else the practice's."""
        review = self._auditor.review if self._auditor is not None else None
        if self.current_page() in AUDITOR_PAGES and review is not None:
            return review.assessment_id, review.snapshot.practice.name
        if self._session is not None:
            return self._session.assessment_id, self._session.snapshot_practice_name()
        return None

    def export_exchange(self) -> None:
        current = self._current_assessment()
        if current is not None:
            self._commit_pending()
            self.exchange.export(*current)

    def import_exchange(self) -> None:
        if self._exchange is not None:
            self._commit_pending()
            self._exchange.import_file()

    def export_reviewed_report(self) -> None:
        if self._auditor is not None:
            self._auditor.export_reviewed_report()

    def countersign(self) -> None:
        if self._auditor is not None:
            self._auditor.countersign()

    def open_settings(self) -> None:
        # the page factory (the window's seam): imported when first made (~0.2 s)
        from app.gui.settings_dialog import SettingsDialog

        if self._store is None:
            return
        dialog = SettingsDialog(self._store, self.switch_language, self)
        if self.exec_dialog(dialog):
            self._start.refresh()
            self._update_status()

    @staticmethod
    def exec_dialog(dialog: SettingsDialog | AboutDialog) -> bool:
        """Run a dialog (tests replace this to drive it without a modal loop)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def switch_language(self, language: str) -> None:
        self._switcher.switch(language)
        self._settings.language = language
        self._settings.sync()

    def show_about(self) -> None:
        # the page factory (the window's seam): imported when first made (~20 ms)
        from app.gui.about_dialog import AboutDialog

        self.exec_dialog(AboutDialog(self))

    def show_keys(self) -> None:
        QMessageBox.information(self, _("Keyboard shortcuts"), keyboard_help())

    # -- texts -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._nav.retranslate()
        self._menus.retranslate()
        self._update_status()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _update_status(self) -> None:
        if self._store is None:
            title, text = opening_texts()
        else:
            title, text = window_texts(self._store, self.current_page(), self._session,
                                       self._auditor.review if self._auditor else None)
        self.setWindowTitle(title)
        self._status.setText(text)

    def _update_enabled(self) -> None:
        has_session = self._session is not None
        for page in (Page.QUESTIONNAIRE, Page.RESULTS, Page.ACTIONS):
            self._nav.button(page).setEnabled(has_session)
        self._nav.show_tabs(self.current_page() in AUDITOR_PAGES)
        auditor = self._auditor
        for page in AUDITOR_PAGES:
            self._nav.button(page).setEnabled(auditor is not None and auditor.has_page(page))
        for action in (self._menus.import_exchange, self._menus.settings,
                       self._menus.auditor_list):  # nothing to act on while opening
            action.setEnabled(self._store is not None)
        busy = self._reports is not None and self._reports.busy
        for action in (self._menus.export, self._menus.sign):
            action.setEnabled(has_session and not busy)
        has_review = auditor is not None and auditor.review is not None
        for action in (self._menus.export_review, self._menus.countersign):
            action.setEnabled(has_review and not busy)
        self._menus.export_exchange.setEnabled(has_session or has_review)
        if auditor is not None and auditor.review_page is not None:
            for button in (auditor.review_page.export_button,
                           auditor.review_page.countersign_button):
                button.setEnabled(not busy)
        for widget in (self._results, self._actions):
            if widget is not None:
                widget.report_buttons.set_busy(busy)

    def _commit_pending(self) -> None:
        if self._questionnaire is not None:
            self._questionnaire.commit_pending()
        if self._auditor is not None:
            self._auditor.commit_pending()

    def _close_session(self) -> None:
        if self._session is not None:
            self._session.deleteLater()
        self._session = None

    # -- events ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._commit_pending()
        if operations.is_busy():
            self.statusBar().showMessage(_("Finishing the report before closing…"))
            operations.wait_for_all()
        self._settings.geometry = self.saveGeometry()
        if self._store is not None:  # closed while opening: where to resume is unchanged
            self._settings.last_assessment = self._session.assessment_id if self._session \
                else None
            self._settings.last_page = self.current_page()
            review = self._auditor.review if self._auditor is not None else None
            self._settings.last_review = review.assessment_id if review is not None else None
        self._settings.sync()
        super().closeEvent(event)

    def on_start_assessment_opened(self, assessment_id: str) -> None:
        self.open_assessment(assessment_id)

    def on_start_practice_created(self) -> None:
        self._update_status()

    def on_questionnaire_finished(self) -> None:
        self.show_page(Page.RESULTS)

    def on_results_question_requested(self, question_id: str) -> None:
        if self._questionnaire is not None:
            self._questionnaire.show_question(question_id)
        self.show_page(Page.QUESTIONNAIRE)

    def on_session_save_failed(self, error: object) -> None:
        if isinstance(error, BaseException):
            show_error(self, error)

    def on_session_status_changed(self) -> None:
        self._update_status()
        if self._questionnaire is not None and self._session is not None:
            current = self._questionnaire.current_question_id
            if current is not None and self._session.read_only:
                self._questionnaire.show_question(current)

    def on_reports_busy_changed(self, _busy: bool) -> None:
        self._update_enabled()

    def _saved(self, message: str, path: object) -> None:
        """A quiet line in the status bar for a file written (15 s)."""
        if isinstance(path, Path):
            self.statusBar().showMessage(message.format(path=path), 15000)

    def on_reports_exported(self, path: object) -> None:
        self._saved(_("Report saved: {path}"), path)

    def on_reports_countersigned(self, path: object, recorded: bool) -> None:
        self._update_status()
        self._saved(_("Countersigned report saved: {path}") if recorded else _(
            "Countersigned report saved: {path} (this database does not hold the practice's "
            "signature: the countersignature is not recorded here)"), path)

    def on_exchange_exported(self, path: object) -> None:
        self._saved(_("Exchange file saved: {path}"), path)

    def on_exchange_imported(self, imported: object) -> None:
        # the page factory (the window's seam): the auditor's part, imported when needed (~0.17 s)
        from app.gui.audit_store import ImportedFile

        if not isinstance(imported, ImportedFile):
            return
        self._start.refresh()
        self.auditor.refresh()
        self.open_review(imported.assessment_id)
        self.statusBar().showMessage(
            _("This file was imported before: nothing changed; the assessment is open for "
              "review.") if imported.already_imported
            else _("Assessment imported: it is open for review."), 15000)

    def on_auditor_changed(self) -> None:
        self._update_status()
        self._update_enabled()

    def on_reports_signed(self, path: object) -> None:
        if self._auditor is not None:
            self._auditor.refresh()
        self._saved(_("Signed report saved: {path}"), path)
