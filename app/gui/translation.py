"""Switching the interface language without a restart.

Our own words come from the gettext catalogs (``app.i18n``); Qt's standard words (OK, Cancel,
the file dialog…) from Qt's ``qtbase_xx.qm``, installed as a ``QTranslator``. Changing either
sends ``LanguageChange`` to every widget, whose ``changeEvent`` calls its ``retranslate()``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from app.i18n import LANGUAGES, set_language

log = logging.getLogger("cybercabinet.gui")

_LOCALES = {"fr": "fr_CH", "de": "de_CH", "it": "it_CH", "en": "en_GB"}


class LanguageSwitcher:
    """Owns Qt's translator; one per application."""

    def __init__(self) -> None:
        self._translator: QTranslator | None = None

    def switch(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        set_language(language)
        QLocale.setDefault(QLocale(_LOCALES[language]))
        application = QCoreApplication.instance()
        if application is None:
            return
        if self._translator is not None:
            QCoreApplication.removeTranslator(self._translator)
            self._translator = None
        translator = QTranslator(application)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if language != "en" and translator.load(f"qtbase_{language}", folder):
            QCoreApplication.installTranslator(translator)
            self._translator = translator
        else:
            if language != "en":
                log.warning("no Qt translation for %s in %s", language, folder)
            # No translator to install: tell every window ourselves.
            QCoreApplication.postEvent(application, QEvent(QEvent.Type.LanguageChange))


def is_language_change(event: QEvent) -> bool:
    return event.type() == QEvent.Type.LanguageChange
