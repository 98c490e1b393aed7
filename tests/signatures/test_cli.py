"""``cybercabinet identity|countersign|verify``: exit codes 0/1/2, plain words, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import main
from app.reporting.signatures import IdentityInfo, sign_pdf
from tests.signatures.helpers import PASSPHRASE, certificate_of, make_report

ENV = "CC_TEST_PASSPHRASE"


@pytest.fixture
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(ENV, PASSPHRASE)
    return ENV


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _pem(tmp_path: Path, identity: IdentityInfo) -> Path:
    from cryptography.hazmat.primitives.serialization import Encoding

    return _write(tmp_path, f"{identity.name}.pem",
                  certificate_of(identity).public_bytes(Encoding.PEM))


# --- identity ---------------------------------------------------------------------------------


def test_identity_create_export_list(tmp_path: Path, passphrase_env: str, data_home: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["identity", "create", "--name", "Dr Luc Favre", "--role", "Médecin",
                 "--practice", "Cabinet Favre", "--email", "luc@favre.ch", "--country", "fr",
                 "--passphrase-env", passphrase_env, "--json"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["path"] == str(data_home / "identities" / "dr-luc-favre.p12")
    assert created["country"] == "FR" and created["self_signed"] is True
    assert main(["identity", "export", created["path"], "-o", str(tmp_path / "luc.pem")]) == 0
    out = capsys.readouterr().out
    assert "Wrote the certificate of Dr Luc Favre" in out and created["sha256"] in out
    assert (tmp_path / "luc.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert main(["identity", "list", "--json"]) == 0
    assert [i["name"] for i in json.loads(capsys.readouterr().out)] == ["Dr Luc Favre"]
    assert main(["identity", "list"]) == 0
    assert "Dr Luc Favre" in capsys.readouterr().out


def test_identity_create_asks_twice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter([PASSPHRASE, PASSPHRASE + "!"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    target = tmp_path / "me.p12"
    assert main(["identity", "create", "--name", "A B", "--role", "R", "--practice", "P",
                 "--email", "a@b.ch", "-o", str(target)]) == 2
    assert "passphrases differ" in capsys.readouterr().err
    assert not target.exists()


def test_identity_without_a_terminal_needs_the_variable(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["identity", "create", "--name", "A B", "--role", "R", "--practice", "P",
                 "--email", "a@b.ch", "-o", str(tmp_path / "x.p12")]) == 2
    assert "--passphrase-env" in capsys.readouterr().err
    monkeypatch.delenv("CC_UNSET", raising=False)
    assert main(["identity", "create", "--name", "A B", "--role", "R", "--practice", "P",
                 "--email", "a@b.ch", "-o", str(tmp_path / "x.p12"),
                 "--passphrase-env", "CC_UNSET"]) == 2
    assert "CC_UNSET is not set" in capsys.readouterr().err


def test_identity_import_checks_the_certificate(tmp_path: Path, passphrase_env: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    from tests.signatures.helpers import make_p12

    expired = make_p12(tmp_path / "old.pfx", not_before=dt.datetime(2019, 1, 1, tzinfo=dt.UTC),
                       not_after=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert main(["identity", "import", str(expired), "--passphrase-env", passphrase_env]) == 2
    assert "expired on 2020-01-01" in capsys.readouterr().err
    good = make_p12(tmp_path / "good.pfx")
    assert main(["identity", "import", str(good), "-o", str(tmp_path / "kept.p12"),
                 "--passphrase-env", passphrase_env]) == 0
    assert "Imported Test Signer" in capsys.readouterr().out


# --- verify -----------------------------------------------------------------------------------


def test_verify_a_signed_report(tmp_path: Path, signed: bytes, physician: IdentityInfo,
                                capsys: pytest.CaptureFixture[str]) -> None:
    pdf = _write(tmp_path, "report.pdf", signed)
    assert main(["verify", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "1. SignaturePractice — PAdES B-B" in out
    assert "Signer: Dr Jeanne Dupont, Médecin, Cabinet Dupont <jeanne@cabinet-dupont.ch>" in out
    assert "Integrity: intact" in out
    assert "self-signed certificate that is not in the trust list" in out
    assert "VALID: every signature is intact." in out
    assert main(["verify", str(pdf), "--trust", str(_pem(tmp_path, physician))]) == 0
    assert "every signer is trusted" in capsys.readouterr().out


def test_verify_with_the_wrong_trust_fails(tmp_path: Path, signed: bytes,
                                           auditor: IdentityInfo,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    pdf = _write(tmp_path, "report.pdf", signed)
    assert main(["verify", str(pdf), "--trust", str(_pem(tmp_path, auditor))]) == 1
    assert "not every signer is trusted" in capsys.readouterr().out


def test_verify_json(tmp_path: Path, countersigned: bytes, physician: IdentityInfo,
                     auditor: IdentityInfo, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = _write(tmp_path, "report.pdf", countersigned)
    assert main(["verify", str(pdf), "--json", "--trust", str(_pem(tmp_path, physician)),
                 "--trust", str(_pem(tmp_path, auditor))]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["passed"] and result["intact"] and result["trusted"]
    assert result["fingerprint"] == "ab" * 32 and result["fingerprint_signed"]
    first, second = result["signatures"]
    assert first["field"] == "SignaturePractice" and first["covers_whole_file"] is False
    assert first["intact"] and first["only_signatures_added_after"]
    assert first["later_changes"] == "only the later signature(s) in SignatureAuditor"
    assert first["signer"]["organization"] == "Cabinet Dupont"
    assert second["field"] == "SignatureAuditor" and second["covers_whole_file"]
    assert second["signer"]["email"] == "marc@audit.ch" and second["trust"] == "trusted"
    assert result["database"]["status"] == "no_database"


def _signed_ranges(data: bytes) -> tuple[int, int, int]:
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    (signature,) = PdfFileReader(BytesIO(data)).embedded_signatures
    _start, length1, start2, length2 = (int(v) for v in signature.byte_range)
    return length1, start2, start2 + length2


@pytest.mark.parametrize("where", ["header", "page text", "middle", "before contents",
                                   "after contents", "signature dictionary", "trailer",
                                   "last byte"])
def test_one_changed_byte_in_the_signed_range_fails(tmp_path: Path, signed: bytes, where: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    end1, start2, end2 = _signed_ranges(signed)
    assert end2 == len(signed)
    positions = {
        "header": 2,
        "page text": signed.index(b"Cabinet Dupont") + 3,
        "middle": end1 // 2,
        "before contents": end1 - 3,
        "after contents": start2 + 2,
        "signature dictionary": signed.index(b"/Location") + 4,
        "trailer": signed.rindex(b"startxref") + 2,
        "last byte": end2 - 2,
    }
    position = positions[where]
    assert position < end1 or start2 <= position < end2
    tampered = bytearray(signed)
    tampered[position] = tampered[position] ^ 0x01
    pdf = _write(tmp_path, "tampered.pdf", bytes(tampered))
    assert main(["verify", str(pdf)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "NOT VALID" in captured.out or "damaged" in captured.err


def test_verify_bad_input(tmp_path: Path, signed: bytes, report: bytes,
                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(_write(tmp_path, "photo.pdf", b"\xff\xd8\xff\xe0JFIF"))]) == 2
    assert "not a PDF" in capsys.readouterr().err
    assert main(["verify", str(tmp_path / "missing.pdf")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["verify", str(_write(tmp_path, "cut.pdf", signed[:len(signed) // 2]))]) == 1
    assert "damaged, truncated" in capsys.readouterr().err
    assert main(["verify", str(_write(tmp_path, "cut.pdf", signed[:-300]))]) == 1
    capsys.readouterr()
    assert main(["verify", str(_write(tmp_path, "unsigned.pdf", report))]) == 1
    assert "carries no signature" in capsys.readouterr().out
    assert main(["verify", str(_write(tmp_path, "ok.pdf", signed)), "--trust",
                 str(_write(tmp_path, "bad.pem", b"nothing"))]) == 2
    assert "not a certificate" in capsys.readouterr().err


def test_verify_through_the_entry_point_never_shows_a_traceback(tmp_path: Path) -> None:
    pdf = _write(tmp_path, "x.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF")
    result = subprocess.run([sys.executable, "-m", "app", "verify", str(pdf)],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("cybercabinet: error:") and "Traceback" not in result.stderr


def test_verify_matches_the_database(tmp_path: Path, physician: IdentityInfo,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from app.storage.database import open_database
    from tests.conftest import EXAMPLE

    folder = tmp_path / "questionnaires"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "example.yaml")
    monkeypatch.setattr("app.domain.catalog.questionnaires_dir", lambda: folder)
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with open_database(url) as db:
        practice = db.create_practice("Cabinet Dupont", country="CH")
        assessment = db.create_assessment(practice.id, questionnaire_id="example")
        fingerprint = db.load_snapshot(assessment.id).fingerprint
    assert physician.path is not None
    same = sign_pdf(make_report(fingerprint=fingerprint, assessment=assessment.id),
                    physician.path, PASSPHRASE)
    assert main(["verify", "--db", url, str(_write(tmp_path, "same.pdf", same))]) == 0
    assert f"Database: matches the assessment {assessment.id}." in capsys.readouterr().out
    other = sign_pdf(make_report(fingerprint="ef" * 32, assessment=assessment.id),
                     physician.path, PASSPHRASE)
    assert main(["verify", "--db", url, "--json",
                 str(_write(tmp_path, "other.pdf", other))]) == 0
    assert json.loads(capsys.readouterr().out)["database"]["status"] == "mismatch"


# --- countersign ------------------------------------------------------------------------------


def test_countersign(tmp_path: Path, signed: bytes, auditor: IdentityInfo, passphrase_env: str,
                     capsys: pytest.CaptureFixture[str]) -> None:
    assert auditor.path is not None
    source = _write(tmp_path, "signed.pdf", signed)
    target = tmp_path / "countersigned.pdf"
    assert main(["countersign", str(source), "--sign", str(auditor.path), "-o", str(target),
                 "--passphrase-env", passphrase_env, "--location", "Lausanne",
                 "--reason", "Audit 2025"]) == 0
    assert "Countersigned by Marc Audit" in capsys.readouterr().out
    assert main(["verify", str(target), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [s["field"] for s in result["signatures"]] == ["SignaturePractice", "SignatureAuditor"]
    assert result["signatures"][1]["reason"] == "Audit 2025"
    assert result["signatures"][1]["location"] == "Lausanne"


def test_countersign_errors_write_nothing(tmp_path: Path, signed: bytes, report: bytes,
                                          auditor: IdentityInfo, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert auditor.path is not None
    target = tmp_path / "out.pdf"
    monkeypatch.setenv("CC_WRONG", "not-it")
    assert main(["countersign", str(_write(tmp_path, "s.pdf", signed)), "--sign",
                 str(auditor.path), "-o", str(target), "--passphrase-env", "CC_WRONG"]) == 2
    assert "passphrase does not open" in capsys.readouterr().err
    monkeypatch.setenv("CC_RIGHT", PASSPHRASE)
    assert main(["countersign", str(_write(tmp_path, "u.pdf", report)), "--sign",
                 str(auditor.path), "-o", str(target), "--passphrase-env", "CC_RIGHT"]) == 2
    assert "no signature yet" in capsys.readouterr().err
    assert main(["countersign", str(_write(tmp_path, "n.pdf", make_report(info=False))),
                 "--sign", str(auditor.path), "-o", str(target),
                 "--passphrase-env", "CC_RIGHT"]) == 2
    assert "not a CyberCabinet report" in capsys.readouterr().err
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_every_new_command_has_help() -> None:
    for args in (["identity", "--help"], ["identity", "create", "--help"],
                 ["identity", "import", "--help"], ["identity", "export", "--help"],
                 ["identity", "list", "--help"], ["verify", "--help"],
                 ["countersign", "--help"]):
        result = subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                                text=True, check=False, timeout=60)
        assert result.returncode == 0, (args, result.stderr)
        assert "usage:" in result.stdout
