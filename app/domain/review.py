"""An auditor's review of an assessment, and the answers as the auditor believes them.

The practice's answers are never overwritten: a review sits beside them. Each reviewed answer
is confirmed, disputed (with the answer the auditor believes right) or waiting for evidence.
The *reviewed* score is the ordinary score of the answers with every disputed one replaced by
the auditor's proposal, so the two scores are computed by the same rules and can be compared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from app.domain.answers import Answer, AnswerValue
from app.domain.questionnaire import Questionnaire
from app.domain.scoring import AssessmentScore, score_assessment
from app.i18n.translation import N_


class ReviewItemStatus(StrEnum):
    CONFIRMED = "confirmed"
    DISPUTED = "disputed"
    EVIDENCE_NEEDED = "evidence_needed"


REVIEW_STATUS_LABELS: dict[str, str] = {
    ReviewItemStatus.CONFIRMED: N_("Confirmed"),
    ReviewItemStatus.DISPUTED: N_("Disputed"),
    ReviewItemStatus.EVIDENCE_NEEDED: N_("Evidence needed"),
}


@dataclass(frozen=True)
class AnswerReview:
    """The auditor's verdict on one answer."""

    question_id: str
    status: ReviewItemStatus
    comment: str = ""
    proposed: AnswerValue | None = None
    """The answer the auditor believes right; only for a disputed answer."""
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class Review:
    """The auditor's review of one assessment: an opinion and verdicts per answer."""

    auditor: str
    opinion: str = ""
    reviewed_at: dt.datetime | None = None
    """When the auditor concluded; ``None`` while the review is in progress."""
    items: Mapping[str, AnswerReview] = field(default_factory=dict)

    def count(self, status: ReviewItemStatus) -> int:
        return sum(1 for item in self.items.values() if item.status is status)


def reviewed_answers(answers: Mapping[str, Answer], review: Review) -> dict[str, Answer]:
    """The answers with every disputed one replaced by the auditor's proposal (note kept)."""
    result = dict(answers)
    for question_id, item in review.items.items():
        if item.status is ReviewItemStatus.DISPUTED and item.proposed is not None:
            note = answers[question_id].note if question_id in answers else ""
            result[question_id] = Answer(item.proposed, note)
    return result


def reviewed_score(questionnaire: Questionnaire, answers: Mapping[str, Answer],
                   review: Review) -> AssessmentScore:
    """The score the assessment gets once the auditor's corrections are applied."""
    values = {qid: answer.value for qid, answer in reviewed_answers(answers, review).items()}
    return score_assessment(questionnaire, values)
