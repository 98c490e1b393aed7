"""Which questions are asked, given the profile and the answers so far.

A question is shown when its ``show_if`` holds. A condition on a question that is hidden or
unanswered is false, so a whole branch disappears with the answer that opened it. Cycles are
refused when the questionnaire loads, so the recursion below always ends.

The questionnaire's conditions are gathered once per questionnaire (``skip_plan``) into plain
dicts: every save of an answer runs this, and a loaded questionnaire never changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from app.domain.answers import AnswerValue
from app.domain.questionnaire import Condition, Questionnaire


@dataclass(frozen=True)
class SkipPlan:
    """What the skip logic needs from a questionnaire, gathered once."""

    order: tuple[str, ...]
    """Every question id, profile first, in the order they are asked."""
    known: frozenset[str]
    """The same ids, to look one up."""
    conditions: Mapping[str, Condition]
    """The ``show_if`` of each conditional question."""
    sources: frozenset[str]
    """The questions some condition reads: only their answers can change what is asked."""


def _plan(questionnaire: Questionnaire) -> SkipPlan:
    conditions = {q.id: q.show_if for q in questionnaire.all_questions()
                  if q.show_if is not None}
    order = tuple(q.id for q in questionnaire.all_questions())
    return SkipPlan(
        order=order, known=frozenset(order),
        conditions=conditions,
        sources=frozenset(source for condition in conditions.values()
                          for source in condition.referenced_questions()))


def skip_plan(questionnaire: Questionnaire) -> SkipPlan:
    """The questionnaire's plan, computed on first use and kept with it."""
    return questionnaire.derived("skip_plan", _plan)


def changes_visibility(questionnaire: Questionnaire, question_id: str) -> bool:
    """Whether an answer to this question can change which questions are asked."""
    return question_id in skip_plan(questionnaire).sources


def visible_question_ids(questionnaire: Questionnaire,
                         answers: Mapping[str, AnswerValue]) -> set[str]:
    """The ids of every question that is asked, profile included."""
    plan = skip_plan(questionnaire)
    conditions = plan.conditions
    memo: dict[str, bool] = {}

    def visible(question_id: str) -> bool:
        shown = memo.get(question_id)
        if shown is None:
            condition = conditions.get(question_id)
            shown = memo[question_id] = condition is None or holds(condition)
        return shown

    def effective(question_id: str) -> AnswerValue | None:
        if question_id not in plan.known or not visible(question_id):
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

    return {qid for qid in plan.order if qid not in conditions or visible(qid)}


def condition_holds(condition: Condition, answers: Mapping[str, AnswerValue],
                    visible: AbstractSet[str]) -> bool:
    """Whether ``condition`` holds for these answers, reading only asked questions (as
    ``show_if`` does): the verdict rules and conditional actions use the same semantics."""
    if condition.all is not None:
        return all(condition_holds(c, answers, visible) for c in condition.all)
    if condition.any is not None:
        return any(condition_holds(c, answers, visible) for c in condition.any)
    if condition.not_ is not None:
        return not condition_holds(condition.not_, answers, visible)
    assert condition.question is not None  # noqa: S101 (guaranteed by the model)
    value = answers.get(condition.question) if condition.question in visible else None
    return _compare(condition, value)


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
