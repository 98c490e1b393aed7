"""What the window needs from storage, as one small interface.

The window never talks SQL: it asks a ``Store`` for the practice, its assessments, a snapshot,
and hands it every answer, note, action-plan change and resume position as soon as it is made.
``database_store.DatabaseStore`` adapts the storage facade to it; ``memory_store.MemoryStore``
keeps everything in memory (tests, previews). The auditor's part (reviews, the paged list,
histories, exchange files) is declared in ``audit_store.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.domain.answers import AnswerValue
from app.domain.assessment import (
    ActionItemState,
    AssessmentSnapshot,
    AssessmentStatus,
    PracticeInfo,
)
from app.domain.carry_over import CarryOver
from app.domain.questionnaire import Questionnaire
from app.domain.scoring import score_assessment
from app.domain.skip_logic import visible_question_ids
from app.gui.audit_store import AuditStore


@dataclass(frozen=True)
class PracticeRecord:
    id: str
    info: PracticeInfo


@dataclass(frozen=True)
class Protection:
    """The database file and whether a passphrase encrypts it (settings' protection card)."""

    path: Path
    encrypted: bool
    available: bool = True
    """SQLCipher is installed (without it the card says how to install it)."""


@dataclass(frozen=True)
class AssessmentSummary:
    """One line of the start page's list of assessments."""

    id: str
    created_at: dt.datetime
    status: AssessmentStatus
    score: float | None
    answered: int
    asked: int


def summarise(assessment_id: str, created_at: dt.datetime, status: AssessmentStatus,
              questionnaire: Questionnaire, values: Mapping[str, AnswerValue]
              ) -> AssessmentSummary:
    """Score and progress as the questionnaire page counts them (profile included)."""
    asked = visible_question_ids(questionnaire, values)
    return AssessmentSummary(assessment_id, created_at, status,
                             score_assessment(questionnaire, values).overall,
                             len(asked & set(values)), len(asked))


class Store(AuditStore, Protocol):
    """Storage as the window sees it; every method saves at once (no "save" button)."""

    @property
    def location(self) -> str:
        """Where the data lives, for people (a file path or a server)."""

    def practice(self) -> PracticeRecord | None:
        """The practice of this database (the first one), or None on first run."""

    def create_practice(self, info: PracticeInfo) -> PracticeRecord: ...

    def update_practice(self, practice_id: str, info: PracticeInfo) -> PracticeRecord: ...

    def assessments(self, practice_id: str) -> Sequence[AssessmentSummary]:
        """Newest first."""

    def create_assessment(self, practice_id: str, questionnaire_id: str,
                          language: str) -> str: ...

    def load_snapshot(self, assessment_id: str) -> AssessmentSnapshot: ...

    def newest_version(self, questionnaire_id: str) -> str:
        """The newest installed version of a questionnaire."""

    def continue_on_newest(self, assessment_id: str) -> tuple[str, CarryOver]:
        """A new draft on the questionnaire's newest version, from this assessment's answers
        that still ask the same thing; its id, and what was kept and asked again."""

    def questionnaire(self, snapshot: AssessmentSnapshot) -> Questionnaire:
        """The questionnaire (id and version) the assessment was answered with."""

    def save_answer(self, assessment_id: str, question_id: str, value: AnswerValue | None,
                    note: str) -> None:
        """Save (or, with ``value=None``, clear) one answer and its note."""

    def set_status(self, assessment_id: str, status: AssessmentStatus) -> None: ...

    def sync_actions(self, assessment_id: str, start: dt.date) -> list[ActionItemState]:
        """Bring the stored action items in line with the current gaps (edits are kept)."""

    def save_action(self, assessment_id: str, state: ActionItemState) -> None: ...

    def record_signature(self, assessment_id: str, file_sha256: str, signer: str, role: str,
                         fingerprint: str) -> None:
        """The practice signed a report of this assessment: it becomes read-only."""

    def resume_position(self, assessment_id: str) -> str | None: ...

    def set_resume_position(self, assessment_id: str, question_id: str) -> None: ...

    def close(self) -> None: ...
