"""``cybercabinet export``, ``import`` and ``review``: exit codes, stdout for scripts, one-line
errors, passphrases from a file or the environment, never from the command line."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from app.cli.main import main
from app.storage.database import open_database
from tests.storage.builders import fill_completely, new_assessment

PASSPHRASE = "a long enough passphrase"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def practice_db(tmp_path: Path, questionnaires: Path) -> tuple[Path, str]:
    path = tmp_path / "practice.sqlite3"
    with open_database(str(path), questionnaires=questionnaires) as db:
        assessment_id = new_assessment(db)
        fill_completely(db, assessment_id)
        db.set_status(assessment_id, "completed")
    return path, assessment_id


def test_export_then_import_into_another_database(
        capsys: pytest.CaptureFixture[str], practice_db: tuple[Path, str], tmp_path: Path,
        questionnaires: Path) -> None:
    source, assessment_id = practice_db
    out_file = tmp_path / "cabinet.ccab"
    code, out, err = run(capsys, "export", assessment_id, "-o", str(out_file),
                         "--db", str(source))
    assert code == 0, err
    assert str(out_file) in out and "not protected by a passphrase" in err
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    auditor = tmp_path / "auditor.sqlite3"
    code, out, err = run(capsys, "import", str(out_file), "--db", str(auditor))
    assert (code, out) == (0, assessment_id + "\n"), err
    assert "Imported the assessment" in err
    code, out, err = run(capsys, "import", str(out_file), "--db", str(auditor))
    assert (code, out) == (0, assessment_id + "\n") and "Already imported" in err
    with open_database(str(source), read_only=True, questionnaires=questionnaires) as a, \
            open_database(str(auditor), read_only=True, questionnaires=questionnaires) as b:
        assert a.load_snapshot(assessment_id).fingerprint == \
            b.load_snapshot(assessment_id).fingerprint
        assert b.list_assessments().total == 1


def test_passphrase_from_a_file_or_the_environment(
        capsys: pytest.CaptureFixture[str], practice_db: tuple[Path, str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    source, assessment_id = practice_db
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\nsecond line ignored\n")
    out_file = tmp_path / "secret.ccab"
    code, out, err = run(capsys, "export", assessment_id, "-o", str(out_file),
                         "--passphrase-file", str(secret), "--db", str(source))
    assert code == 0 and "protected by a passphrase" in out and err == ""
    auditor = ["--db", str(tmp_path / "auditor.sqlite3")]
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, out, err = run(capsys, "import", str(out_file), *auditor)
    assert code == 2 and "protected by a passphrase" in err and "--passphrase-env" in err
    monkeypatch.setenv("CC_PASSPHRASE", "not the right one at all")
    code, _, err = run(capsys, "import", str(out_file), "--passphrase-env", "CC_PASSPHRASE",
                       *auditor)
    assert code == 2 and "passphrase is wrong" in err
    monkeypatch.setenv("CC_PASSPHRASE", PASSPHRASE)
    code, out, err = run(capsys, "import", str(out_file), "--passphrase-env", "CC_PASSPHRASE",
                         *auditor)
    assert (code, out) == (0, assessment_id + "\n"), err


@pytest.mark.parametrize(("args", "message"), [
    (["--passphrase-env", "CC_UNSET_VARIABLE"], "CC_UNSET_VARIABLE is not set"),
    (["--passphrase-file", "/nonexistent/pass"], "There is no passphrase file"),
])
def test_passphrase_mistakes_are_one_line_exit_2(
        capsys: pytest.CaptureFixture[str], practice_db: tuple[Path, str], tmp_path: Path,
        args: list[str], message: str) -> None:
    source, assessment_id = practice_db
    code, out, err = run(capsys, "export", assessment_id, "-o", str(tmp_path / "x.ccab"),
                         *args, "--db", str(source))
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.ccab").exists()


def test_bad_files_exit_2_with_one_line_and_no_database_change(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, questionnaires: Path) -> None:
    auditor = tmp_path / "auditor.sqlite3"
    for name, data in [("garbage.ccab", b"\x00\x01garbage"), ("empty.ccab", b""),
                       ("cut.ccab", b'{"format": "cybercabinet-exchange", "form')]:
        (tmp_path / name).write_bytes(data)
        code, out, err = run(capsys, "import", str(tmp_path / name), "--db", str(auditor))
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
        assert "nothing was imported" in err and "Traceback" not in err
    code, _, err = run(capsys, "import", str(tmp_path / "missing.ccab"), "--db", str(auditor))
    assert code == 2 and "There is no file" in err
    assert not auditor.exists()  # refused before the database was even opened


def test_export_of_an_unknown_assessment(capsys: pytest.CaptureFixture[str],
                                         practice_db: tuple[Path, str],
                                         tmp_path: Path) -> None:
    source, _ = practice_db
    code, _, err = run(capsys, "export", "nope", "-o", str(tmp_path / "x.ccab"),
                       "--db", str(source))
    assert code == 2 and "There is no assessment nope" in err


def test_review_command(capsys: pytest.CaptureFixture[str], practice_db: tuple[Path, str],
                        questionnaires: Path) -> None:
    source, assessment_id = practice_db
    db = ["--db", str(source)]
    code, _, err = run(capsys, "review", assessment_id, "BAK-01", "--status", "disputed",
                       "--comment", "no restore test", *db)
    assert code == 2 and "--auditor NAME" in err  # the first change names the auditor
    code, out, err = run(capsys, "review", assessment_id, "BAK-01", "--status", "disputed",
                         "--comment", "no restore test", "--proposed", "partly",
                         "--auditor", "Anne Auditrice", *db)
    assert code == 0, err
    assert out.strip() == "BAK-01: disputed (proposed: partly) (saved)"
    code, out, err = run(capsys, "review", assessment_id, "AWR-01", "--status", "confirmed",
                         *db)  # the auditor is now known
    assert code == 0, err
    code, out, err = run(capsys, "review", assessment_id, "--opinion", "Backups first.",
                         "--conclude", *db)
    assert code == 0 and "concluded" in out
    code, out, _ = run(capsys, "review", assessment_id, "--json", *db)
    data = json.loads(out)
    assert data["auditor"] == "Anne Auditrice" and data["reviewed_at"]
    assert data["items"]["BAK-01"] == {"status": "disputed", "comment": "no restore test",
                                       "proposed": "partly",
                                       "updated_at": data["items"]["BAK-01"]["updated_at"]}
    assert data["reviewed_score"] > data["score"]
    code, out, _ = run(capsys, "review", assessment_id, *db)
    assert code == 0 and "Anne Auditrice" in out and "disputed" in out
    code, out, _ = run(capsys, "review", assessment_id, "AWR-01", "--clear", *db)
    assert code == 0 and "withdrawn" in out
    with open_database(str(source), read_only=True, questionnaires=questionnaires) as opened:
        assert opened.answers(assessment_id)["BAK-01"].value == "no"  # never overwritten
        review = opened.review(assessment_id)
        assert review is not None and set(review.items) == {"BAK-01"}


@pytest.mark.parametrize(("args", "message"), [
    (["BAK-01"], "give --status"),
    (["--status", "confirmed"], "need QUESTION_ID"),
    (["BAK-01", "--status", "confirmed", "--proposed", "yes"], "--proposed goes with"),
    (["--conclude"], "--conclude goes with --opinion"),
    (["BAK-01", "--status", "disputed", "--proposed", "maybe", "--auditor", "A"], "maybe"),
    (["NOPE-1", "--status", "confirmed", "--auditor", "A"], "is not a question"),
])
def test_review_mistakes_exit_2(capsys: pytest.CaptureFixture[str],
                                practice_db: tuple[Path, str], args: list[str],
                                message: str) -> None:
    source, assessment_id = practice_db
    code, out, err = run(capsys, "review", assessment_id, *args, "--db", str(source))
    assert code == 2 and out == "" and message in err, err
    assert "Traceback" not in err


def test_review_usage_error_is_argparse_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["review", "some-id", "BAK-01", "--status", "wrong"])
    assert caught.value.code == 2 and "invalid choice" in capsys.readouterr().err
