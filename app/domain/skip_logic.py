"""Which questions are asked, given the profile and the answers so far.

A question is shown when its ``show_if`` holds. A condition on a question that is hidden or
unanswered is false, so a whole branch disappears with the answer that opened it. Cycles are
refused when the questionnaire loads, so the recursion below always ends.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.answers import AnswerValue
from app.domain.questionnaire import Condition, Question, Questionnaire


def visible_question_ids(questionnaire: Questionnaire,
                         answers: Mapping[str, AnswerValue]) -> set[str]:
    """The ids of every question that is asked, profile included."""
    memo: dict[str, bool] = {}

    def visible(question: Question) -> bool:
        if question.id not in memo:
            memo[question.id] = question.show_if is None or holds(question.show_if)
        return memo[question.id]

    def effective(question_id: str) -> AnswerValue | None:
        question = questionnaire.question(question_id)
        if question is None or not visible(question):
            return None
        return answers.get(question_id)

    def holds(condition: Condition) -> bool:
        if condition.all is not None:
            return all(holds(c) for c in condition.all)
        if condition.any is not None:
            return any(holds(c) for c in condition.any)
        if condition.not_ is not None:
            return not holds(condition.not_)
        assert condition.question is not None  # noqa: S101 (guaranteed by the model)
        return _compare(condition, effective(condition.question))

    return {q.id for q in questionnaire.all_questions() if visible(q)}


def _compare(condition: Condition, value: AnswerValue | None) -> bool:
    if value is None:
        return False
    if condition.equals is not None:
        if isinstance(condition.equals, str):
            return value == condition.equals
        return isinstance(value, float) and value == float(condition.equals)
    if condition.in_ is not None:
        return isinstance(value, str) and value in condition.in_
    if condition.not_in is not None:
        return isinstance(value, str) and value not in condition.not_in
    if condition.includes is not None:
        return isinstance(value, tuple) and condition.includes in value
    if not isinstance(value, float):
        return False
    low_ok = condition.min is None or value >= condition.min
    high_ok = condition.max is None or value <= condition.max
    return low_ok and high_ok
