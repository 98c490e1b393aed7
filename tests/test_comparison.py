"""Comparing two assessments: deltas, gaps closed and new, changed answers, version edge cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.answers import Answer, AnswerValue
from app.domain.assessment import AssessmentSnapshot, AssessmentStatus, PracticeInfo
from app.domain.comparison import Comparison, SideStatus, compare
from app.domain.history import score_curve
from app.domain.loader import content_hash
from app.domain.questionnaire import Question, Questionnaire
from app.domain.vocabulary import NOT_APPLICABLE, UNKNOWN, QuestionType
from app.errors import ValidationError
from tests.conftest import EXAMPLE

BEFORE = {
    "PRF-COUNTRY": "ch",
    "PRF-SERVER": "yes",
    "BAK-01": "partly",
    "BAK-02": 2.0,
    "SRV-01": "no",
    "SRV-02": "nobody",
    "AWR-01": ("phishing",),
}


def snapshot(questionnaire: Questionnaire, values: dict[str, AnswerValue], *,
             assessment_id: str = "a", when: dt.datetime | None = None) -> AssessmentSnapshot:
    return AssessmentSnapshot(
        id=assessment_id, practice=PracticeInfo("Cabinet Dupont"),
        questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
        questionnaire_hash=content_hash(questionnaire), language="fr",
        answers={qid: Answer(v) for qid, v in values.items()}, updated_at=when)


def run(questionnaire: Questionnaire, before: dict[str, AnswerValue],
        after: dict[str, AnswerValue], other: Questionnaire | None = None) -> Comparison:
    later = other or questionnaire
    return compare(questionnaire, snapshot(questionnaire, before, assessment_id="a"),
                   later, snapshot(later, after, assessment_id="b"))


def ids(items: Any) -> list[str]:
    """Question ids of gap changes, answer changes or scoring results."""
    return [getattr(item, "question_id", None) or item.question.id for item in items]


@pytest.fixture(scope="module")
def version_2() -> Questionnaire:
    """Version 2 of the example: the awareness theme is gone, a network theme is new, BAK-01
    is worded differently."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["version"] = "2.0"
    data["themes"] = [t for t in data["themes"] if t["id"] != "AWR"]
    data["themes"][0]["questions"][0]["text"]["en"] = "Do you back up every working day?"
    data["themes"].append({
        "id": "NET", "title": {"fr": "Réseau", "en": "Network"},
        "questions": [{"id": "NET-01", "type": "yes_no",
                       "text": {"fr": "Pare-feu ?", "en": "A firewall?"}}]})
    return Questionnaire.model_validate(data)


def test_same_answers_compare_equal(example: Questionnaire) -> None:
    result = run(example, BEFORE, BEFORE)
    assert result.overall_delta == 0
    assert all(t.delta == 0 for t in result.themes)
    assert not result.closed_gaps and not result.new_gaps and not result.changed
    assert result.level_a == result.level_b
    assert ids(result.critical_a) == ids(result.critical_b) == ["BAK-01"]


def test_a_gap_fixed_and_a_gap_opened(example: Questionnaire) -> None:
    after = {**BEFORE, "BAK-01": "yes", "SRV-02": "provider", "BAK-02": 0.0}
    result = run(example, BEFORE, after)
    assert ids(result.closed_gaps) == ["BAK-01", "SRV-02"]
    assert all(g.fixed for g in result.closed_gaps)
    assert result.closed_gaps[0].critical
    (opened,) = result.new_gaps
    assert opened.question_id == "BAK-02" and opened.fixed
    assert (opened.a.value, opened.b.value) == (2.0, 0.0)
    assert [(c.question_id, c.old, c.new) for c in result.changed] == [
        ("BAK-01", "partly", "yes"), ("BAK-02", 2.0, 0.0), ("SRV-02", "nobody", "provider")]
    by_theme = {t.theme_id: t for t in result.themes}
    # BAK: weights 3 and 1; partly + 2 copies = (1.5+1)/4, yes + 0 copies = 3/4
    assert by_theme["BAK"].score_a == pytest.approx(62.5)
    assert by_theme["BAK"].delta == pytest.approx(12.5)
    assert by_theme["SRV"].delta == pytest.approx(50.0)
    assert by_theme["AWR"].delta == 0
    assert result.overall_delta == pytest.approx(result.overall_b - result.overall_a)  # type: ignore[operator]
    assert ids(result.critical_a) == ["BAK-01"] and not result.critical_b
    assert result.level_a.number == 2 and result.level_b.number > 2


def test_not_applicable_closes_a_gap_without_fixing_it(example: Questionnaire) -> None:
    result = run(example, BEFORE, {**BEFORE, "AWR-01": NOT_APPLICABLE})
    (closed,) = result.closed_gaps
    assert closed.question_id == "AWR-01" and not closed.fixed
    assert closed.b.status is SideStatus.NOT_APPLICABLE
    awareness = next(t for t in result.themes if t.theme_id == "AWR")
    assert awareness.score_a == 50 and awareness.score_b is None and awareness.delta is None


def test_unknown_is_a_gap(example: Questionnaire) -> None:
    result = run(example, BEFORE, {**BEFORE, "SRV-01": "yes", "BAK-02": UNKNOWN})
    assert ids(result.new_gaps) == ["BAK-02"]
    assert result.new_gaps[0].b.status is SideStatus.UNKNOWN
    assert ids(result.closed_gaps) == ["SRV-01"]


def test_questions_hidden_by_skip_logic(example: Questionnaire) -> None:
    """No server any more: the server questions are not asked, their stored answers ignored."""
    result = run(example, BEFORE, {**BEFORE, "PRF-SERVER": "no"})
    assert ids(result.closed_gaps) == ["SRV-01", "SRV-02"]
    assert all(g.b.status is SideStatus.HIDDEN and not g.fixed for g in result.closed_gaps)
    changes = {c.question_id: c for c in result.changed}
    assert set(changes) == {"PRF-SERVER", "SRV-01", "SRV-02"}
    assert changes["PRF-SERVER"].profile and not changes["SRV-01"].profile
    assert changes["SRV-01"].new is None and changes["SRV-01"].b.status is SideStatus.HIDDEN
    server = next(t for t in result.themes if t.theme_id == "SRV")
    assert server.score_b is None and server.delta is None


def test_unanswered_is_neither_gap_nor_change_of_score(example: Questionnaire) -> None:
    draft = {k: v for k, v in BEFORE.items() if k != "SRV-02"}
    result = run(example, BEFORE, draft)
    (closed,) = result.closed_gaps
    assert closed.question_id == "SRV-02" and closed.b.status is SideStatus.UNANSWERED
    assert not closed.fixed
    (change,) = result.changed
    assert (change.old, change.new) == ("nobody", None)
    assert not result.score_b.is_complete


def test_versions_with_a_theme_missing_on_each_side(example: Questionnaire,
                                                    version_2: Questionnaire) -> None:
    after = {**BEFORE, "NET-01": "no"}
    del after["AWR-01"]
    result = run(example, BEFORE, after, version_2)
    assert result.only_in_a == ("AWR-01",) and result.only_in_b == ("NET-01",)
    assert not result.same_version and (result.version_a, result.version_b) == ("1.0", "2.0")
    themes = {t.theme_id: t for t in result.themes}
    assert [t.theme_id for t in result.themes] == ["BAK", "SRV", "NET", "AWR"]
    assert themes["NET"].in_b and not themes["NET"].in_a and themes["NET"].delta is None
    assert themes["AWR"].in_a and not themes["AWR"].in_b and themes["AWR"].score_b is None
    assert themes["BAK"].delta == 0
    new = {g.question_id: g for g in result.new_gaps}
    closed = {g.question_id: g for g in result.closed_gaps}
    assert new["NET-01"].a.status is SideStatus.ABSENT
    assert closed["AWR-01"].b.status is SideStatus.ABSENT and not closed["AWR-01"].fixed
    assert closed["AWR-01"].question.id == "AWR-01"  # worded by A, the only one that has it
    assert not result.changed  # questions in one version only are not "changed answers"
    bak = next(g for g in result.themes if g.theme_id == "BAK")
    assert bak.title["en"] == "Backups"


def test_the_newer_version_words_the_question(example: Questionnaire,
                                              version_2: Questionnaire) -> None:
    result = run(example, BEFORE, {**BEFORE, "BAK-01": "yes"}, version_2)
    (closed,) = (g for g in result.closed_gaps if g.question_id == "BAK-01")
    assert closed.question.text["en"] == "Do you back up every working day?"
    (change,) = (c for c in result.changed if c.question_id == "BAK-01")
    assert change.question_a.text["en"] == "Do you back up daily?"


def test_different_questionnaires_are_refused(example: Questionnaire) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["id"] = "other"
    other = Questionnaire.model_validate(data)
    with pytest.raises(ValidationError, match="different questionnaires"):
        run(example, BEFORE, BEFORE, other)
    with pytest.raises(ValidationError, match="answered on the questionnaire example"):
        compare(example, snapshot(example, BEFORE), other, snapshot(example, BEFORE))


def test_score_curve_is_oldest_first(example: Questionnaire) -> None:
    later = snapshot(example, {**BEFORE, "BAK-01": "yes"}, assessment_id="b",
                     when=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    earlier = snapshot(example, BEFORE, assessment_id="a", when=dt.datetime(2025, 5, 1))
    undated = snapshot(example, {}, assessment_id="c")
    points = score_curve([(later, example), (undated, example), (earlier, example)])
    assert [p.assessment_id for p in points] == ["a", "b", "c"]
    assert points[0].overall is not None and points[1].overall is not None
    assert points[1].overall > points[0].overall
    assert points[0].complete and not points[2].complete
    assert points[0].status is AssessmentStatus.DRAFT and points[0].critical_gaps == 1


# --- properties ----------------------------------------------------------------------------


def _value(question: Question) -> st.SearchStrategy[AnswerValue | None]:
    special: list[AnswerValue | None] = [None]
    if question.allow_unknown:
        special.append(UNKNOWN)
    if question.allow_not_applicable:
        special.append(NOT_APPLICABLE)
    if question.type is QuestionType.NUMBER:
        assert question.number is not None
        plain: st.SearchStrategy[AnswerValue | None] = st.integers(
            int(question.number.min), int(question.number.max)).map(float)
    elif question.type is QuestionType.MULTIPLE:
        options = [c.value for c in question.choices if not c.exclusive]
        exclusive = [(c.value,) for c in question.choices if c.exclusive]
        plain = st.one_of(st.lists(st.sampled_from(options), unique=True, min_size=1).map(
            lambda chosen: tuple(v for v in options if v in chosen)), st.sampled_from(exclusive))
    else:
        plain = st.sampled_from(question.option_values())
    return st.one_of(st.sampled_from(special), plain)


def answers_for(questionnaire: Questionnaire) -> st.SearchStrategy[dict[str, AnswerValue]]:
    fields = {q.id: _value(q) for q in questionnaire.all_questions()}
    return st.fixed_dictionaries(fields).map(
        lambda drawn: {k: v for k, v in drawn.items() if v is not None})


def _ids(items: Any) -> set[str]:
    return set(ids(items))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_an_assessment_compared_with_itself(example: Questionnaire, data: st.DataObject) -> None:
    answers = data.draw(answers_for(example))
    result = run(example, answers, answers)
    assert not result.changed and not result.closed_gaps and not result.new_gaps
    assert result.overall_delta in (0, None)
    assert all(t.delta in (0, None) for t in result.themes)
    assert result.level_a == result.level_b
    assert _ids(result.critical_a) == _ids(result.critical_b)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), other_version=st.booleans())
def test_swapping_a_and_b_negates_and_swaps(example: Questionnaire, version_2: Questionnaire,
                                            data: st.DataObject, other_version: bool) -> None:
    second = version_2 if other_version else example
    before = data.draw(answers_for(example))
    after = data.draw(answers_for(second))
    forward = run(example, before, after, second)
    backward = compare(second, snapshot(second, after, assessment_id="b"),
                       example, snapshot(example, before, assessment_id="a"))
    assert backward.overall_delta == (None if forward.overall_delta is None
                                      else -forward.overall_delta)
    deltas = {t.theme_id: t.delta for t in forward.themes}
    assert {t.theme_id: t.delta for t in backward.themes} == {
        k: None if v is None else -v for k, v in deltas.items()}
    assert _ids(backward.closed_gaps) == _ids(forward.new_gaps)
    assert _ids(backward.new_gaps) == _ids(forward.closed_gaps)
    assert {(c.question_id, _key(c.old), _key(c.new)) for c in backward.changed} == {
        (c.question_id, _key(c.new), _key(c.old)) for c in forward.changed}
    assert (backward.only_in_a, backward.only_in_b) == (forward.only_in_b, forward.only_in_a)
    assert (backward.level_a, backward.level_b) == (forward.level_b, forward.level_a)
    assert _ids(backward.critical_a) == _ids(forward.critical_b)


def _key(value: AnswerValue | None) -> str:
    return repr(value)
