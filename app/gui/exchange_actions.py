"""File → Export for the auditor… and Import…: ``.ccab`` exchange files in the window.

The storage facade writes and reads the files (format, checks, encryption); this module only
asks where, and with which passphrase. Export offers a passphrase by default (the file lists a
practice's weak spots); import asks for one only when the file is protected, and again after a
wrong one. Nothing is written to the database unless the whole file was checked first
(storage's rule); importing the same file twice writes nothing the second time.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from app.errors import CyberCabinetError
from app.gui.audit_store import ImportedFile
from app.gui.errors import show_error
from app.gui.passphrase_dialog import PassphraseDialog
from app.gui.report_actions import default_file_name, documents
from app.gui.store import Store
from app.i18n import _
from app.storage.errors import PassphraseNeededError, WrongPassphraseError

log = logging.getLogger("cybercabinet.gui")

EXTENSION = ".ccab"


class ExchangeActions(QObject):
    exported = Signal(object)
    """Carries the Path written."""
    imported = Signal(object)
    """Carries the ``ImportedFile``."""

    def __init__(self, window: QWidget, store: Store) -> None:
        super().__init__(window)
        self._window = window
        self._store = store

    def export(self, assessment_id: str, practice_name: str) -> Path | None:
        choice = PassphraseDialog.ask_new(self._window)
        if choice is None:
            return None
        path, _filter = QFileDialog.getSaveFileName(
            self._window, _("Export for the auditor"),
            str(documents() / default_file_name(practice_name, extension=EXTENSION)),
            _("CyberCabinet exchange files (*.ccab)"))
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != EXTENSION:
            target = target.with_name(target.name + EXTENSION)
        try:
            with _busy():
                self._store.export_exchange(assessment_id, target, choice.passphrase)
        except CyberCabinetError as error:
            show_error(self._window, error)
            return None
        log.info("exchange file written to %s", target)
        self.exported.emit(target)
        return target

    def import_file(self) -> ImportedFile | None:
        path, _filter = QFileDialog.getOpenFileName(
            self._window, _("Import an exchange file"), str(documents()),
            _("CyberCabinet exchange files (*.ccab);;All files (*)"))
        if not path:
            return None
        source = Path(path)
        try:
            protected = self._store.exchange_is_protected(source)
        except CyberCabinetError as error:
            show_error(self._window, error)
            return None
        while True:
            passphrase = None
            if protected:
                passphrase = PassphraseDialog.ask_existing(self._window, source.name)
                if passphrase is None:
                    return None
            try:
                with _busy():
                    imported = self._store.import_exchange(source, passphrase)
            except CyberCabinetError as error:
                show_error(self._window, error)
                if protected and _wrong_passphrase(error):
                    continue  # ask again
                return None
            log.info("exchange file %s imported as %s (already there: %s)", source,
                     imported.assessment_id, imported.already_imported)
            self.imported.emit(imported)
            return imported


def _wrong_passphrase(error: CyberCabinetError) -> bool:
    return isinstance(error, WrongPassphraseError | PassphraseNeededError)


class _busy:  # noqa: N801 (a context manager used as a statement)
    """The wait cursor for the second or so a key derivation takes."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()
