"""Reports of the example questionnaire, built once per test module."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.answers import Answer
from app.domain.assessment import ActionItemState, AssessmentSnapshot, PracticeInfo
from app.domain.loader import load_questionnaire
from app.domain.questionnaire import Questionnaire
from app.reporting.report import build_report
from tests.conftest import EXAMPLE
from tests.reporting.helpers import ACCENTS_DE, ACCENTS_FR, ACCENTS_IT, GENERATED_AT, make_snapshot

ACCENT_NOTE = f"Noté : {ACCENTS_FR} / {ACCENTS_DE} / {ACCENTS_IT}"
PRACTICE = PracticeInfo(
    name="Cabinet médical Zoë & Jürgen Größe — Città",
    address="Rue de l’Hôpital 12\n1205 Genève",
    country="CH",
    identifiers={"GLN": "7601000123456"},
)
# Every question asked answered, with gaps of every kind: partly, 0 copies, no, a bad choice,
# one training out of two.
COMPLETE = {
    "PRF-COUNTRY": Answer("ch"),
    "PRF-SERVER": Answer("yes"),
    "BAK-01": Answer("partly", ACCENT_NOTE),
    "BAK-02": Answer(0.0),
    "SRV-01": Answer("no", "Local partagé avec « l’accueil »"),
    "SRV-02": Answer("nobody"),
    "AWR-01": Answer(("phishing",)),
}
INCOMPLETE = {k: v for k, v in COMPLETE.items() if k != "SRV-02"}


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire(EXAMPLE)


def snapshot_of(questionnaire: Questionnaire, answers: dict[str, Answer], *,
                practice: PracticeInfo = PRACTICE,
                actions: dict[str, ActionItemState] | None = None) -> AssessmentSnapshot:
    return make_snapshot(questionnaire, answers, practice=practice, actions=actions)


@pytest.fixture(scope="session")
def complete(questionnaire: Questionnaire) -> AssessmentSnapshot:
    return snapshot_of(questionnaire, COMPLETE)


@pytest.fixture(scope="session")
def incomplete(questionnaire: Questionnaire) -> AssessmentSnapshot:
    return snapshot_of(questionnaire, INCOMPLETE)


def render(snapshot: AssessmentSnapshot, questionnaire: Questionnaire, language: str = "en",
           generated_at: dt.datetime = GENERATED_AT, **kwargs: object) -> bytes:
    return build_report(snapshot, questionnaire, language=language,
                        generated_at=generated_at, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def complete_pdf(complete: AssessmentSnapshot, questionnaire: Questionnaire) -> bytes:
    return render(complete, questionnaire)


@pytest.fixture(scope="session")
def draft_pdf(incomplete: AssessmentSnapshot, questionnaire: Questionnaire) -> bytes:
    return render(incomplete, questionnaire, "fr")
