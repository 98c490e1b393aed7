"""Export the PDF report, and sign it: the questions, then the slow part off the UI thread.

Reporting is imported when first used, so the window opens without ReportLab or pyHanko.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.domain.assessment import AssessmentStatus
from app.gui.errors import show_error
from app.gui.operations import run_in_background
from app.gui.report_dialogs import ExportDialog, SignDialog, SignRequest
from app.gui.session import AssessmentSession
from app.gui.store import Store
from app.i18n import _, current_language

log = logging.getLogger("cybercabinet.gui")


@dataclass(frozen=True)
class SignedFile:
    path: Path
    sha256: str
    signer: str
    role: str


def write_file(path: Path, data: bytes) -> None:
    """Write whole or not at all: a half-written report must never replace a good one."""
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    os.replace(partial, path)


def default_file_name(session: AssessmentSession, suffix: str = "") -> str:
    practice = session.snapshot_practice_name() or "CyberCabinet"
    safe = re.sub(r'[\\/:*?"<>|]+', "-", practice).strip() or "CyberCabinet"
    topic = _("cybersecurity")
    return f"{safe} — {topic} {dt.date.today().isoformat()}{suffix}.pdf"


class ReportActions(QObject):
    busy_changed = Signal(bool)
    exported = Signal(object)
    """A report was written (carries its Path)."""
    signed = Signal(object)

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

    def _target(self, session: AssessmentSession, title: str, suffix: str = "") -> Path | None:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        path, _filter = QFileDialog.getSaveFileName(
            self._window, title, str(Path(folder) / default_file_name(session, suffix)),
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
        snapshot = session.snapshot()
        questionnaire = session.questionnaire

        def work() -> Path:
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


__all__ = ["ReportActions", "SignRequest", "default_file_name", "write_file"]
