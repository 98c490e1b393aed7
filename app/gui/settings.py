"""The window's own settings, declared once: an ini file in the data folder.

Kept in the data folder (not the registry) so that a portable install and the tests, which
point ``CYBERCABINET_HOME`` elsewhere, never read or write the real user's settings.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from app.i18n import LANGUAGES, system_language
from app.paths import data_dir

SETTINGS_FILE_NAME = "window.ini"


class AppSettings:
    def __init__(self) -> None:
        self._settings = QSettings(str(data_dir() / SETTINGS_FILE_NAME),
                                   QSettings.Format.IniFormat)

    @property
    def language(self) -> str:
        """The interface language; on first run, the system's when it is one of ours."""
        value = self._settings.value("language", "")
        return value if isinstance(value, str) and value in LANGUAGES else system_language()

    @language.setter
    def language(self, value: str) -> None:
        self._settings.setValue("language", value)

    @property
    def geometry(self) -> QByteArray | None:
        value = self._settings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._settings.setValue("window/geometry", value)

    @property
    def last_assessment(self) -> str | None:
        """The assessment open when the window was closed (reopened on the same page)."""
        value = self._settings.value("window/last_assessment", "")
        return value if isinstance(value, str) and value else None

    @last_assessment.setter
    def last_assessment(self, value: str | None) -> None:
        self._settings.setValue("window/last_assessment", value or "")

    @property
    def last_page(self) -> int:
        value = str(self._settings.value("window/last_page", "0"))
        return int(value) if value.isdigit() else 0

    @last_page.setter
    def last_page(self, value: int) -> None:
        self._settings.setValue("window/last_page", int(value))

    @property
    def auditor_name(self) -> str:
        """The auditor's name, as the reviews show it (asked once, then remembered)."""
        value = self._settings.value("auditor/name", "")
        return value if isinstance(value, str) else ""

    @auditor_name.setter
    def auditor_name(self, value: str) -> None:
        self._settings.setValue("auditor/name", value)

    @property
    def last_review(self) -> str | None:
        """The assessment under review when the window was closed."""
        value = self._settings.value("auditor/last_review", "")
        return value if isinstance(value, str) and value else None

    @last_review.setter
    def last_review(self, value: str | None) -> None:
        self._settings.setValue("auditor/last_review", value or "")

    def sync(self) -> None:
        self._settings.sync()
