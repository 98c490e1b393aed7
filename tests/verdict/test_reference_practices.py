"""The reference practices: complete, realistic answer sets whose verdict (level, caps, critical
gaps, top three actions) was written before they were first run. Any change of the scoring or
the bank that moves one of them fails here until its expectation is changed on purpose, with
the reason written in its file (``changes``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from app.domain.action_plan import build_action_plan
from app.domain.answers import AnswerValue, validate_value, value_from_json
from app.domain.catalog import get_entry
from app.domain.scoring import score_assessment
from app.domain.skip_logic import visible_question_ids

FOLDER = Path(__file__).resolve().parents[1] / "reference_practices"
FILES = sorted(FOLDER.glob("*.yaml"))
BANK = get_entry("cabinet-medical").questionnaire


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _answers(data: dict[str, Any]) -> dict[str, AnswerValue]:
    answers = {}
    for question_id, raw in data["answers"].items():
        question = BANK.question(question_id)
        assert question is not None, f"{question_id} is not in the bank {BANK.version}"
        answers[question_id] = validate_value(question, value_from_json(raw))
    return answers


def test_there_are_at_least_twelve_reference_practices() -> None:
    assert len(FILES) >= 12


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_asked_question_is_answered_and_nothing_else(path: Path) -> None:
    answers = _answers(_load(path))
    visible = visible_question_ids(BANK, answers)
    missing = [q.id for q in BANK.all_questions() if q.id in visible and q.id not in answers]
    unasked = sorted(set(answers) - visible)
    assert missing == [], f"asked but not answered: {missing}"
    assert unasked == [], f"answered but not asked: {unasked}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_the_verdict_is_the_one_written_before_running(path: Path) -> None:
    data = _load(path)
    expected = data["expected"]
    score = score_assessment(BANK, _answers(data), practice_country=data["country"])
    plan = build_action_plan(score)
    found = {
        "level": score.level.number,
        "caps": sorted(cap.rule.id for cap in score.caps),
        "critical_gaps": sorted(r.question.id for r in score.critical_gaps),
        "top_actions": [p.key for p in plan[:3]],
    }
    wanted = {
        "level": expected["level"],
        "caps": sorted(expected["caps"]),
        "critical_gaps": sorted(expected["critical_gaps"]),
        "top_actions": list(expected["top_actions"]),
    }
    assert found == wanted
    checks = sorted(check.check.id for check in score.checks)
    assert checks == sorted(expected.get("answers_to_check", []))
