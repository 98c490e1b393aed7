"""Export the PDF report, sign it, and (the auditor) countersign it: the questions first, then
the slow part off the UI thread.

Reporting is imported when first used, so the window opens without ReportLab or pyHanko.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.domain.assessment import AssessmentSnapshot, AssessmentStatus
from app.domain.questionnaire import Questionnaire
from app.errors import CyberCabinetError, ValidationError
from app.gui.errors import show_error
from app.gui.operations import run_in_background
from app.gui.report_dialogs import ExportDialog, SignDialog, SignRequest
from app.gui.review_session import ReviewSession
from app.gui.session import AssessmentSession
from app.gui.store import Store

if TYPE_CHECKING:
    from app.reporting.signatures.verify import VerificationReport
from app.i18n import _, current_language
from app.reporting.files import replace_atomically

log = logging.getLogger("cybercabinet.gui")


@dataclass(frozen=True)
class SignedFile:
    path: Path
    sha256: str
    signer: str
    role: str
    fingerprint: str = ""


def documents() -> Path:
    return Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home()))


def write_file(path: Path, data: bytes) -> None:
    """Write whole or not at all, readable by the user only: a half-written report must never
    replace a good one, and a report lists the practice's weak spots."""
    replace_atomically(path, data)


def default_file_name(session: AssessmentSession | str, suffix: str = "",
                      extension: str = ".pdf") -> str:
    """A file name from the practice's name (or a session's), safe on every system."""
    practice = session if isinstance(session, str) else session.snapshot_practice_name()
    safe = re.sub(r'[\\/:*?"<>|]+', "-", practice or "CyberCabinet").strip() or "CyberCabinet"
    topic = _("cybersecurity")
    return f"{safe} — {topic} {dt.date.today().isoformat()}{suffix}{extension}"


class ReportActions(QObject):
    busy_changed = Signal(bool)
    exported = Signal(object)
    """A report was written (carries its Path)."""
    signed = Signal(object)
    countersigned = Signal(object, bool)
    """The countersigned file's Path, and whether this database recorded the signature."""

    def __init__(self, window: QWidget, store: Store) -> None:
        super().__init__(window)
        self._window = window
        self._store = store
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)

    def _target(self, session: AssessmentSession | str, title: str,
                suffix: str = "") -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            self._window, title, str(documents() / default_file_name(session, suffix)),
            _("PDF documents (*.pdf)"))
        if not path:
            return None
        target = Path(path)
        return target if target.suffix.lower() == ".pdf" else target.with_suffix(".pdf")

    # -- export --------------------------------------------------------------------------
    def export(self, session: AssessmentSession) -> None:
        if self._busy:
            return
        language = ExportDialog.ask(self._window, current_language())
        if language is None:
            return
        target = self._target(session, _("Export the PDF report"))
        if target is None:
            return
        session.sync_actions()
        self._write_report(session.snapshot(), session.questionnaire, language, target)

    def export_provider_questions(self, session: AssessmentSession) -> None:
        """The page of technical questions the practice hands to its IT provider."""
        if self._busy:
            return
        target = self._target(session, _("Questions for your IT provider"),
                              " " + _("IT provider"))
        if target is None:
            return
        snapshot, questionnaire, language = (session.snapshot(), session.questionnaire,
                                             current_language())

        def work() -> Path:
            # lazy: ReportLab and the sheet take ~0.2 s to import, on this worker thread when asked
            from app.reporting.provider_sheet import build_provider_sheet

            write_file(target, build_provider_sheet(snapshot, questionnaire, language=language))
            return target

        self._set_busy(True)
        run_in_background(self._window, work, self.on_export_done, self.on_failed)

    def export_review(self, review: ReviewSession) -> None:
        """The report of an assessment under review, with its review section."""
        if self._busy:
            return
        language = ExportDialog.ask(self._window, current_language())
        if language is None:
            return
        name = review.snapshot.practice.name
        target = self._target(name, _("Export the reviewed report"), " " + _("reviewed"))
        if target is None:
            return
        snapshot = self._store.load_snapshot(review.assessment_id)
        if snapshot.review is None:
            snapshot = replace(snapshot, review=review.review())
        self._write_report(snapshot, review.questionnaire, language, target)

    def _write_report(self, snapshot: AssessmentSnapshot, questionnaire: Questionnaire,
                      language: str, target: Path) -> None:
        def work() -> Path:
            # lazy: ReportLab and the report take ~0.7 s to import, on this worker thread when asked
            from app.reporting.report import build_report

            write_file(target, build_report(snapshot, questionnaire, language=language))
            return target

        self._set_busy(True)
        run_in_background(self._window, work, self.on_export_done, self.on_failed)

    def on_export_done(self, path: Path) -> None:
        self._set_busy(False)
        log.info("report exported to %s", path)
        self.exported.emit(path)

    def on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        show_error(self._window, error)

    # -- sign ----------------------------------------------------------------------------
    def sign(self, session: AssessmentSession) -> None:
        if self._busy:
            return
        if session.status not in (AssessmentStatus.COMPLETED, AssessmentStatus.SIGNED):
            QMessageBox.information(
                self._window, _("Sign the report"),
                _("Answer every question first (\"I don't know\" is an answer too): only a "
                  "complete assessment can be signed."))
            return
        request = SignDialog.ask(self._window, current_language())
        if request is None:
            return
        target = self._target(session, _("Save the signed report"), " " + _("signed"))
        if target is None:
            return
        session.sync_actions()
        snapshot = session.snapshot()
        questionnaire = session.questionnaire

        def work() -> SignedFile:
            # lazy: the report (~0.7 s) and the signing modules, imported on this worker thread
            from app.reporting.report import build_report
            from app.reporting.signatures import load_identity, sign_pdf

            identity = load_identity(request.identity, request.passphrase)
            pdf = build_report(snapshot, questionnaire, language=request.language)
            data = sign_pdf(pdf, identity, "", language=request.language)
            write_file(target, data)
            return SignedFile(target, hashlib.sha256(data).hexdigest(), identity.info.name,
                              identity.info.role)

        def done(result: SignedFile) -> None:
            self._set_busy(False)
            try:
                self._store.record_signature(snapshot.id, result.sha256, result.signer,
                                             result.role, snapshot.fingerprint)
            except Exception as error:
                show_error(self._window, error)
                return
            session.reload_status()
            log.info("report signed by %s to %s", result.signer, result.path)
            self.signed.emit(result.path)

        self._set_busy(True)
        run_in_background(self._window, work, done, self.on_failed)

    # -- countersign (the auditor) -------------------------------------------------------
    def countersign(self, review: ReviewSession) -> None:
        """Add the auditor's signature to the report the practice signed and sent.

        Only a report of this assessment, showing the answers as reviewed here (the same
        fingerprint), is countersigned. Where this database holds the practice's signature the
        countersignature is recorded (the assessment becomes "reviewed"); an auditor working on
        an imported copy gets the countersigned file and a note, as with the command line.
        """
        if self._busy:
            return
        review.reload()  # the practice may have signed since the review was opened
        if review.status is AssessmentStatus.DRAFT:
            QMessageBox.information(
                self._window, _("Countersign the report"),
                _("The practice is still answering. Once it has completed the assessment, it "
                  "signs the reviewed report; then countersign the signed PDF it sends you."))
            return
        source, _filter = QFileDialog.getOpenFileName(
            self._window, _("Choose the report the practice signed"), str(documents()),
            _("PDF documents (*.pdf)"))
        if not source:
            return
        request = SignDialog.ask_countersign(self._window, current_language())
        if request is None:
            return
        name = review.snapshot.practice.name
        target = self._target(name, _("Save the countersigned report"),
                              " " + _("countersigned"))
        if target is None:
            return
        assessment_id, fingerprint = review.assessment_id, review.snapshot.fingerprint

        def work() -> SignedFile:
            # lazy: the signing modules (~0.07 s, then pyHanko ~0.4 s), on this worker thread
            from app.reporting.signatures import countersign, load_identity, verify_pdf

            data = Path(source).read_bytes()
            _check_report(verify_pdf(data), assessment_id, fingerprint)
            identity = load_identity(request.identity, request.passphrase)
            signed = countersign(data, identity, "")
            write_file(target, signed)
            return SignedFile(target, hashlib.sha256(signed).hexdigest(), identity.info.name,
                              identity.info.role, fingerprint)

        def done(result: SignedFile) -> None:
            self._set_busy(False)
            recorded = True
            try:
                self._store.record_countersignature(assessment_id, result.sha256, result.signer,
                                                    result.role, result.fingerprint)
            except CyberCabinetError as error:  # e.g. the practice signed in its own database
                log.info("countersignature not recorded here: %s", error)
                recorded = False
            review.reload()
            log.info("report countersigned by %s to %s", result.signer, result.path)
            self.countersigned.emit(result.path, recorded)

        self._set_busy(True)
        run_in_background(self._window, work, done, self.on_failed)


def _check_report(report: VerificationReport, assessment_id: str, fingerprint: str) -> None:
    """The file is a report of this assessment, with the answers reviewed here."""
    if report.assessment_id is not None and report.assessment_id != assessment_id:
        raise ValidationError(
            _("This report is of another assessment ({found}), not of the one under "
              "review.").format(found=report.assessment_id),
            hint=_("Choose the report the practice signed for this assessment."))
    if report.fingerprint is not None and report.fingerprint != fingerprint:
        raise ValidationError(
            _("This report does not show the answers you reviewed (fingerprint {found}, "
              "here {expected}).").format(found=report.fingerprint[:12],
                                          expected=fingerprint[:12]),
            hint=_("Ask the practice for the report of the assessment as you reviewed it."))


__all__ = ["ReportActions", "SignRequest", "default_file_name", "write_file"]
