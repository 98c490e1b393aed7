"""Translation and locale formatting: the one place the app asks for words in a language."""

from app.i18n.formatting import (
    format_date,
    format_datetime,
    format_list,
    format_number,
    format_percent,
)
from app.i18n.translation import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    LANGUAGES,
    N_,
    _,
    current_language,
    gettext_for,
    ngettext,
    ngettext_for,
    set_language,
    system_language,
    translations_for,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "N_",
    "_",
    "current_language",
    "format_date",
    "format_datetime",
    "format_list",
    "format_number",
    "format_percent",
    "gettext_for",
    "ngettext",
    "ngettext_for",
    "set_language",
    "system_language",
    "translations_for",
]
