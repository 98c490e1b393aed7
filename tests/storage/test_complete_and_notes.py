"""Completing a draft (facade and ``assessment complete``), and a note changed on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.main import main
from app.domain.assessment import AssessmentStatus
from app.errors import ValidationError
from app.storage import ReadOnlyAssessmentError, SignatureKind
from app.storage.database import Database, open_database
from app.storage.errors import UnansweredQuestionsError
from tests.storage.builders import fill_completely, new_assessment


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db_file(tmp_path: Path, questionnaires: Path) -> Path:
    return tmp_path / "cabinet.sqlite3"


def _assessment(db_file: Path, questionnaires: Path, *, full: bool) -> str:
    with open_database(str(db_file), questionnaires=questionnaires) as db:
        assessment_id = new_assessment(db)
        if full:
            fill_completely(db, assessment_id)
        else:
            db.save_answer(assessment_id, "PRF-COUNTRY", "ch")
    return assessment_id


def test_complete_refuses_unanswered_with_exit_1_and_the_count(
        capsys: pytest.CaptureFixture[str], db_file: Path, questionnaires: Path) -> None:
    assessment_id = _assessment(db_file, questionnaires, full=False)
    code, out, err = run(capsys, "assessment", "complete", assessment_id, "--db", str(db_file))
    assert code == 1 and out == ""
    # PRF-SERVER, BAK-01, BAK-02, AWR-01 are asked and unanswered (SRV-* hidden: no server yet)
    assert "4 asked questions are still unanswered: PRF-SERVER, BAK-01, BAK-02, AWR-01" in err
    assert "--allow-unanswered" in err and len(err.strip().splitlines()) == 1
    with open_database(str(db_file), read_only=True, questionnaires=questionnaires) as db:
        assert db.get_assessment(assessment_id).status is AssessmentStatus.DRAFT

    code, out, err = run(capsys, "assessment", "complete", assessment_id, "--allow-unanswered",
                         "--db", str(db_file))
    assert code == 0, err
    assert assessment_id in out
    with open_database(str(db_file), read_only=True, questionnaires=questionnaires) as db:
        row = db.get_assessment(assessment_id)
        assert row.status is AssessmentStatus.COMPLETED and row.completed_at is not None


def test_complete_a_full_draft(capsys: pytest.CaptureFixture[str], db_file: Path,
                               questionnaires: Path) -> None:
    assessment_id = _assessment(db_file, questionnaires, full=True)
    code, _out, err = run(capsys, "assessment", "complete", assessment_id, "--db", str(db_file))
    assert (code, err) == (0, "")
    with open_database(str(db_file), read_only=True, questionnaires=questionnaires) as db:
        assert db.get_assessment(assessment_id).status is AssessmentStatus.COMPLETED
        assert db.action_items(assessment_id)  # completing synced the action plan
    # completing again is harmless
    assert run(capsys, "assessment", "complete", assessment_id, "--db", str(db_file))[0] == 0


def test_complete_unknown_or_signed_is_exit_2(capsys: pytest.CaptureFixture[str],
                                              db_file: Path, questionnaires: Path) -> None:
    assessment_id = _assessment(db_file, questionnaires, full=True)
    code, _, err = run(capsys, "assessment", "complete", "not-an-id", "--db", str(db_file))
    assert code == 2 and "There is no assessment not-an-id" in err
    code, _, err = run(capsys, "assessment", "complete", "0" * 32, "--db", str(db_file))
    assert code == 2 and "There is no assessment" in err
    with open_database(str(db_file), questionnaires=questionnaires) as db:
        db.set_status(assessment_id, "completed")
        db.record_signature(assessment_id, kind=SignatureKind.PRACTICE, file_sha256="ab" * 32,
                            signer_name="Dr Dupont")
    code, _, err = run(capsys, "assessment", "complete", assessment_id, "--db", str(db_file))
    assert code == 2 and "signed" in err and "Traceback" not in err


def test_unanswered_error_lists_them_all(db: Database) -> None:
    assessment_id = new_assessment(db, country="")  # no country: PRF-COUNTRY is open too
    with pytest.raises(UnansweredQuestionsError) as caught:
        db.set_status(assessment_id, "completed")
    assert caught.value.missing == ["PRF-COUNTRY", "PRF-SERVER", "BAK-01", "BAK-02", "AWR-01"]
    assert isinstance(caught.value, ValidationError)


def test_save_note_keeps_the_value_and_writes_history(db: Database) -> None:
    assessment_id = new_assessment(db)
    db.save_answer(assessment_id, "BAK-01", "partly", note="weekly", by="MPA")
    before = db.answers(assessment_id)["BAK-01"]
    record = db.save_note(assessment_id, "BAK-01", "weekly, on Friday", by="Dr Dupont")
    assert (record.value, record.note) == ("partly", "weekly, on Friday")
    assert record.answered_by == "MPA" and record.answered_at == before.answered_at
    assert db.load_snapshot(assessment_id).answers["BAK-01"].note == "weekly, on Friday"
    last = db.answer_history(assessment_id, "BAK-01")[-1]
    assert (last.old_value, last.new_value, last.old_note, last.new_note, last.changed_by) == (
        "partly", "partly", "weekly", "weekly, on Friday", "Dr Dupont")
    db.save_note(assessment_id, "BAK-01", "weekly, on Friday")  # the same note: nothing written
    assert len(db.answer_history(assessment_id, "BAK-01")) == 2


def test_save_note_refused_without_answer_or_when_signed(db: Database) -> None:
    assessment_id = new_assessment(db)
    with pytest.raises(ValidationError, match="has no answer yet"):
        db.save_note(assessment_id, "BAK-01", "a note")
    with pytest.raises(ValidationError, match="is not a question"):
        db.save_note(assessment_id, "NOPE-01", "a note")
    fill_completely(db, assessment_id)
    db.set_status(assessment_id, "completed")
    db.record_signature(assessment_id, kind="practice", file_sha256="ab" * 32,
                        signer_name="Dr Dupont")
    with pytest.raises(ReadOnlyAssessmentError):
        db.save_note(assessment_id, "BAK-01", "too late")
