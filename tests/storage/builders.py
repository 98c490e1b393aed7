"""Small builders shared by the storage tests: a practice with an assessment, filled answers."""

from __future__ import annotations

from app.domain.answers import AnswerValue
from app.storage.database import Database

FULL_ANSWERS: list[tuple[str, AnswerValue]] = [
    ("PRF-COUNTRY", "ch"), ("PRF-SERVER", "yes"), ("BAK-01", "no"), ("BAK-02", 1.0),
    ("SRV-01", "yes"), ("SRV-02", "nobody"), ("AWR-01", ("phishing",))]
"""An answer to every question of tests/data/example.yaml (all seven are asked)."""


def new_assessment(db: Database, name: str = "Cabinet Dupont", *, country: str = "ch",
                   **options: str) -> str:
    """A Swiss practice's new draft: its country already answers PRF-COUNTRY (issue 16);
    ``country=""`` gives a practice without a country, whose draft starts with no answer."""
    practice = db.create_practice(name, country=country, identifiers={"GLN": "7601000000000"})
    return db.create_assessment(practice.id, questionnaire_id="example", language="en",
                                filled_by="Dr Dupont", **options).id


def fill_completely(db: Database, assessment_id: str, by: str = "Dr Dupont") -> None:
    for question_id, value in FULL_ANSWERS:
        db.save_answer(assessment_id, question_id, value, note=f"note on {question_id}", by=by)


def rich_assessment(db: Database, *, sign: bool = True) -> str:
    """An assessment with everything an exchange file carries: answers changed, a note changed,
    an answer cleared and given again, an edited action, a review with its history, and (with
    ``sign``) the practice's signature record."""
    assessment_id = new_assessment(db, "Cabinet du Léman")
    db.save_answer(assessment_id, "BAK-01", "yes", note="daily", by="MPA")
    fill_completely(db, assessment_id)
    db.save_note(assessment_id, "BAK-02", "one disk, at home", by="Dr Dupont")
    db.clear_answer(assessment_id, "AWR-01", by="MPA")
    db.save_answer(assessment_id, "AWR-01", ("phishing", "passwords"), note="2025 course",
                   by="MPA", evidence="certificate.pdf")
    db.set_current_question(assessment_id, "AWR-01")
    db.set_status(assessment_id, "completed")
    db.update_action_item(assessment_id, "BAK-01", comment="quote asked", status="in_progress")
    db.set_review_item(assessment_id, "BAK-01", "disputed", comment="no test restore",
                       proposed="partly", auditor="Anne Auditrice")
    db.set_review_item(assessment_id, "BAK-02", "evidence_needed", comment="photo?",
                       auditor="Anne Auditrice")
    db.set_review_item(assessment_id, "AWR-01", "confirmed", auditor="Anne Auditrice")
    db.set_review_opinion(assessment_id, "Backups first.", "Anne Auditrice", concluded=True)
    if sign:
        db.record_signature(assessment_id, kind="practice", file_sha256="ab" * 32,
                            signer_name="Dr Dupont", role="physician")
    return assessment_id
