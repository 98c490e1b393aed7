"""A realistic report of the real question bank, with many gaps: it builds, it is complete
(how fast: bench/bench_report.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.action_plan import build_action_plan
from app.domain.catalog import get_entry
from app.domain.questionnaire import Questionnaire, text_in
from app.domain.scoring import score_assessment
from app.reporting.report import build_report
from tests.reporting.helpers import (
    FRENCH_PRACTICE,
    GENERATED_AT,
    make_snapshot,
    mixed_answers,
)
from tests.reporting.pdf_reading import flat, fonts, full_text, reader, signature_fields

BANK = Path(__file__).resolve().parents[2] / "questionnaires"


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    """The shipped bank: missing or invalid, it is an error of the tests, not a skip."""
    return get_entry("cabinet-medical", folder=BANK).questionnaire


@pytest.mark.parametrize("open_questions", [0, 5])
def test_real_bank_report(bank: Questionnaire, open_questions: int) -> None:
    answers = mixed_answers(bank, leave_open=open_questions)
    snapshot = make_snapshot(bank, answers)
    score = score_assessment(bank, snapshot.values)
    plan = build_action_plan(score)
    assert len(plan) >= 15 and score.critical_gaps and score.unknowns
    assert len(score.unanswered) == open_questions
    pdf = build_report(snapshot, bank, language="fr", generated_at=GENERATED_AT)
    text = flat(full_text(pdf))
    for planned in plan:
        assert flat(text_in(planned.action.title, "fr")) in text
    assert snapshot.fingerprint in text
    assert ("BROUILLON" in text.replace(" ", "")) == bool(open_questions)
    assert all(f.embedded for f in fonts(pdf))
    assert len(signature_fields(pdf)) == 2
    assert 10 <= len(reader(pdf).pages) <= 60


def test_french_practice_gets_the_rgpd(bank: Questionnaire) -> None:
    answers = mixed_answers(bank)
    snapshot = make_snapshot(bank, answers, practice=FRENCH_PRACTICE)
    text = flat(full_text(build_report(snapshot, bank, language="en",
                                       generated_at=GENERATED_AT)))
    assert "RGPD — EU General Data Protection Regulation" in text
    assert "Swiss Federal Act" not in text
