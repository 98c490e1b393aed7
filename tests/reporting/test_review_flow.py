"""The practice ↔ auditor flow on one database, through the real commands: the practice
completes, the auditor reviews, the practice exports and signs the reviewed report, the auditor
countersigns, and anyone verifies both signatures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.cli.main import main
from app.reporting.signatures import IdentityInfo, create_identity
from tests.conftest import EXAMPLE
from tests.reporting.pdf_reading import flat, full_text

PASSPHRASE = "correct horse battery"
ENV = "CC_REVIEW_FLOW_PASSPHRASE"
ANSWERS = {"PRF-COUNTRY": "ch", "PRF-SERVER": "yes", "BAK-01": "partly", "BAK-02": 1.0,
           "SRV-01": "no", "SRV-02": "nobody", "AWR-01": ("phishing",)}


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "example.yaml")
    monkeypatch.setattr("app.domain.catalog.questionnaires_dir", lambda: folder)
    monkeypatch.setenv(ENV, PASSPHRASE)
    return f"sqlite:///{tmp_path / 'cabinet.sqlite3'}"


def identity(folder: Path, name: str, role: str) -> IdentityInfo:
    return create_identity(name=name, role=role, practice="Cabinet Dupont",
                           email="x@example.ch", country="CH", passphrase=PASSPHRASE,
                           path=folder / f"{role}.p12")


def test_reviewed_report_signed_by_both_and_verified(url: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from app.storage.database import open_database

    with open_database(url) as db:
        practice = db.create_practice("Cabinet Dupont", country="CH")
        assessment = db.create_assessment(practice.id, questionnaire_id="example",
                                          language="fr", filled_by="Dr Dupont").id
        for question_id, value in ANSWERS.items():
            db.save_answer(assessment, question_id, value)
        db.set_status(assessment, "completed")
        db.set_review_item(assessment, "BAK-01", "disputed", proposed="no",
                           comment="Aucun test de restauration", auditor="Marc Audit")
        db.set_review_item(assessment, "SRV-01", "confirmed", comment="Vu sur place",
                           auditor="Marc Audit")
        db.set_review_item(assessment, "BAK-02", "evidence_needed",
                           comment="Montrer le disque", auditor="Marc Audit")
        db.set_review_opinion(assessment, "Base correcte ; la sauvegarde reste à prouver.",
                              "Marc Audit", concluded=True)
        fingerprint = db.load_snapshot(assessment).fingerprint
    physician = identity(tmp_path, "Dr Jeanne Dupont", "physician")
    auditor = identity(tmp_path, "Marc Audit", "auditor")
    assert physician.path is not None and auditor.path is not None

    signed, final = tmp_path / "rapport.pdf", tmp_path / "rapport-contresigne.pdf"
    assert main(["report", assessment, "-o", str(signed), "--lang", "en", "--db", url,
                 "--sign", str(physician.path), "--passphrase-env", ENV]) == 0, \
        capsys.readouterr().err
    text = flat(full_text(signed.read_bytes()))
    assert "6 Auditor's review" in text and "Marc Audit" in text
    assert "Base correcte ; la sauvegarde reste à prouver." in text
    assert "Disputed 1" in text and "Evidence needed 1" in text and "Confirmed 1" in text
    assert "My signature also covers my review in section 6" in text
    assert main(["countersign", str(signed), "--sign", str(auditor.path), "-o", str(final),
                 "--db", url, "--passphrase-env", ENV]) == 0, capsys.readouterr().err
    capsys.readouterr()

    trust = []
    for name, who in (("p.pem", physician), ("a.pem", auditor)):
        assert who.path is not None
        shutil.copy(who.path.with_suffix(".pem"), tmp_path / name)
        trust += ["--trust", str(tmp_path / name)]
    assert main(["verify", str(final), "--db", url, "--json", *trust]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["fingerprint"] == fingerprint  # the review is not in the fingerprint
    assert [s["field"] for s in result["signatures"]] == ["SignaturePractice",
                                                           "SignatureAuditor"]
    assert all(s["intact"] for s in result["signatures"])
    with open_database(url, read_only=True) as db:
        assert db.get_assessment(assessment).status == "reviewed"


def test_signed_before_the_review_the_practice_signs_the_reviewed_report_again(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A practice that signed before the auditor reviewed: the review goes on the signed
    assessment, the practice signs the reviewed report, the auditor countersigns that one."""
    from app.storage.database import open_database

    with open_database(url) as db:
        practice = db.create_practice("Cabinet Dupont", country="CH")
        assessment = db.create_assessment(practice.id, questionnaire_id="example",
                                          language="fr").id
        for question_id, value in ANSWERS.items():
            db.save_answer(assessment, question_id, value)
        db.set_status(assessment, "completed")
    physician = identity(tmp_path, "Dr Jeanne Dupont", "physician")
    auditor = identity(tmp_path, "Marc Audit", "auditor")
    assert physician.path is not None and auditor.path is not None
    first, second = tmp_path / "first.pdf", tmp_path / "reviewed.pdf"
    sign = ["--sign", str(physician.path), "--passphrase-env", ENV, "--db", url]
    assert main(["report", assessment, "-o", str(first), *sign]) == 0
    assert "Auditor's review" not in flat(full_text(first.read_bytes()))
    with open_database(url) as db:
        db.set_review_item(assessment, "SRV-01", "confirmed", auditor="Marc Audit")
        db.set_review_opinion(assessment, "Conforme.", "Marc Audit", concluded=True)
    assert main(["report", assessment, "-o", str(second), "--lang", "en", *sign]) == 0
    assert "6 Auditor's review" in flat(full_text(second.read_bytes()))
    final = tmp_path / "final.pdf"
    assert main(["countersign", str(second), "--sign", str(auditor.path), "-o", str(final),
                 "--db", url, "--passphrase-env", ENV]) == 0, capsys.readouterr().err
    with open_database(url, read_only=True) as db:
        assert db.get_assessment(assessment).status == "reviewed"
        assert sorted(s.kind for s in db.signatures(assessment)) == [
            "auditor", "practice", "practice"]


def test_exchange_files_practice_and_auditor_on_two_computers(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two databases and .ccab files: the practice exports, the auditor imports and reviews,
    exports the reviewed file; the practice imports it into a database of its own for the
    reviewed report (its main database already holds the assessment: importing it there again
    changes nothing), signs; the auditor countersigns; both verify."""
    from app.storage.database import open_database

    auditor_db = f"sqlite:///{tmp_path / 'auditor.sqlite3'}"
    reviewed_db = f"sqlite:///{tmp_path / 'reviewed.sqlite3'}"
    with open_database(url) as db:
        practice = db.create_practice("Cabinet Dupont", country="CH")
        assessment = db.create_assessment(practice.id, questionnaire_id="example",
                                          language="fr").id
        for question_id, value in ANSWERS.items():
            db.save_answer(assessment, question_id, value)
        db.set_status(assessment, "completed")
    sent, back = tmp_path / "cabinet.ccab", tmp_path / "cabinet-revu.ccab"
    secret = ["--passphrase-env", ENV]

    def run(*argv: str) -> str:
        code = main(list(argv))
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    run("export", assessment, "-o", str(sent), "--db", url, *secret)
    run("import", str(sent), "--db", auditor_db, *secret)
    run("review", assessment, "BAK-01", "--status", "disputed", "--proposed", "no",
        "--comment", "Aucun test de restauration", "--auditor", "Marc Audit", "--db", auditor_db)
    run("review", assessment, "--opinion", "Sauvegarde à prouver.", "--conclude",
        "--db", auditor_db)
    run("export", assessment, "-o", str(back), "--db", auditor_db, *secret)

    run("import", str(back), "--db", reviewed_db, *secret)
    physician = identity(tmp_path, "Dr Jeanne Dupont", "physician")
    auditor = identity(tmp_path, "Marc Audit", "auditor")
    assert physician.path is not None and auditor.path is not None
    signed, final = tmp_path / "rapport.pdf", tmp_path / "rapport-final.pdf"
    run("report", assessment, "-o", str(signed), "--lang", "en", "--db", reviewed_db,
        "--sign", str(physician.path), *secret)
    text = flat(full_text(signed.read_bytes()))
    assert "6 Auditor's review" in text and "Sauvegarde à prouver." in text
    assert "Aucun test de restauration" in text
    run("countersign", str(signed), "--sign", str(auditor.path), "-o", str(final),
        "--db", auditor_db, *secret)
    shutil.copy(physician.path.with_suffix(".pem"), tmp_path / "p.pem")
    shutil.copy(auditor.path.with_suffix(".pem"), tmp_path / "a.pem")
    result = json.loads(run("verify", str(final), "--json", "--db", url,
                            "--trust", str(tmp_path / "p.pem"),
                            "--trust", str(tmp_path / "a.pem")))
    assert [s["intact"] for s in result["signatures"]] == [True, True]
    with open_database(url, read_only=True) as db:
        assert result["fingerprint"] == db.load_snapshot(assessment).fingerprint
    # the practice's main database knows the assessment, not this file (signed elsewhere)
    assert result["database"]["status"] == "match"
    assert result["database"]["file_recorded"] is False
