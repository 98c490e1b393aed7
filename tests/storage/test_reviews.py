"""Reviews beside the answers: verdicts, proposals, the opinion, their history, the scores."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.domain.review import ReviewItemStatus
from app.errors import ValidationError
from app.storage import ReadOnlyAssessmentError
from app.storage.database import Database
from app.storage.records import ReviewChange
from tests.storage.builders import fill_completely, new_assessment

AUDITOR = "A. Auditor"


def completed(db: Database) -> str:
    assessment_id = new_assessment(db)
    fill_completely(db, assessment_id)
    db.set_status(assessment_id, "completed")
    return assessment_id


def test_a_verdict_never_touches_the_answer(db: Database) -> None:
    assessment_id = completed(db)
    before = db.load_snapshot(assessment_id)
    assert before.review is None and db.review(assessment_id) is None
    item = db.set_review_item(assessment_id, "BAK-01", "disputed", comment="no daily backup",
                              proposed="partly", auditor=AUDITOR)
    assert (item.status, item.proposed, item.comment) == (ReviewItemStatus.DISPUTED, "partly",
                                                          "no daily backup")
    db.set_review_item(assessment_id, "BAK-02", ReviewItemStatus.CONFIRMED, auditor=AUDITOR)
    db.set_review_item(assessment_id, "AWR-01", "evidence_needed", comment="certificates?",
                       auditor=AUDITOR)
    after = db.load_snapshot(assessment_id)
    assert after.values == before.values  # the practice's answers as they were
    assert after.fingerprint == before.fingerprint  # the review is not in the fingerprint
    review = after.review
    assert review is not None and review == db.review(assessment_id)
    assert review.auditor == AUDITOR and review.reviewed_at is None
    assert {q: i.status.value for q, i in review.items.items()} == {
        "BAK-01": "disputed", "BAK-02": "confirmed", "AWR-01": "evidence_needed"}
    assert review.items["BAK-01"].proposed == "partly"
    assert db.answers(assessment_id)["BAK-01"].value == "no"


def test_reviewed_score_is_stored_and_follows_the_verdicts(db: Database) -> None:
    assessment_id = completed(db)
    row = db.get_assessment(assessment_id)
    assert row.score is not None and row.reviewed_score is None and row.reviewer is None
    db.set_review_item(assessment_id, "BAK-01", "disputed", proposed="yes", auditor=AUDITOR)
    row = db.get_assessment(assessment_id)
    assert row.reviewer == AUDITOR
    assert row.reviewed_score is not None and row.score is not None
    assert row.reviewed_score > row.score
    db.set_review_item(assessment_id, "BAK-01", "confirmed", auditor=AUDITOR)
    row = db.get_assessment(assessment_id)
    assert row.reviewed_score == row.score
    assert db.clear_review_item(assessment_id, "BAK-01", by=AUDITOR) is True
    assert db.clear_review_item(assessment_id, "BAK-01") is False
    review = db.review(assessment_id)
    assert review is not None and review.items == {}


def test_proposals_are_validated_and_only_for_disputes(db: Database) -> None:
    assessment_id = completed(db)
    with pytest.raises(ValidationError, match="goes with a disputed verdict"):
        db.set_review_item(assessment_id, "BAK-01", "confirmed", proposed="yes",
                           auditor=AUDITOR)
    with pytest.raises(ValidationError):
        db.set_review_item(assessment_id, "BAK-01", "disputed", proposed="maybe",
                           auditor=AUDITOR)
    with pytest.raises(ValidationError):
        db.set_review_item(assessment_id, "BAK-02", "disputed", proposed=42.0, auditor=AUDITOR)
    with pytest.raises(ValidationError, match="not a valid review status"):
        db.set_review_item(assessment_id, "BAK-01", "wrong", auditor=AUDITOR)
    with pytest.raises(ValidationError, match="auditor's name is empty"):
        db.set_review_item(assessment_id, "BAK-01", "confirmed", auditor="  ")
    with pytest.raises(ValidationError, match="is not a question"):
        db.set_review_item(assessment_id, "NOPE-01", "confirmed", auditor=AUDITOR)
    assert db.review(assessment_id) is None  # nothing half-written
    item = db.set_review_item(assessment_id, "AWR-01", "disputed",
                              proposed=("passwords", "phishing"), auditor=AUDITOR)
    assert item.proposed == ("phishing", "passwords")  # validated and normalised


def test_drafts_unanswered_and_countersigned_are_refused(db: Database) -> None:
    draft = new_assessment(db)
    db.save_answer(draft, "BAK-01", "no")
    with pytest.raises(ValidationError, match="is a draft"):
        db.set_review_item(draft, "BAK-01", "confirmed", auditor=AUDITOR)
    db.set_status(draft, "completed", allow_unanswered=True)
    with pytest.raises(ValidationError, match="has no answer to review"):
        db.set_review_item(draft, "BAK-02", "confirmed", auditor=AUDITOR)

    assessment_id = completed(db)
    db.record_signature(assessment_id, kind="practice", file_sha256="ab" * 32,
                        signer_name="Dr Dupont")
    db.set_review_item(assessment_id, "BAK-01", "confirmed", auditor=AUDITOR)  # signed: fine
    db.set_review_opinion(assessment_id, "Sound.", AUDITOR, concluded=True)
    db.record_signature(assessment_id, kind="auditor", file_sha256="cd" * 32,
                        signer_name=AUDITOR)
    with pytest.raises(ReadOnlyAssessmentError, match="countersigned"):
        db.set_review_item(assessment_id, "BAK-01", "disputed", auditor=AUDITOR)
    with pytest.raises(ReadOnlyAssessmentError):
        db.set_review_opinion(assessment_id, "Changed my mind.", AUDITOR, concluded=True)
    with pytest.raises(ReadOnlyAssessmentError):
        db.clear_review_item(assessment_id, "BAK-01")


def test_opinion_concluded_and_reopened(db: Database) -> None:
    assessment_id = completed(db)
    with pytest.raises(ValidationError, match="needs an opinion"):
        db.set_review_opinion(assessment_id, " ", AUDITOR, concluded=True)
    review = db.set_review_opinion(assessment_id, "Backups to fix first.", AUDITOR,
                                   concluded=False)
    assert review.reviewed_at is None and review.opinion == "Backups to fix first."
    review = db.set_review_opinion(assessment_id, "Backups to fix first.", AUDITOR,
                                   concluded=True)
    concluded_at = review.reviewed_at
    assert concluded_at is not None
    again = db.set_review_opinion(assessment_id, "Backups to fix first.", AUDITOR,
                                  concluded=True)
    assert again.reviewed_at == concluded_at  # nothing changed: the same date
    assert db.get_assessment(assessment_id).reviewed_at == concluded_at
    reopened = db.set_review_opinion(assessment_id, "Backups to fix first.", AUDITOR,
                                     concluded=False)
    assert reopened.reviewed_at is None


def test_every_change_is_in_the_review_history(db: Database) -> None:
    assessment_id = completed(db)
    db.set_review_item(assessment_id, "BAK-01", "evidence_needed", comment="show me",
                       auditor="B. Junior")
    db.set_review_item(assessment_id, "BAK-01", "evidence_needed", comment="show me",
                       auditor="B. Junior")  # the same: no row
    db.set_review_item(assessment_id, "BAK-01", "disputed", proposed="partly",
                       auditor=AUDITOR)
    db.clear_review_item(assessment_id, "BAK-01", by=AUDITOR)
    db.set_review_opinion(assessment_id, "OK.", AUDITOR, concluded=True)
    history = db.review_history(assessment_id)
    assert [(h.kind, h.question_id, h.changed_by, h.status) for h in history] == [
        (ReviewChange.VERDICT, "BAK-01", "B. Junior", ReviewItemStatus.EVIDENCE_NEEDED),
        (ReviewChange.VERDICT, "BAK-01", AUDITOR, ReviewItemStatus.DISPUTED),
        (ReviewChange.CLEARED, "BAK-01", AUDITOR, None),
        (ReviewChange.OPINION, None, AUDITOR, None)]
    assert history[1].proposed == "partly" and history[3].opinion == "OK."
    assert history[3].reviewed_at is not None
    assert [h.kind for h in db.review_history(assessment_id, "BAK-01")] == [
        ReviewChange.VERDICT, ReviewChange.VERDICT, ReviewChange.CLEARED]
    assert all(a.changed_at <= b.changed_at for a, b in itertools.pairwise(history))
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
        connection.execute(text("UPDATE review_history SET changed_by = 'someone else'"))


def test_answer_changes_after_review_move_the_reviewed_score(db: Database) -> None:
    assessment_id = completed(db)
    db.set_review_item(assessment_id, "BAK-01", "confirmed", auditor=AUDITOR)
    db.save_answer(assessment_id, "BAK-01", "yes")  # completed, not signed: still editable
    row = db.get_assessment(assessment_id)
    assert row.reviewed_score == row.score
    db.set_review_item(assessment_id, "BAK-02", "disputed", proposed=0.0, auditor=AUDITOR)
    row = db.get_assessment(assessment_id)
    assert row.reviewed_score is not None and row.score is not None
    assert row.reviewed_score < row.score
