"""Errors in the window: one ``show_error()`` for all, and a crash handler.

Two kinds of error: a ``CyberCabinetError`` carries a message written for people and is shown as
it is; anything else is a bug, logged with its traceback in the data folder and shown as a short
apology that says where the details are. A hard crash (the process dies) leaves a
``faulthandler`` log in the data folder, which the next start offers to show.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

from app.errors import CyberCabinetError
from app.i18n import _
from app.logs import log_file, open_private
from app.paths import logs_dir

log = logging.getLogger("cybercabinet.gui")

CRASH_FILE_NAME = "crash.log"
_crash_stream: IO[str] | None = None


def show_error(parent: QWidget | None, error: BaseException | str,
               title: str | None = None) -> None:
    """Tell the user what went wrong; a bug is logged first, with its traceback."""
    if isinstance(error, CyberCabinetError):
        text = error.message + (f"\n\n{error.hint}" if error.hint else "")
        QMessageBox.warning(parent, title or _("Something needs your attention"), text)
        return
    if isinstance(error, str):
        QMessageBox.warning(parent, title or _("Something needs your attention"), error)
        return
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    answer = QMessageBox.critical(
        parent, title or _("Unexpected error"),
        _("Something went wrong in CyberCabinet. Your answers are saved.\n\n"
          "The details are in {path}; your IT provider may want to see them.").format(
            path=_safe_log_file()) + "\n\n" + _("Open the folder with the details?"),
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
        QMessageBox.StandardButton.Close)
    if answer == QMessageBox.StandardButton.Open:
        open_log_folder()


def open_log_folder() -> None:
    """Show the logs folder in the file manager (Explorer, Finder…), for the IT provider."""
    try:
        folder = logs_dir()
    except OSError:
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _safe_log_file() -> Path:
    try:
        return log_file()
    except OSError:
        return Path(CRASH_FILE_NAME)


def crash_file() -> Path:
    return logs_dir() / CRASH_FILE_NAME


def _excepthook(kind: type[BaseException], error: BaseException,
                traceback: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, traceback)
        return
    log.critical("uncaught exception", exc_info=(kind, error, traceback))
    if QApplication.instance() is not None:
        try:
            show_error(QApplication.activeWindow(), error)
        except Exception:  # the handler must never raise in turn
            log.exception("could not show the error")


def install_crash_handler() -> str | None:
    """Log uncaught exceptions and hard crashes; return the previous crash's log, if any."""
    global _crash_stream
    sys.excepthook = _excepthook
    path = crash_file()
    previous = None
    if path.exists() and path.stat().st_size:
        previous = path.read_text(encoding="utf-8", errors="replace")
    if _crash_stream is None:
        _crash_stream = open_private(path, "w")  # 0600, like every file of the data folder
        faulthandler.enable(_crash_stream)
    return previous


def offer_crash_report(parent: QWidget | None, report: str) -> None:
    """After a hard crash: say so once, and offer to open the folder with the details."""
    log.error("the previous session crashed:\n%s", report[-4000:])
    answer = QMessageBox.question(
        parent, _("CyberCabinet closed unexpectedly"),
        _("CyberCabinet closed unexpectedly last time. Your answers up to that moment are "
          "saved.\n\nDo you want to open the folder with the crash details, for your IT "
          "provider?"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    if answer == QMessageBox.StandardButton.Yes:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(crash_file().parent)))
