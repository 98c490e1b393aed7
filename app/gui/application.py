"""Start the window: one QApplication, the interface language, then the main window.

The windows themselves live in their own modules; this one only wires the process together.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel

from app import APP_NAME, __version__


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    application = QApplication(argv if argv is not None else sys.argv[:1])
    application.setApplicationName(APP_NAME)
    application.setApplicationVersion(__version__)
    application.setOrganizationName(APP_NAME)
    return application


def run(database_url: str) -> int:
    """Open the app on ``database_url`` and return its exit code."""
    application = create_application()
    window = QLabel(f"{APP_NAME} {__version__} — {database_url}")
    window.setWindowTitle(APP_NAME)
    window.show()
    return application.exec()
