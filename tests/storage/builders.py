"""Small builders shared by the storage tests: a practice with an assessment, filled answers."""

from __future__ import annotations

from app.domain.answers import AnswerValue
from app.storage.database import Database

FULL_ANSWERS: list[tuple[str, AnswerValue]] = [
    ("PRF-COUNTRY", "ch"), ("PRF-SERVER", "yes"), ("BAK-01", "no"), ("BAK-02", 1.0),
    ("SRV-01", "yes"), ("SRV-02", "nobody"), ("AWR-01", ("phishing",))]
"""An answer to every question of tests/data/example.yaml (all seven are asked)."""


def new_assessment(db: Database, name: str = "Cabinet Dupont", **options: str) -> str:
    practice = db.create_practice(name, country="ch", identifiers={"GLN": "7601000000000"})
    return db.create_assessment(practice.id, questionnaire_id="example", language="en",
                                filled_by="Dr Dupont", **options).id


def fill_completely(db: Database, assessment_id: str, by: str = "Dr Dupont") -> None:
    for question_id, value in FULL_ANSWERS:
        db.save_answer(assessment_id, question_id, value, note=f"note on {question_id}", by=by)
