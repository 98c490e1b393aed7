"""An assessment as the domain sees it, and its fingerprint.

``AssessmentSnapshot`` is what storage hands to the report, the exchange file and the GUI: plain
values, no database. Its ``fingerprint`` is the SHA-256 of a canonical serialisation (practice,
questionnaire id + version + content hash, every answer with its note), so a report, an export
and the database can be matched: the same assessment always gives the same fingerprint, any
changed answer another.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.domain.answers import Answer, AnswerValue, value_to_json
from app.domain.review import Review
from app.domain.vocabulary import Owner, Priority


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    COMPLETED = "completed"
    SIGNED = "signed"
    REVIEWED = "reviewed"


class ActionStatus(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True)
class PracticeInfo:
    name: str
    address: str = ""
    country: str = ""  # "CH" or "FR"
    identifiers: Mapping[str, str] = field(default_factory=dict)
    """E.g. GLN, RCC/ZSR, FINESS, SIRET: printed on the report, part of the fingerprint."""


@dataclass(frozen=True)
class ActionItemState:
    """What the practice has made of a planned action (editable, not in the fingerprint)."""

    question_id: str
    owner: Owner
    priority: Priority
    due_date: dt.date | None = None
    status: ActionStatus = ActionStatus.TODO
    comment: str = ""


@dataclass(frozen=True)
class AssessmentSnapshot:
    id: str
    practice: PracticeInfo
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_hash: str
    language: str
    answers: Mapping[str, Answer]
    status: AssessmentStatus = AssessmentStatus.DRAFT
    filled_by: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    actions: Mapping[str, ActionItemState] = field(default_factory=dict)
    review: Review | None = None
    """The auditor's review, if any: beside the answers, never in the fingerprint."""

    @property
    def values(self) -> dict[str, AnswerValue]:
        return {qid: answer.value for qid, answer in self.answers.items()}

    def canonical(self) -> dict[str, Any]:
        return {
            "assessment": self.id,
            "practice": {
                "name": self.practice.name,
                "address": self.practice.address,
                "country": self.practice.country,
                "identifiers": dict(sorted(self.practice.identifiers.items())),
            },
            "questionnaire": {
                "id": self.questionnaire_id,
                "version": self.questionnaire_version,
                "hash": self.questionnaire_hash,
            },
            "answers": {
                qid: {"value": value_to_json(answer.value), "note": answer.note}
                for qid, answer in sorted(self.answers.items())
            },
        }

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.canonical())


def fingerprint_of(canonical: Mapping[str, Any]) -> str:
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
