"""What the auditor's screens need from storage: reviews, a paged list, histories, exchange files.

Part of the window's ``Store`` (``store.py``): ``database_store.DatabaseStore`` passes these calls
to the storage facade, ``memory_store.MemoryStore`` answers them in memory. The list is asked for
one page at a time (``ListQuery.offset`` / ``limit``) and counted apart, so that 10,000
assessments never sit in the window at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from app.domain.answers import AnswerValue
from app.domain.assessment import AssessmentStatus
from app.domain.review import Review, ReviewItemStatus

PAGE_SIZE = 100


class SortKey(StrEnum):
    """The auditor list's orders; each is an indexed order of the storage query."""

    PRACTICE = "practice"
    DATE = "date"
    STATUS = "status"
    SCORE = "score"
    REVIEWER = "reviewer"


@dataclass(frozen=True)
class ListQuery:
    """One request of the auditor list: filters, order and the page wanted."""

    search: str = ""
    """Any part of the practice's name, case-insensitive."""
    status: AssessmentStatus | None = None
    practice_id: str | None = None
    reviewer: str | None = None
    """Any part of the reviewer's name; ``""`` for the assessments nobody reviews yet."""
    sort: SortKey = SortKey.DATE
    descending: bool = True
    offset: int = 0
    limit: int | None = PAGE_SIZE


@dataclass(frozen=True)
class AuditRow:
    """One line of the auditor list: light, a whole page of them comes in one query."""

    id: str
    practice_id: str
    practice_name: str
    created_at: dt.datetime
    status: AssessmentStatus
    score: float | None
    reviewer: str = ""
    reviewed_at: dt.datetime | None = None


@dataclass(frozen=True)
class HistoryPoint:
    """One assessment of a practice, on its score curve."""

    assessment_id: str
    created_at: dt.datetime
    status: AssessmentStatus
    score: float | None
    reviewer: str = ""
    reviewed_score: float | None = None
    """With the auditor's corrections; None without a review."""


@dataclass(frozen=True)
class AnswerChange:
    """One change of one answer: ``old_value`` None for a first answer, ``new_value`` None for
    a cleared one."""

    question_id: str
    changed_by: str
    changed_at: dt.datetime
    old_value: AnswerValue | None
    new_value: AnswerValue | None
    old_note: str | None = None
    new_note: str | None = None


@dataclass(frozen=True)
class ImportedFile:
    assessment_id: str
    already_imported: bool = False
    """The same assessment, unchanged, was already in the database: nothing was written."""


class AuditStore(Protocol):
    """The auditor's half of the window's storage; every method saves at once."""

    def review(self, assessment_id: str) -> Review | None: ...

    def set_review_item(self, assessment_id: str, question_id: str, status: ReviewItemStatus,
                        *, comment: str = "", proposed: AnswerValue | None = None,
                        auditor: str) -> None:
        """The auditor's verdict on one answer (the practice's answer is left as it is)."""

    def clear_review_item(self, assessment_id: str, question_id: str) -> None: ...

    def set_review_opinion(self, assessment_id: str, opinion: str, auditor: str,
                           concluded: bool) -> None:
        """The overall opinion; ``concluded`` dates the review (undated while in progress)."""

    def practice_of(self, assessment_id: str) -> str:
        """The id of the practice the assessment belongs to."""

    def practice_history(self, practice_id: str) -> Sequence[HistoryPoint]:
        """Every assessment of the practice, oldest first."""

    def answer_history(self, assessment_id: str, question_id: str) -> Sequence[AnswerChange]:
        """Every change of one answer, oldest first."""

    def count_assessment_rows(self, query: ListQuery) -> int: ...

    def list_assessment_rows(self, query: ListQuery) -> Sequence[AuditRow]:
        """One page (``query.offset``, ``query.limit``) in ``query.sort`` order."""

    def record_countersignature(self, assessment_id: str, file_sha256: str, signer: str,
                                role: str, fingerprint: str) -> None:
        """The auditor countersigned a report of this assessment: it becomes reviewed."""

    def export_exchange(self, assessment_id: str, target: Path,
                        passphrase: str | None) -> None:
        """Write the assessment as a ``.ccab`` exchange file (encrypted with a passphrase)."""

    def exchange_is_protected(self, source: Path) -> bool:
        """Whether a ``.ccab`` file needs a passphrase (asked before importing it)."""

    def import_exchange(self, source: Path, passphrase: str | None) -> ImportedFile:
        """Read a ``.ccab`` file into this database: all checked first, then written at once
        (a refused file raises and leaves the database as it was)."""
