"""The content of an exchange file, as strict pydantic models (docs/exchange-format.md).

Unknown fields are errors, every string is bounded by what the database can hold, every date
carries a time zone and lies in a sane range, every enum is one of the app's values. What
pydantic cannot know (the questionnaire, the answers' validity, the fingerprint) is checked by
``importing.py`` before anything is written.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from app.domain.assessment import ActionStatus, AssessmentStatus
from app.domain.review import ReviewItemStatus
from app.domain.vocabulary import Owner, Priority
from app.storage.models import ID_LENGTH, NAME_LENGTH
from app.storage.records import ReviewChange, SignatureKind

TEXT_LENGTH = 100_000
"""Notes, comments, opinions, addresses: long enough for people, bounded for files."""
MAX_ITEMS = 10_000
"""Answers, history rows, actions…: far beyond any questionnaire (the file size caps it too)."""


def _in_range(value: dt.datetime) -> dt.datetime:
    """UTC, and between 1900 and 9000: anything else is a damaged or forged date."""
    try:
        utc = value.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise ValueError("date out of range") from None
    if not 1900 <= utc.year <= 9000:
        raise ValueError("date out of range")
    return utc


Moment = Annotated[AwareDatetime, AfterValidator(_in_range)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=ID_LENGTH)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=NAME_LENGTH)]
OptionalName = Annotated[str, StringConstraints(max_length=NAME_LENGTH)]
Text = Annotated[str, StringConstraints(max_length=TEXT_LENGTH)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Choice = Annotated[str, StringConstraints(max_length=TEXT_LENGTH)]
Value = Annotated[float, Field(strict=True, allow_inf_nan=False)] | Choice | Annotated[
    list[Choice], Field(max_length=1000)]
"""An answer value as ``value_to_json`` writes it: a choice or special value, a number, or the
list of a multiple-choice answer."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class PracticeDetails(Strict):
    name: Name
    address: Text = ""
    country: Annotated[str, StringConstraints(pattern=r"^([A-Z]{2})?$")] = ""
    identifiers: Annotated[dict[Name, OptionalName], Field(max_length=100)] = {}


class PracticeModel(PracticeDetails):
    id: uuid.UUID
    profile: Annotated[dict[Id, Value], Field(max_length=1000)] = {}
    """The practice's latest profile answers (used only if the practice is new here)."""


class QuestionnaireRef(Strict):
    id: Id
    version: Id
    hash: Sha256


class AssessmentModel(Strict):
    id: uuid.UUID
    status: AssessmentStatus
    language: Annotated[str, StringConstraints(min_length=2, max_length=8)]
    filled_by: OptionalName = ""
    created_at: Moment
    updated_at: Moment
    completed_at: Moment | None = None
    previous_id: uuid.UUID | None = None
    current_question_id: Id | None = None
    practice_info: PracticeDetails | None = None
    """The practice's details frozen when the practice signed it; None before signing."""


class AnswerModel(Strict):
    question_id: Id
    value: Value
    note: Text = ""
    evidence: Text = ""
    answered_by: OptionalName = ""
    answered_at: Moment


class AnswerChangeModel(Strict):
    question_id: Id
    changed_by: OptionalName = ""
    changed_at: Moment
    old_value: Value | None = None
    old_note: Text | None = None
    new_value: Value | None = None
    new_note: Text | None = None


class ActionModel(Strict):
    question_id: Id
    owner: Owner
    priority: Priority
    due_date: dt.date | None = None
    status: ActionStatus = ActionStatus.TODO
    comment: Text = ""
    obsolete: bool = False
    edited: bool = False
    updated_at: Moment


class ReviewItemModel(Strict):
    question_id: Id
    status: ReviewItemStatus
    comment: Text = ""
    proposed: Value | None = None
    updated_at: Moment


class ReviewChangeModel(Strict):
    kind: ReviewChange
    question_id: Id | None = None
    changed_by: OptionalName = ""
    changed_at: Moment
    status: ReviewItemStatus | None = None
    comment: Text | None = None
    proposed: Value | None = None
    opinion: Text | None = None
    reviewed_at: Moment | None = None


class ReviewModel(Strict):
    auditor: Name
    opinion: Text = ""
    reviewed_at: Moment | None = None
    created_at: Moment
    updated_at: Moment
    items: Annotated[list[ReviewItemModel], Field(max_length=MAX_ITEMS)] = []
    history: Annotated[list[ReviewChangeModel], Field(max_length=MAX_ITEMS * 10)] = []


class SignatureModel(Strict):
    id: uuid.UUID
    kind: SignatureKind
    file_sha256: Sha256
    signer_name: Name
    role: OptionalName = ""
    signed_at: Moment
    fingerprint: Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{64})?$")] = ""


class Content(Strict):
    """What the file's SHA-256 covers."""

    exported_at: Moment
    exported_by: Annotated[str, StringConstraints(max_length=NAME_LENGTH)] = ""
    """The app and version that wrote the file (for people; not checked)."""
    practice: PracticeModel
    questionnaire: QuestionnaireRef
    assessment: AssessmentModel
    answers: Annotated[list[AnswerModel], Field(max_length=MAX_ITEMS)]
    history: Annotated[list[AnswerChangeModel], Field(max_length=MAX_ITEMS * 10)] = []
    actions: Annotated[list[ActionModel], Field(max_length=MAX_ITEMS)] = []
    review: ReviewModel | None = None
    signatures: Annotated[list[SignatureModel], Field(max_length=100)] = []
    fingerprint: Sha256
    """The assessment's fingerprint (``AssessmentSnapshot.fingerprint``): recomputed from the
    content on import and compared."""
