"""The window's pages, in the order of its stack: the practice's four, then the auditor's."""

from __future__ import annotations

from enum import IntEnum


class Page(IntEnum):
    START = 0
    QUESTIONNAIRE = 1
    RESULTS = 2
    ACTIONS = 3
    AUDITOR = 4
    REVIEW = 5
    HISTORY = 6


PRACTICE_PAGES = (Page.START, Page.QUESTIONNAIRE, Page.RESULTS, Page.ACTIONS)
AUDITOR_PAGES = (Page.AUDITOR, Page.REVIEW, Page.HISTORY)
