"""The built-in question bank (questionnaires/cabinet-medical): it loads and holds together."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.loader import load_questionnaire
from app.domain.questionnaire import Questionnaire

BANK = Path(__file__).parents[1] / "questionnaires" / "cabinet-medical"


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    return load_questionnaire(BANK)


def test_bank_loads(bank: Questionnaire) -> None:
    assert bank.id == "cabinet-medical"
    assert bank.languages == ["fr"]


def test_every_question_explains_itself(bank: Questionnaire) -> None:
    for _theme, question in bank.scored_questions():
        assert question.help and question.guidance, question.id
        assert question.references, question.id
