"""Start the window: one QApplication, the crash handler, the language, the database, the window.

The windows themselves live in their own modules; this one only wires the process together.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import APP_NAME, __version__
from app.errors import CyberCabinetError
from app.gui import operations
from app.gui.errors import install_crash_handler, offer_crash_report, show_error
from app.gui.look import apply_look
from app.gui.settings import AppSettings
from app.gui.translation import LanguageSwitcher
from app.paths import assets_dir

log = logging.getLogger("cybercabinet.gui")


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    application = QApplication(argv if argv is not None else sys.argv[:1])
    application.setApplicationName(APP_NAME)
    application.setApplicationVersion(__version__)
    application.setOrganizationName(APP_NAME)
    icon = assets_dir() / "app-icon.png"
    if icon.exists():
        application.setWindowIcon(QIcon(str(icon)))
    return application


def run(database_url: str) -> int:
    """Open the app on ``database_url`` and return its exit code."""
    from app.gui.database_store import DatabaseStore
    from app.gui.main_window import MainWindow

    application = create_application()
    previous_crash = install_crash_handler()
    settings = AppSettings()
    switcher = LanguageSwitcher()
    switcher.switch(settings.language)
    apply_look(application)
    try:
        store = DatabaseStore.open(database_url)
    except CyberCabinetError as error:
        show_error(None, error)
        return error.exit_code
    try:
        window = MainWindow(store, settings, switcher)
        window.show()
        window.resume()
        if previous_crash:
            offer_crash_report(window, previous_crash)
        return application.exec()
    finally:
        operations.wait_for_all()
        store.close()
        log.info("window closed")
