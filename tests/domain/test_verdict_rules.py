"""Verdict rules as data: caps on any answers, consistency checks, conditional actions, and
which answers carry over to a newer questionnaire — on small questionnaires built here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from app.domain.action_plan import build_action_plan
from app.domain.answers import AnswerValue
from app.domain.carry_over import carry_over
from app.domain.loader import QuestionnaireInvalid, load_questionnaire
from app.domain.questionnaire import Questionnaire
from app.domain.scoring import score_assessment
from tests.conftest import EXAMPLE

BEST: dict[str, AnswerValue] = {
    "PRF-COUNTRY": "ch", "PRF-SERVER": "yes", "BAK-01": "yes", "BAK-02": 3.0,
    "SRV-01": "yes", "SRV-02": "provider", "AWR-01": ("phishing", "passwords"),
}
REASON = {"fr": "Parce que.", "en": "Because."}
REFS = [{"guide": "ANSSI-HYGIENE", "section": "Mesure 37"}]


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for theme in data["themes"]:
        for question in theme["questions"]:
            question.pop("critical", None)
    return data


def _with_verdict(tmp_path: Path, verdict: dict[str, Any],
                  change: dict[str, Any] | None = None) -> Questionnaire:
    data = {**_raw(), **(change or {}), "verdict": verdict}
    path = tmp_path / "q.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_questionnaire(path)


def test_a_cap_on_one_choice_holds_whatever_the_rest(tmp_path: Path) -> None:
    q = _with_verdict(tmp_path, {"caps": [{
        "id": "CAP-NOBODY", "when": {"question": "SRV-02", "equals": "nobody"},
        "level": 2, "reason": REASON, "references": REFS}]})
    assert score_assessment(q, BEST).level.number == 5
    score = score_assessment(q, {**BEST, "SRV-02": "nobody"})
    assert score.uncapped_level.number >= 4 and score.level.number == 2
    assert [cap.rule.id for cap in score.caps] == ["CAP-NOBODY"]
    assert [r.question.id for r in score.critical_gaps] == ["SRV-02"]
    assert q.question("SRV-02").critical  # a question some rule is about is critical


def test_a_rule_reads_several_answers_and_profile_questions(tmp_path: Path) -> None:
    q = _with_verdict(tmp_path, {"caps": [{
        "id": "CAP-CH-NO-COPY", "level": 3, "reason": REASON, "references": REFS,
        "when": {"all": [{"question": "PRF-COUNTRY", "equals": "ch"},
                         {"question": "BAK-02", "max": 0}]}}]})
    capped = score_assessment(q, {**BEST, "BAK-02": 0.0})
    assert capped.level.number == 3 and [r.question.id for r in capped.critical_gaps] == [
        "BAK-02"]
    assert score_assessment(q, {**BEST, "PRF-COUNTRY": "fr", "BAK-02": 0.0}).caps == []


def test_a_hidden_or_unanswered_question_never_sets_a_cap_off(tmp_path: Path) -> None:
    q = _with_verdict(tmp_path, {"caps": [{
        "id": "CAP-SRV", "when": {"question": "SRV-01", "in": ["no", "unknown"]},
        "level": 2, "reason": REASON, "references": REFS}]})
    hidden = {**BEST, "PRF-SERVER": "no", "SRV-01": "no"}  # SRV-01 is not asked then
    assert score_assessment(q, hidden).caps == []
    unanswered = {k: v for k, v in BEST.items() if k != "SRV-01"}
    assert score_assessment(q, unanswered).caps == []
    assert score_assessment(q, {**BEST, "SRV-01": "unknown"}).level.number == 2


def test_the_lowest_cap_wins_and_caps_order_the_action_plan(tmp_path: Path) -> None:
    q = _with_verdict(tmp_path, {"caps": [
        {"id": "CAP-A", "when": {"question": "BAK-01", "equals": "partly"}, "level": 3,
         "reason": REASON, "references": REFS},
        {"id": "CAP-B", "when": {"question": "SRV-01", "equals": "no"}, "level": 2,
         "reason": REASON, "references": REFS}]})
    score = score_assessment(q, {**BEST, "BAK-01": "partly", "SRV-01": "no",
                                 "AWR-01": ("phishing",)})
    assert score.level.number == 2 and [c.rule.id for c in score.caps] == ["CAP-B", "CAP-A"]
    plan = build_action_plan(score)
    assert [p.key for p in plan] == ["SRV-01", "BAK-01", "AWR-01"]
    assert [p.cap_level for p in plan] == [2, 3, None]


def test_checks_report_contradicting_answers_without_scoring_them(tmp_path: Path) -> None:
    q = _with_verdict(tmp_path, {"checks": [{
        "id": "CHK-NO-SERVER-BUT-UPDATES", "message": REASON,
        "when": {"all": [{"question": "BAK-01", "equals": "no"},
                         {"question": "SRV-01", "equals": "yes"}]}}]})
    score = score_assessment(q, {**BEST, "BAK-01": "no"})
    assert [(c.check.id, c.about) for c in score.checks] == [
        ("CHK-NO-SERVER-BUT-UPDATES", ("BAK-01", "SRV-01"))]
    assert score.overall == score_assessment(_with_verdict(tmp_path, {}),
                                             {**BEST, "BAK-01": "no"}).overall


def test_the_practice_country_is_checked_against_the_country_question(tmp_path: Path) -> None:
    q = _with_verdict(tmp_path, {})
    assert score_assessment(q, BEST, practice_country="CH").checks == []
    (check,) = score_assessment(q, BEST, practice_country="FR").checks
    assert check.check.id == "CHK-PRACTICE-COUNTRY" and check.about == ("PRF-COUNTRY",)
    assert score_assessment(q, BEST, practice_country="DE").checks == []


def test_a_conditional_action_replaces_the_question_action(tmp_path: Path) -> None:
    data = _raw()
    bak01 = data["themes"][0]["questions"][0]
    bak01["action_if"] = [{"when": {"question": "PRF-SERVER", "equals": "no"}, "action": {
        "title": {"fr": "Exporter", "en": "Ask the vendor for an export"},
        "description": {"fr": "Soi-même.", "en": "Yourself."},
        "priority": "high", "effort": "low", "owner": "practice"}}]
    q = _with_verdict(tmp_path, {}, {"themes": data["themes"]})
    no_server = build_action_plan(score_assessment(q, {**BEST, "PRF-SERVER": "no",
                                                       "BAK-01": "no"}))
    assert no_server[0].action.title["en"] == "Ask the vendor for an export"
    assert no_server[0].owner.value == "practice"
    with_server = build_action_plan(score_assessment(q, {**BEST, "BAK-01": "no"}))
    assert with_server[0].action.title["en"] == "Set up a backup"


@pytest.mark.parametrize(("rule", "message"), [
    ({"id": "CAP-X", "when": {"question": "NOPE-01", "equals": "yes"}, "level": 2},
     "refers to question 'NOPE-01', which does not exist"),
    ({"id": "CAP-X", "when": {"question": "SRV-02", "equals": "never"}, "level": 2},
     "SRV-02 has no answer 'never'"),
    ({"id": "CAP-X", "when": {"question": "PRF-SERVER", "equals": "no"}, "level": 2},
     "a cap must be about at least one scored question"),
    ({"id": "CAP-X", "when": {"question": "SRV-01", "equals": "no"}, "level": 5},
     "less than or equal to 4"),
])
def test_a_broken_rule_is_refused_naming_the_file_rule_and_field(
        tmp_path: Path, rule: dict[str, Any], message: str) -> None:
    with pytest.raises(QuestionnaireInvalid) as raised:
        _with_verdict(tmp_path, {"caps": [{**rule, "reason": REASON, "references": REFS}]})
    assert "q.yaml: rule CAP-X" in str(raised.value) and message in str(raised.value)


def test_a_folder_questionnaire_reads_its_verdict_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    (folder / "themes").mkdir(parents=True)
    data = _raw()
    themes = data.pop("themes")
    (folder / "questionnaire.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    for index, theme in enumerate(themes):
        (folder / "themes" / f"{index:02}.yaml").write_text(yaml.safe_dump(theme),
                                                             encoding="utf-8")
    (folder / "verdict.yaml").write_text(yaml.safe_dump({"caps": [{
        "id": "CAP-BROKEN", "when": {"question": "SRV-01", "equals": "maybe"}, "level": 2,
        "reason": REASON, "references": REFS}]}), encoding="utf-8")
    with pytest.raises(QuestionnaireInvalid, match=r"verdict\.yaml: rule CAP-BROKEN: field "
                                                   r"'when': SRV-01 has no answer 'maybe'"):
        load_questionnaire(folder)


def test_answers_carry_over_unless_their_question_changed(tmp_path: Path) -> None:
    old = _with_verdict(tmp_path, {})
    data = _raw()
    data["version"] = "2.0"
    questions = data["themes"][0]["questions"]
    questions[0]["text"]["fr"] = "Sauvegardez-vous chaque nuit, automatiquement ?"  # changed
    questions[1]["help"]["fr"] = "Mieux dit."  # help only: same question
    data["themes"][1]["questions"] = [q for q in data["themes"][1]["questions"]
                                      if q["id"] != "SRV-02"]  # removed
    new_question = {**questions[1], "id": "BAK-03"}
    questions.append(new_question)
    path = tmp_path / "new.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    new = load_questionnaire(path)
    plan = carry_over(old, new, BEST)
    assert plan.changed == ["BAK-01"]
    assert plan.removed == ["SRV-02"]
    assert plan.added == ["BAK-03"]
    assert set(plan.kept) == set(BEST) - {"BAK-01", "SRV-02"}
