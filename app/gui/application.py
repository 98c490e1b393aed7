"""Start the window: one QApplication, the crash handler, the language, the window, the database.

The window is shown before the database is opened (``app.gui.startup`` says why and how); the
windows themselves live in their own modules; this one only wires the process together.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

import app
from app import APP_NAME
from app.errors import CyberCabinetError
from app.gui import operations, startup
from app.gui.errors import install_crash_handler, offer_crash_report, show_error
from app.gui.look import apply_look
from app.gui.main_window import MainWindow
from app.gui.settings import AppSettings
from app.gui.translation import LanguageSwitcher
from app.i18n import _
from app.paths import assets_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.gui.database_store import DatabaseStore
    from app.storage.errors import DatabaseLockedError

log = logging.getLogger("cybercabinet.gui")


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    application = QApplication(argv if argv is not None else sys.argv[:1])
    application.setApplicationName(APP_NAME)
    application.setOrganizationName(APP_NAME)  # the version: once the database is open
    icon = assets_dir() / "app-icon.png"
    if icon.exists():
        application.setWindowIcon(QIcon(str(icon)))
    return application


def open_read_only_instead(database_url: str, error: DatabaseLockedError,
                           parent: QWidget | None = None) -> DatabaseStore | None:
    """The database is open for writing elsewhere (another window, a script): say so, and
    offer to open it read-only. None if the person declines or it cannot be opened either."""

    # lazy: storage takes ~0.5 s to import, after the first paint (app.gui.startup)
    from app.gui.database_store import DatabaseStore
    from app.storage import open_database

    answer = QMessageBox.question(
        parent, _("The database is in use"),
        error.message + "\n\n" + _("You can open it read-only, to look without changing "
                                    "anything. Open it read-only?"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes)
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        return DatabaseStore(open_database(database_url, read_only=True))
    except CyberCabinetError as second:
        show_error(parent, second)
        return None


def open_with_passphrase(database_url: str, error: CyberCabinetError,
                         parent: QWidget | None = None) -> DatabaseStore | None:
    """The database is encrypted (docs/security.md): ask for its passphrase, three tries.
    None if the person cancels, or after three wrong ones."""

    # lazy: storage takes ~0.5 s to import, after the first paint (app.gui.startup)
    from app.gui.database_store import DatabaseStore
    from app.storage import sqlcipher

    message = error.message
    for _attempt in range(3):
        passphrase, accepted = QInputDialog.getText(
            parent, _("Encrypted database"), message + "\n\n" + _("Passphrase of the database:"),
            QLineEdit.EchoMode.Password)
        if not accepted or not passphrase:
            return None
        try:
            sqlcipher.set_passphrase(passphrase)
            return DatabaseStore.open(database_url)
        except sqlcipher.WrongDatabasePassphraseError as wrong:
            message = wrong.message
        except CyberCabinetError as other:
            show_error(parent, other)
            return None
    sqlcipher.set_passphrase(None)
    show_error(parent, message)
    return None


def open_store(database_url: str, parent: QWidget | None = None) -> DatabaseStore | int:
    """Open the database, asking what its state needs (read-only instead, the passphrase);
    the exit code if it is not opened (the error was shown)."""
    # lazy: storage takes ~0.5 s to import, after the first paint (app.gui.startup)
    from app.gui.database_store import DatabaseStore
    from app.storage.errors import DatabaseLockedError
    from app.storage.sqlcipher import DatabaseEncryptedError, WrongDatabasePassphraseError

    try:
        return DatabaseStore.open(database_url)
    except DatabaseLockedError as error:  # another CyberCabinet writes to it: offer to look
        read_only = open_read_only_instead(database_url, error, parent)
        return error.exit_code if read_only is None else read_only
    except (DatabaseEncryptedError, WrongDatabasePassphraseError) as error:
        unlocked = open_with_passphrase(database_url, error, parent)
        return error.exit_code if unlocked is None else unlocked
    except CyberCabinetError as error:
        show_error(parent, error)
        return error.exit_code


def run(database_url: str) -> int:
    """Open the app on ``database_url`` and return its exit code.

    The window is painted first and answers while storage is imported; the database is opened
    after (``app.gui.startup``). Closed before the database is open: exit code 0, nothing
    opened."""
    application = create_application()
    previous_crash = install_crash_handler()
    settings = AppSettings()
    switcher = LanguageSwitcher()
    switcher.switch(settings.language)
    apply_look(application)
    window = MainWindow.opening(settings, switcher)
    window.show()
    opened: DatabaseStore | int = 0
    try:
        if startup.wait_for_first_paint(window):
            application.setApplicationVersion(app.__version__)
            opened = open_store(database_url, window)
        if isinstance(opened, int):  # not opened: the window goes, nothing was written
            window.close()
            window.deleteLater()
            return opened
        startup.finish(window, opened)
        if not window.isVisible():  # closed while it was being filled: no loop to wait in
            return 0
        if previous_crash:
            offer_crash_report(window, previous_crash)
        return application.exec()
    finally:
        operations.wait_for_all()
        if not isinstance(opened, int):
            opened.close()
        log.info("window closed")
