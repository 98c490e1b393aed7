"""Answer values and skip logic, as the GUI and the command line use them."""

from __future__ import annotations

import pytest

from app.domain.answers import parse_value, validate_value, value_from_json, value_score
from app.domain.questionnaire import Question, Questionnaire
from app.domain.skip_logic import visible_question_ids
from app.errors import ValidationError


def q(questionnaire: Questionnaire, qid: str) -> Question:
    question = questionnaire.question(qid)
    assert question is not None
    return question


def test_parse_each_type(example: Questionnaire) -> None:
    assert parse_value(q(example, "BAK-01"), "Partly") == "partly"
    assert parse_value(q(example, "BAK-02"), "2") == 2.0
    assert parse_value(q(example, "BAK-02"), "1,5") == 1.5
    assert parse_value(q(example, "SRV-02"), "nobody") == "nobody"
    assert parse_value(q(example, "AWR-01"), "passwords, phishing") == ("phishing", "passwords")
    assert parse_value(q(example, "AWR-01"), "na") == "not_applicable"
    assert parse_value(q(example, "BAK-01"), "?") == "unknown"


@pytest.mark.parametrize(("qid", "text", "message"), [
    ("BAK-01", "maybe", "'maybe' is not an answer of BAK-01; allowed: yes, partly, no, unknown"),
    ("BAK-02", "eleven", "BAK-02 expects a number"),
    ("BAK-02", "11", "expects a number from 0 to 10"),
    ("BAK-02", "nan", "expects a number from 0 to 10"),
    ("AWR-01", "phishing,none", "'none' of AWR-01 excludes every other choice"),
    ("AWR-01", "cooking", "'cooking' is not a choice of AWR-01"),
    ("BAK-01", "na", "BAK-01 does not accept 'not applicable'"),
    ("PRF-SERVER", "unknown", "PRF-SERVER does not accept 'I don't know'"),
])
def test_bad_values_are_refused_with_the_allowed_ones(example: Questionnaire, qid: str,
                                                      text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("?", r"\?")):
        parse_value(q(example, qid), text)


def test_bool_is_not_a_number(example: Questionnaire) -> None:
    with pytest.raises(ValidationError):
        validate_value(q(example, "BAK-02"), True)  # type: ignore[arg-type]


def test_scores(example: Questionnaire) -> None:
    assert value_score(q(example, "BAK-01"), "partly") == 0.5
    assert value_score(q(example, "BAK-01"), "unknown") == 0.0
    assert value_score(q(example, "AWR-01"), "not_applicable") is None
    assert value_score(q(example, "AWR-01"), ("phishing", "passwords")) == 1.0
    assert value_score(q(example, "BAK-02"), 0.0) == 0.0
    assert value_score(q(example, "BAK-02"), 1.0) == 0.5
    assert value_score(q(example, "BAK-02"), 7.0) == 1.0


def test_json_round_trip() -> None:
    assert value_from_json(["a", "b"]) == ("a", "b")
    assert value_from_json(3) == 3.0
    with pytest.raises(ValidationError):
        value_from_json(True)


def test_skip_logic_hides_a_branch(example: Questionnaire) -> None:
    no_server = visible_question_ids(example, {"PRF-SERVER": "no"})
    assert "SRV-01" not in no_server and "SRV-02" not in no_server
    server = visible_question_ids(example, {"PRF-SERVER": "yes"})
    assert "SRV-01" in server
    assert "SRV-02" not in server  # waits for SRV-01
    assert "SRV-02" in visible_question_ids(example, {"PRF-SERVER": "yes", "SRV-01": "no"})


def test_hidden_answers_do_not_open_later_questions(example: Questionnaire) -> None:
    # SRV-01 was answered while the server existed; the profile changed since.
    answers = {"PRF-SERVER": "no", "SRV-01": "yes"}
    assert "SRV-02" not in visible_question_ids(example, answers)
