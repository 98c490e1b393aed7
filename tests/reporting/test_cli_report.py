"""``cybercabinet report``: from the database to a PDF and a CSV, errors in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.main import main
from app.domain.catalog import get_entry
from app.reporting.metadata import read_metadata
from app.storage.database import open_database
from tests.reporting.helpers import mixed_answers
from tests.reporting.pdf_reading import flat, full_text


@pytest.fixture
def assessment_id() -> str:
    """A draft on the shipped questionnaire, with its first answers."""
    questionnaire = get_entry("cabinet-medical").questionnaire
    answers = mixed_answers(questionnaire)
    with open_database() as db:
        practice = db.create_practice("Cabinet du Lac — Dr Brügger", address="Quai 3, Genève",
                                      country="CH")
        assessment = db.create_assessment(practice.id, filled_by="Léa")
        for question_id, answer in list(answers.items())[:25]:
            if question_id not in db.answers(assessment.id):
                db.save_answer(assessment.id, question_id, answer.value, answer.note)
        return str(assessment.id)


def test_report_and_csv(tmp_path: Path, assessment_id: str,
                        capsys: pytest.CaptureFixture[str]) -> None:
    out, csv_path = tmp_path / "rapport.pdf", tmp_path / "plan.csv"
    code = main(["report", assessment_id, "-o", str(out), "--lang", "de",
                 "--actions-csv", str(csv_path), "--frameworks", "rgpd,nlpd"])
    assert code == 0, capsys.readouterr().err
    pdf = out.read_bytes()
    with open_database(read_only=True) as db:
        snapshot = db.load_snapshot(assessment_id)
    metadata = read_metadata(pdf)
    assert metadata is not None and metadata.fingerprint == snapshot.fingerprint
    text = flat(full_text(pdf))
    assert "Cabinet du Lac — Dr Brügger" in text
    assert "ENTWURF" in text.replace(" ", "")
    # the three frameworks asked for, under their German names (DSGVO, revDSG, DSV)
    assert "DSGVO —" in text and "revDSG —" in text and "DSV —" in text
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "rapport.pdf" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.csv", "rapport.pdf"]


def test_unknown_assessment_is_one_line_and_exit_2(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    with open_database():
        pass
    code = main(["report", "no-such-assessment", "-o", str(tmp_path / "r.pdf")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("cybercabinet: error:")
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("where", ["missing-folder/r.pdf", "."])
def test_unwritable_output_is_one_line_and_exit_2(tmp_path: Path, assessment_id: str,
                                                  capsys: pytest.CaptureFixture[str],
                                                  where: str) -> None:
    code = main(["report", assessment_id, "-o", str(tmp_path / where)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1


def test_bad_framework_is_a_usage_error(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "x", "-o", str(tmp_path / "r.pdf"), "--frameworks", "hipaa"])
    assert exit_info.value.code == 2
    assert "hipaa" in capsys.readouterr().err
