"""What the review section shows, computed once: the verdicts in reading order and both scores.

The reviewed score is the domain's (``app.domain.review.reviewed_score``): the same rules as the
self-assessed score, with each disputed answer replaced by the auditor's proposal. Rows are in
the order a reader needs them: disputed first, then the answers waiting for evidence, then the
confirmed ones, each group in the questionnaire's order. A verdict on a question this version of
the questionnaire does not have (a review imported with another version) is left out of the
table and of the counts, since nothing can be said about it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.answers import Answer, value_score
from app.domain.assessment import AssessmentSnapshot
from app.domain.questionnaire import Question, Questionnaire
from app.domain.review import AnswerReview, Review, ReviewItemStatus, reviewed_score
from app.domain.scoring import AnswerStatus, AssessmentScore, QuestionResult

VERDICT_ORDER = (ReviewItemStatus.DISPUTED, ReviewItemStatus.EVIDENCE_NEEDED,
                 ReviewItemStatus.CONFIRMED)


@dataclass(frozen=True)
class ReviewRow:
    question: Question
    item: AnswerReview
    answer: Answer | None
    """The practice's answer as given (``None``: not answered)."""
    status: AnswerStatus
    """How the practice's answer counts (hidden by skip logic, unanswered…)."""
    worth: float | None
    """What the practice's answer is worth (0..1), for its colour."""
    proposed_worth: float | None


@dataclass(frozen=True)
class ReviewData:
    review: Review
    score: AssessmentScore
    """The reviewed score."""
    rows: tuple[ReviewRow, ...]

    def count(self, status: ReviewItemStatus) -> int:
        return sum(1 for row in self.rows if row.item.status is status)


def build_review_data(snapshot: AssessmentSnapshot, questionnaire: Questionnaire,
                      self_score: AssessmentScore) -> ReviewData | None:
    review = snapshot.review
    if review is None:
        return None
    results: dict[str, QuestionResult] = {r.question.id: r for r in self_score.results}
    order = {q.id: index for index, q in enumerate(questionnaire.all_questions())}
    rows = []
    for question_id, item in review.items.items():
        question = questionnaire.question(question_id)
        if question is None:
            continue
        result = results.get(question_id)
        answer = snapshot.answers.get(question_id)
        status = result.status if result else (
            AnswerStatus.ANSWERED if answer else AnswerStatus.UNANSWERED)
        proposed = (value_score(question, item.proposed)
                    if item.proposed is not None and result is not None else None)
        rows.append(ReviewRow(question, item, answer, status,
                              result.score if result else None, proposed))
    rows.sort(key=lambda row: (VERDICT_ORDER.index(row.item.status), order[row.question.id]))
    return ReviewData(review, reviewed_score(questionnaire, snapshot.answers, review),
                      tuple(rows))
