"""gettext catalogs, loaded through Babel, one per language.

Message ids are English; the catalogs live in ``i18n/<lang>/LC_MESSAGES/cybercabinet.mo``.
The interface language is process-wide (``set_language``); the report's language is chosen per
export, so code that renders for another language asks ``translations_for(lang)`` instead.
Module-level text is marked with ``N_`` and translated where it is shown: ``_()`` at import time
would freeze the language.
"""

from __future__ import annotations

import gettext
import locale
import logging
import os
import sys
from functools import cache

from app.paths import catalogs_dir

log = logging.getLogger("cybercabinet.i18n")

DOMAIN = "cybercabinet"
LANGUAGES: tuple[str, ...] = ("fr", "de", "it", "en")
DEFAULT_LANGUAGE = "fr"
LANGUAGE_NAMES: dict[str, str] = {
    "fr": "Français",
    "de": "Deutsch",
    "it": "Italiano",
    "en": "English",
}

_current = DEFAULT_LANGUAGE


@cache
def translations_for(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language``.

    English is the source, yet it has a catalog too, so that an editor can polish the English
    wording without touching the code; without it, the source strings are shown.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    compiled = catalogs_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle)  # the standard library's reader: no Babel
    except OSError:
        log.warning("no compiled catalog for %s under %s", language, catalogs_dir())
        return gettext.NullTranslations()


def set_language(language: str) -> None:
    """Switch the interface language for everything translated from now on."""
    global _current
    translations_for(language)  # fail early on an unsupported language
    _current = language


def current_language() -> str:
    return _current


def system_language() -> str:
    """The system's language when it is one of ours, else French (our first market)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        code = _language_code(os.environ.get(variable, "").split(":")[0])
        if code:
            return code
    code = _language_code(_windows_ui_locale() if sys.platform == "win32" else "")
    if not code:
        try:
            code = _language_code(locale.getlocale()[0] or "")
        except ValueError:
            code = ""
    return code or DEFAULT_LANGUAGE


# Windows names its locales in English words ("German_Switzerland"), not ISO codes.
_WINDOWS_LANGUAGE_NAMES = {"french": "fr", "german": "de", "italian": "it", "english": "en"}


def _language_code(name: str) -> str:
    """'de_CH.UTF-8', 'de-CH' or 'German_Switzerland' → 'de'; '' when not one of ours."""
    head = name.replace("-", "_").split("_")[0].split(".")[0].lower()
    code = _WINDOWS_LANGUAGE_NAMES.get(head, head[:2] if len(head) == 2 else "")
    return code if code in LANGUAGES else ""


def _windows_ui_locale() -> str:
    """The Windows display language ('de_CH'), which the environment variables do not carry."""
    import ctypes  # lazy: Windows only (its windll)

    try:
        lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return ""
    return str(locale.windows_locale.get(int(lcid), ""))


def _(message: str) -> str:
    """Translate into the interface language."""
    return translations_for(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate with the plural form of the interface language (French: 0 and 1 singular)."""
    return translations_for(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


def gettext_for(language: str, message: str) -> str:
    """Translate into a given language, whatever the interface speaks."""
    return translations_for(language).gettext(message)


def ngettext_for(language: str, singular: str, plural: str, n: int) -> str:
    return translations_for(language).ngettext(singular, plural, n)
