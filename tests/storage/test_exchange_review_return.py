"""The auditor's reviewed file comes back to the practice: its review comes in, nothing else.

Practice → auditor: the practice's file; auditor → practice: the same assessment (same answers,
same fingerprint) with a review. Importing it into the practice's own database brings the
review in, so the practice can export the reviewed report and sign it there; an older review
never replaces a newer one, and a second import changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from app.storage.database import Database
from tests.storage.builders import fill_completely, new_assessment
from tests.storage.conftest import OpenDb


def completed(db: Database) -> str:
    assessment_id = new_assessment(db, "Cabinet du Léman")
    fill_completely(db, assessment_id)
    db.set_status(assessment_id, "completed")
    return assessment_id


def test_the_reviewed_file_brings_its_review_to_the_practice(
        db: Database, open_db: OpenDb, tmp_path: Path) -> None:
    practice = db  # SQLite and PostgreSQL
    assessment_id = completed(practice)
    before = practice.load_snapshot(assessment_id)
    practice.export_exchange(assessment_id, tmp_path / "to-auditor.ccab")

    auditor = open_db(str(tmp_path / "auditor.sqlite3"))
    auditor.import_exchange(tmp_path / "to-auditor.ccab")
    auditor.set_review_item(assessment_id, "BAK-01", "disputed", comment="no restore test",
                            proposed="yes", auditor="Anne Auditrice")
    auditor.set_review_item(assessment_id, "BAK-02", "confirmed", auditor="Anne Auditrice")
    auditor.set_review_opinion(assessment_id, "Backups first.", "Anne Auditrice",
                               concluded=True)
    auditor.export_exchange(assessment_id, tmp_path / "reviewed.ccab")

    result = practice.import_exchange(tmp_path / "reviewed.ccab")
    assert result.review_updated and not result.already_imported
    after = practice.load_snapshot(assessment_id)
    assert after.fingerprint == before.fingerprint  # the answers did not move
    assert after.answers == before.answers
    assert after.review == auditor.load_snapshot(assessment_id).review
    assert after.review is not None and after.review.opinion == "Backups first."
    row = practice.get_assessment(assessment_id)
    assert row.reviewer == "Anne Auditrice"
    assert row.reviewed_score == auditor.get_assessment(assessment_id).reviewed_score
    assert row.reviewed_score is not None and row.reviewed_score != row.score

    again = practice.import_exchange(tmp_path / "reviewed.ccab")
    assert again.already_imported and not again.review_updated


def test_an_older_review_never_replaces_a_newer_one(
        db: Database, open_db: OpenDb, tmp_path: Path) -> None:
    assessment_id = completed(db)
    db.set_review_item(assessment_id, "BAK-01", "confirmed", auditor="Anne Auditrice")
    db.export_exchange(assessment_id, tmp_path / "old.ccab")
    db.set_review_item(assessment_id, "BAK-01", "disputed", proposed="no",
                       auditor="Anne Auditrice")
    newer = db.load_snapshot(assessment_id).review

    result = db.import_exchange(tmp_path / "old.ccab")
    assert result.already_imported and not result.review_updated
    assert db.load_snapshot(assessment_id).review == newer


def test_a_file_without_review_leaves_ours(db: Database, tmp_path: Path) -> None:
    assessment_id = completed(db)
    db.export_exchange(assessment_id, tmp_path / "plain.ccab")
    db.set_review_item(assessment_id, "BAK-01", "confirmed", auditor="Anne Auditrice")
    ours = db.load_snapshot(assessment_id).review
    assert db.import_exchange(tmp_path / "plain.ccab").already_imported
    assert db.load_snapshot(assessment_id).review == ours
