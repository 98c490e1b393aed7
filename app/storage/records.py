"""What the storage facade hands out: plain, frozen values, no database session behind them.

The GUI, the CLI and the report get these (and the domain's ``AssessmentSnapshot``) from
``Database``; they never see a SQLAlchemy object, so nothing is loaded lazily behind their back
and nothing they hold can write to the database. Ids are UUIDs written as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from app.domain.answers import AnswerValue
from app.domain.assessment import ActionItemState, ActionStatus, AssessmentStatus, PracticeInfo
from app.domain.review import ReviewItemStatus as ReviewItemStatus  # re-exported
from app.domain.vocabulary import Owner, Priority

READ_ONLY_STATUSES = frozenset({AssessmentStatus.SIGNED, AssessmentStatus.REVIEWED})


class SignatureKind(StrEnum):
    PRACTICE = "practice"
    AUDITOR = "auditor"


class ReviewChange(StrEnum):
    """What a row of the review's history records."""

    VERDICT = "verdict"
    """A verdict set or changed on one answer."""
    CLEARED = "cleared"
    """A verdict withdrawn."""
    OPINION = "opinion"
    """The opinion written, concluded or reopened."""


class AssessmentSort(StrEnum):
    """The orders of the assessment list (each backed by an index or cheap on 10,000 rows)."""

    UPDATED_AT = "updated_at"
    CREATED_AT = "created_at"
    PRACTICE_NAME = "practice"
    STATUS = "status"
    SCORE = "score"
    REVIEWER = "reviewer"


@dataclass(frozen=True)
class PracticeRecord:
    id: str
    name: str
    address: str
    country: str
    identifiers: Mapping[str, str]
    profile: Mapping[str, AnswerValue]
    """The latest answers to the questionnaire's profile questions, copied from assessments."""
    created_at: dt.datetime
    updated_at: dt.datetime

    def info(self) -> PracticeInfo:
        return PracticeInfo(name=self.name, address=self.address, country=self.country,
                            identifiers=dict(self.identifiers))


@dataclass(frozen=True)
class AssessmentRow:
    """One line of the assessment list: light, one query for a whole page."""

    id: str
    practice_id: str
    practice_name: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_hash: str
    language: str
    status: AssessmentStatus
    filled_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    completed_at: dt.datetime | None
    previous_id: str | None
    current_question_id: str | None
    answer_count: int
    """Stored answers, including answers to questions hidden since (see ``answered``)."""
    score: float | None = None
    """The self-assessed overall score, 0–100 (None while nothing counts yet)."""
    reviewed_score: float | None = None
    """The score with the auditor's corrections (None: no review)."""
    reviewer: str | None = None
    """The auditor reviewing it (None: not reviewed)."""
    reviewed_at: dt.datetime | None = None
    """When the auditor concluded the review (None: no review, or still in progress)."""
    asked: int = 0
    """Questions asked given the answers so far (profile included)."""
    answered: int = 0
    """Asked questions that have an answer: progress is ``answered / asked``."""

    @property
    def read_only(self) -> bool:
        return self.status in READ_ONLY_STATUSES


@dataclass(frozen=True)
class AssessmentQuery:
    """One request of the assessment list (``Database.list_assessment_rows``): filters, order
    and the page wanted. The defaults: every assessment, most recently changed first."""

    search: str = ""
    """Any part of the practice's name, case-insensitive (accents included: "léman" finds
    "LÉMAN")."""
    statuses: frozenset[AssessmentStatus] = frozenset()
    """Only these statuses; empty: all."""
    practice_id: str | None = None
    reviewer: str | None = None
    """Any part of the reviewer's name, case-insensitive; ``""``: only the assessments nobody
    reviews yet; None: no filter."""
    questionnaire_id: str | None = None
    sort: AssessmentSort = AssessmentSort.UPDATED_AT
    descending: bool = True
    """Unknown scores and unreviewed assessments come last in both directions."""
    offset: int = 0
    limit: int | None = 100
    """None: every matching row (for exports; the list asks for pages)."""


@dataclass(frozen=True)
class AssessmentPage:
    rows: list[AssessmentRow]
    total: int
    """How many assessments match the filters, all pages together."""
    offset: int = 0
    limit: int | None = None


@dataclass(frozen=True)
class AnswerRecord:
    question_id: str
    value: AnswerValue
    note: str = ""
    evidence: str = ""
    answered_by: str = ""
    answered_at: dt.datetime | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One change of one answer; ``old_value`` is None for a first answer, ``new_value`` for a
    cleared one."""

    id: int
    question_id: str
    changed_by: str
    changed_at: dt.datetime
    old_value: AnswerValue | None
    old_note: str | None
    new_value: AnswerValue | None
    new_note: str | None


@dataclass(frozen=True)
class ActionItemRecord:
    question_id: str
    owner: Owner
    priority: Priority
    due_date: dt.date | None
    status: ActionStatus
    comment: str
    obsolete: bool
    """The gap it answers is gone (the answer improved or the question is no longer asked)."""
    edited: bool
    """Changed by a person: a new sync keeps its owner, due date, status and comment."""
    updated_at: dt.datetime

    def state(self) -> ActionItemState:
        return ActionItemState(question_id=self.question_id, owner=self.owner,
                               priority=self.priority, due_date=self.due_date,
                               status=self.status, comment=self.comment)


@dataclass(frozen=True)
class SignatureRecord:
    id: str
    assessment_id: str
    kind: SignatureKind
    file_sha256: str
    signer_name: str
    role: str
    signed_at: dt.datetime
    fingerprint: str
    """The assessment's fingerprint when it was signed."""


@dataclass(frozen=True)
class ReviewHistoryEntry:
    """One change of a review: who, when, and the state after it."""

    id: int
    kind: ReviewChange
    question_id: str | None
    changed_by: str
    changed_at: dt.datetime
    status: ReviewItemStatus | None = None
    comment: str | None = None
    proposed: AnswerValue | None = None
    opinion: str | None = None
    reviewed_at: dt.datetime | None = None


@dataclass(frozen=True)
class PracticeHistoryPoint:
    """One assessment of a practice on its score curve (``Database.practice_history``)."""

    assessment_id: str
    created_at: dt.datetime
    updated_at: dt.datetime
    completed_at: dt.datetime | None
    status: AssessmentStatus
    questionnaire_id: str
    questionnaire_version: str
    score: float | None
    """Self-assessed overall score, 0–100."""
    reviewed_score: float | None
    """With the auditor's corrections; None without a review."""
    reviewer: str | None
    previous_id: str | None
