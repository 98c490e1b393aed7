"""Locale-aware dates and numbers (Babel), so that 1 234,5 and 23 novembre 2026 read right."""

from __future__ import annotations

import datetime as dt

from app.i18n.translation import current_language

# Swiss practices read Swiss conventions: the report and the UI use the CH variants for de/it/fr
# only when asked; the plain language locale is the default.
_LOCALES = {"fr": "fr_FR", "de": "de_DE", "it": "it_IT", "en": "en_GB"}
_SWISS_LOCALES = {"fr": "fr_CH", "de": "de_CH", "it": "it_CH", "en": "en_CH"}

# lazy: Babel (~17 ms to import, measured in a fresh interpreter) is imported by the functions
# that format: the window's first paint shows no date (tests/gui/test_startup_imports.py).


def babel_locale(language: str | None = None, country: str | None = None) -> str:
    lang = language or current_language()
    table = _SWISS_LOCALES if country == "CH" else _LOCALES
    return table.get(lang, "fr_FR")


def format_date(value: dt.date, language: str | None = None, *, country: str | None = None,
                fmt: str = "long") -> str:
    from babel import dates

    return dates.format_date(value, format=fmt, locale=babel_locale(language, country))


def format_datetime(value: dt.datetime, language: str | None = None, *,
                    country: str | None = None, fmt: str = "medium") -> str:
    from babel import dates

    return dates.format_datetime(value, format=fmt, locale=babel_locale(language, country))


def format_list(items: list[str], language: str | None = None, *,
                country: str | None = None) -> str:
    """``a, b and c`` as the language writes it (« a, b et c », „a, b und c“)."""
    from babel import lists

    return lists.format_list(items, style="standard", locale=babel_locale(language, country))


def _swiss_grouping(text: str, country: str | None) -> str:
    """Swiss numbers group thousands with the typographic apostrophe (1’234.5), whichever
    apostrophe the installed CLDR data uses (Babel 2.19 moved de_CH from ’ to ')."""
    return text.replace("'", SWISS_GROUP_SEPARATOR) if country == "CH" else text


SWISS_GROUP_SEPARATOR = "\u2019"


def format_number(value: float, language: str | None = None, *, country: str | None = None,
                  digits: int = 0) -> str:
    from babel import numbers

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return _swiss_grouping(
        numbers.format_decimal(value, format=pattern, locale=babel_locale(language, country)),
        country)


def format_percent(value: float, language: str | None = None, *,
                   country: str | None = None) -> str:
    """``value`` is a fraction (0.42 → 42 %)."""
    from babel import numbers

    return _swiss_grouping(numbers.format_percent(value, locale=babel_locale(language, country)),
                           country)
