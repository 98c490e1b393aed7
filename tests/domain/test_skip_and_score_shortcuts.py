"""The save path's shortcuts give exactly what the plain computations give.

``save_answer`` computes the asked questions once and reuses them (``score_assessment`` /
``overall_score`` with ``visible=``), skips recomputing them when the saved question is no
condition's source (``changes_visibility``), and stores ``overall_score`` instead of building
every result. Each shortcut is checked here against the straightforward computation, on the
example questionnaire and on the real question bank, with random answers.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.answers import AnswerValue
from app.domain.catalog import get_entry
from app.domain.loader import load_questionnaire
from app.domain.questionnaire import Condition, Question, Questionnaire
from app.domain.scoring import overall_score, score_assessment
from app.domain.skip_logic import (
    _compare,
    changes_visibility,
    skip_plan,
    visible_question_ids,
)
from app.domain.vocabulary import NOT_APPLICABLE, UNKNOWN, QuestionType
from tests.conftest import EXAMPLE

EX = load_questionnaire(EXAMPLE)
BANK = get_entry("cabinet-medical").questionnaire
QUESTIONNAIRES = {"example": EX, "bank": BANK}


def reference_visible(questionnaire: Questionnaire,
                      answers: Mapping[str, AnswerValue]) -> set[str]:
    """The skip logic as first written: recursion over the pydantic models, no plan."""
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
        assert condition.question is not None
        return _compare(condition, effective(condition.question))

    return {q.id for q in questionnaire.all_questions() if visible(q)}


def values_of(question: Question) -> st.SearchStrategy[AnswerValue]:
    """Any value the question accepts (special answers included when allowed)."""
    special = [v for v, ok in ((UNKNOWN, question.allow_unknown),
                               (NOT_APPLICABLE, question.allow_not_applicable)) if ok]
    if question.type is QuestionType.NUMBER:
        assert question.number is not None
        plain: st.SearchStrategy[AnswerValue] = st.floats(
            question.number.min, question.number.max, allow_nan=False)
    elif question.type is QuestionType.MULTIPLE:
        options = question.option_values()
        exclusive = [c.value for c in question.choices if c.exclusive]
        others = [v for v in options if v not in exclusive]
        subsets = st.sets(st.sampled_from(others), min_size=1).map(
            lambda chosen: tuple(v for v in options if v in chosen))
        plain = st.one_of(subsets, st.sampled_from([(v,) for v in exclusive])) \
            if exclusive else subsets
    else:
        plain = st.sampled_from(question.option_values())
    return st.one_of(plain, st.sampled_from(special)) if special else plain


@st.composite
def answer_sets(draw: st.DrawFn, questionnaire: Questionnaire) -> dict[str, AnswerValue]:
    """Random answers, hidden questions included (an answer kept after its branch closed)."""
    answers: dict[str, AnswerValue] = {}
    for question in questionnaire.all_questions():
        if draw(st.booleans()):
            answers[question.id] = draw(values_of(question))
    return answers


@pytest.mark.parametrize("name", sorted(QUESTIONNAIRES))
def test_plan_is_built_once_and_not_shared_with_a_copy(name: str) -> None:
    questionnaire = QUESTIONNAIRES[name]
    plan = skip_plan(questionnaire)
    assert skip_plan(questionnaire) is plan
    assert skip_plan(questionnaire.model_copy()) is not plan
    assert set(plan.order) == {q.id for q in questionnaire.all_questions()}
    assert plan.sources, "both questionnaires have skip logic"


@pytest.mark.parametrize("name", sorted(QUESTIONNAIRES))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_shortcuts_equal_the_plain_computation(name: str, data: st.DataObject) -> None:
    questionnaire = QUESTIONNAIRES[name]
    answers = data.draw(answer_sets(questionnaire))
    visible = visible_question_ids(questionnaire, answers)
    assert visible == reference_visible(questionnaire, answers)
    full = score_assessment(questionnaire, answers)
    assert overall_score(questionnaire, answers) == full.overall  # the same float, exactly
    assert overall_score(questionnaire, answers, visible) == full.overall
    given_visible = score_assessment(questionnaire, answers, visible)
    assert given_visible == full


@pytest.mark.parametrize("name", sorted(QUESTIONNAIRES))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_an_answer_that_is_no_source_never_changes_what_is_asked(
        name: str, data: st.DataObject) -> None:
    questionnaire = QUESTIONNAIRES[name]
    answers = data.draw(answer_sets(questionnaire))
    question = data.draw(st.sampled_from(list(questionnaire.all_questions())))
    changed = {**answers, question.id: data.draw(values_of(question))}
    cleared = {k: v for k, v in answers.items() if k != question.id}
    before = visible_question_ids(questionnaire, answers)
    if not changes_visibility(questionnaire, question.id):
        assert visible_question_ids(questionnaire, changed) == before
        assert visible_question_ids(questionnaire, cleared) == before


def test_a_source_can_change_what_is_asked() -> None:
    assert changes_visibility(EX, "PRF-SERVER") and changes_visibility(EX, "SRV-01")
    assert not changes_visibility(EX, "BAK-01")
    assert "SRV-01" in visible_question_ids(EX, {"PRF-SERVER": "yes"})
    assert "SRV-01" not in visible_question_ids(EX, {"PRF-SERVER": "no"})
