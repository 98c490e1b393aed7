"""The whole path on the real report: export signed, lock in the database, countersign, verify."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest

from app.cli.main import main
from app.reporting.signatures import IdentityInfo
from tests.conftest import EXAMPLE
from tests.signatures.helpers import PASSPHRASE

ENV = "CC_REPORT_PASSPHRASE"
ANSWERS = {
    "PRF-COUNTRY": ("ch", ""),
    "PRF-SERVER": ("yes", ""),
    "BAK-01": ("partly", "Disque « hors ligne » le vendredi"),
    "BAK-02": (1.0, ""),
    "SRV-01": ("no", ""),
    "SRV-02": ("nobody", ""),
    "AWR-01": (("phishing",), ""),
}


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "example.yaml")
    monkeypatch.setattr("app.domain.catalog.questionnaires_dir", lambda: folder)
    monkeypatch.setenv(ENV, PASSPHRASE)
    return f"sqlite:///{tmp_path / 'cabinet.sqlite3'}"


def _assessment(url: str, *, complete: bool) -> str:
    from app.storage.database import open_database

    with open_database(url) as db:
        practice = db.create_practice("Cabinet Dupont", address="Rue du Lac 1, Genève",
                                      country="CH")
        assessment = db.create_assessment(practice.id, questionnaire_id="example",
                                          language="fr", filled_by="Dr Dupont")
        for question_id, (value, note) in ANSWERS.items():
            db.save_answer(assessment.id, question_id, value, note)
        if complete:
            db.set_status(assessment.id, "completed")
        return str(assessment.id)


def test_report_signed_locked_countersigned_and_verified(
        database: str, tmp_path: Path, physician: IdentityInfo, auditor: IdentityInfo,
        capsys: pytest.CaptureFixture[str]) -> None:
    from app.storage.database import open_database

    assert physician.path is not None and auditor.path is not None
    assessment_id = _assessment(database, complete=True)
    report = tmp_path / "rapport.pdf"
    assert main(["report", assessment_id, "-o", str(report), "--db", database,
                 "--sign", str(physician.path), "--passphrase-env", ENV,
                 "--location", "Genève"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "Signed by Dr Jeanne Dupont (PAdES B-B); the assessment is now locked." in out
    signed = report.read_bytes()
    assert hashlib.sha256(signed).hexdigest() in out

    with open_database(database, read_only=True) as db:
        assert db.get_assessment(assessment_id).status == "signed"
        (record,) = db.signatures(assessment_id)
        fingerprint = db.load_snapshot(assessment_id).fingerprint
    assert record.file_sha256 == hashlib.sha256(signed).hexdigest()
    assert record.signer_name == "Dr Jeanne Dupont" and record.kind == "practice"

    assert main(["verify", str(report), "--db", database, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["fingerprint"] == fingerprint and result["assessment"] == assessment_id
    assert result["database"] == {"status": "match", "assessment": assessment_id,
                                  "file_recorded": True}
    (signature,) = result["signatures"]
    assert signature["field"] == "SignaturePractice" and signature["intact"]
    assert signature["certification"] and signature["location"] == "Genève"

    final = tmp_path / "rapport-contresigne.pdf"
    assert main(["countersign", str(report), "--sign", str(auditor.path), "-o", str(final),
                 "--db", database, "--passphrase-env", ENV]) == 0
    assert "is now reviewed" in capsys.readouterr().out
    with open_database(database, read_only=True) as db:
        assert db.get_assessment(assessment_id).status == "reviewed"
        # (both may carry the same second: the order between them is not the point)
        assert sorted(s.kind for s in db.signatures(assessment_id)) == ["auditor", "practice"]

    trust = []
    for name, identity in (("p.pem", physician), ("a.pem", auditor)):
        assert identity.path is not None
        shutil.copy(identity.path.with_suffix(".pem"), tmp_path / name)
        trust += ["--trust", str(tmp_path / name)]
    assert main(["verify", str(final), "--db", database, *trust]) == 0
    text = capsys.readouterr().out
    assert "added after it: only the later signature(s) in SignatureAuditor" in text
    assert "VALID: every signature is intact and every signer is trusted." in text
    assert f"Database: matches the assessment {assessment_id}." in text

    # pyHanko's own verdict on the real report
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    for embedded in PdfFileReader(io.BytesIO(final.read_bytes())).embedded_signatures:
        status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[]))
        assert status.intact and status.valid and status.docmdp_ok


def test_a_draft_is_not_signed_and_nothing_is_written(
        database: str, tmp_path: Path, physician: IdentityInfo,
        capsys: pytest.CaptureFixture[str]) -> None:
    from app.storage.database import open_database

    assert physician.path is not None
    assessment_id = _assessment(database, complete=False)
    report = tmp_path / "rapport.pdf"
    assert main(["report", assessment_id, "-o", str(report), "--db", database,
                 "--sign", str(physician.path), "--passphrase-env", ENV]) == 2
    assert "Mark it completed first" in capsys.readouterr().err
    assert not report.exists()
    with open_database(database, read_only=True) as db:
        assert db.get_assessment(assessment_id).status == "draft"
        assert db.signatures(assessment_id) == []


def test_a_wrong_passphrase_writes_and_records_nothing(
        database: str, tmp_path: Path, physician: IdentityInfo,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from app.storage.database import open_database

    assert physician.path is not None
    assessment_id = _assessment(database, complete=True)
    monkeypatch.setenv(ENV, "not the passphrase")
    report = tmp_path / "rapport.pdf"
    assert main(["report", assessment_id, "-o", str(report), "--db", database,
                 "--sign", str(physician.path), "--passphrase-env", ENV]) == 2
    assert "passphrase does not open" in capsys.readouterr().err
    assert not report.exists()
    with open_database(database, read_only=True) as db:
        assert db.get_assessment(assessment_id).status == "completed"
