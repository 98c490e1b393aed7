"""The storage commands' contract with scripts: ids alone on stdout, --json, exit codes 0/2."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import main
from app.storage.database import open_database

ROOT = Path(__file__).resolve().parents[2]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n$")
# The CLI in a child process, with the example questionnaire as the installed one.
CHILD = ("import sys; from pathlib import Path; import app.domain.catalog as c; "
         "c.questionnaires_dir = lambda: Path(sys.argv[1]); from app.cli.main import main; "
         "sys.exit(main(sys.argv[2:]))")


@pytest.fixture
def db_option(tmp_path: Path, questionnaires: Path) -> list[str]:
    return ["--db", str(tmp_path / "cabinet.sqlite3")]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def child(questionnaires: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHILD, str(questionnaires), *args],
                          capture_output=True, text=True, check=False, timeout=120, cwd=ROOT)


def new_assessment(capsys: pytest.CaptureFixture[str], db_option: list[str],
                   country: str = "ch") -> str:
    """A new draft of a practice added with ``--country`` (which answers PRF-COUNTRY, issue
    16); ``country=""`` adds it without one, and the draft starts with no answer."""
    where = ["--country", country] if country else []
    code, practice_id, _ = run(capsys, "practice", "add", "Cabinet Dupont", *where,
                               "--id", "GLN=7601000000000", *db_option)
    assert code == 0
    code, assessment_id, _ = run(capsys, "assessment", "new", practice_id.strip(),
                                 "--questionnaire", "example", "--language", "en",
                                 "--by", "Dr Dupont", *db_option)
    assert code == 0
    return assessment_id.strip()


def test_add_and_new_print_the_id_alone(questionnaires: Path, tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "cabinet.sqlite3")]
    added = child(questionnaires, "practice", "add", "Cabinet Dupont", *db)
    assert added.returncode == 0 and UUID.match(added.stdout), added
    new = child(questionnaires, "assessment", "new", added.stdout.strip(), "--questionnaire",
                "example", *db)
    assert new.returncode == 0 and UUID.match(new.stdout), new
    assert new.stderr == ""


@pytest.mark.parametrize(("question_id", "value", "message"), [
    ("SRV-01", "yes", "SRV-01 is not asked, given the answers so far"),
    ("BAK-01", "maybe", "'maybe' is not an answer of BAK-01; allowed: yes, partly, no, unknown"),
    ("BAK-02", "twelve", "BAK-02 expects a number, not 'twelve'"),
    ("NOPE-01", "yes", "NOPE-01 is not a question of example 1.0"),
])
def test_refused_answers_exit_2_with_one_line(capsys: pytest.CaptureFixture[str],
                                              db_option: list[str], question_id: str,
                                              value: str, message: str) -> None:
    assessment_id = new_assessment(capsys, db_option)
    code, out, err = run(capsys, "assessment", "answer", assessment_id, question_id, value,
                         *db_option)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("cybercabinet: error: ")
    assert message in err


def test_a_refused_answer_in_a_child_process_has_no_traceback(questionnaires: Path,
                                                              tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "cabinet.sqlite3")]
    with open_database(db[1], questionnaires=questionnaires) as database:
        practice = database.create_practice("P")
        assessment_id = database.create_assessment(practice.id, questionnaire_id="example").id
    result = child(questionnaires, "assessment", "answer", assessment_id, "SRV-01", "yes", *db)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("cybercabinet: error: SRV-01 is not asked, given the answers so "
                             "far (see its condition). Answer the questions it depends on "
                             "first.\n")


def test_answer_show_and_json(capsys: pytest.CaptureFixture[str], db_option: list[str],
                              questionnaires: Path) -> None:
    assessment_id = new_assessment(capsys, db_option, country="")  # PRF-COUNTRY stays open
    for question_id, value in [("PRF-SERVER", "yes"), ("BAK-01", "partly"), ("BAK-02", "1"),
                               ("AWR-01", "phishing,passwords"), ("SRV-01", "na")]:
        code, out, err = run(capsys, "assessment", "answer", assessment_id, question_id, value,
                             "--note", "checked", "--by", "MPA", *db_option)
        assert (code, err) == (0, ""), err
        assert out.startswith(f"{question_id} = ")
    code, out, _ = run(capsys, "assessment", "show", assessment_id, "--json", *db_option)
    assert code == 0
    shown = json.loads(out)
    with open_database(db_option[1], read_only=True, questionnaires=questionnaires) as db:
        snapshot = db.load_snapshot(assessment_id)
    assert shown["fingerprint"] == snapshot.fingerprint
    assert shown["answers"]["AWR-01"]["value"] == ["phishing", "passwords"]
    assert shown["answers"]["BAK-02"] == {"value": 1.0, "note": "checked", "evidence": "",
                                          "answered_by": "MPA",
                                          "answered_at": shown["answers"]["BAK-02"]
                                          ["answered_at"]}
    assert shown["answers"]["SRV-01"]["value"] == "not_applicable"
    assert shown["unanswered"] == ["PRF-COUNTRY"]  # SRV-02 is not asked after "na"
    assert shown["level"]["number"] in range(1, 6)
    assert [t["id"] for t in shown["themes"]] == ["BAK", "SRV", "AWR"]
    assert shown["themes"][0]["score"] == pytest.approx(100 * (3 * 0.5 + 0.5) / 4, abs=0.1)
    assert shown["status"] == "draft" and shown["answered"] == 5

    code, out, _ = run(capsys, "assessment", "show", assessment_id, *db_option)
    assert code == 0
    assert "Overall score:" in out and "Unanswered (1):" in out
    assert "PRF-COUNTRY  Country of the practice" in out


def test_lists_in_json(capsys: pytest.CaptureFixture[str], db_option: list[str]) -> None:
    code, out, _ = run(capsys, "practice", "list", "--json", *db_option)
    assert (code, json.loads(out)) == (0, [])  # no database yet: nothing, and none created
    assert not Path(db_option[1]).exists()
    assessment_id = new_assessment(capsys, db_option)
    code, out, _ = run(capsys, "practice", "list", "--json", *db_option)
    practices = json.loads(out)
    assert practices[0]["name"] == "Cabinet Dupont"
    assert practices[0]["identifiers"] == {"GLN": "7601000000000"}
    code, out, _ = run(capsys, "assessment", "list", "--json", "--status", "draft", *db_option)
    listed = json.loads(out)
    assert [a["id"] for a in listed] == [assessment_id]
    assert listed[0]["questionnaire"]["id"] == "example" and listed[0]["practice"] == (
        "Cabinet Dupont")
    code, out, _ = run(capsys, "assessment", "list", "--json", "--status", "signed", *db_option)
    assert json.loads(out) == []
    code, out, _ = run(capsys, "assessment", "list", "--search", "dupont", *db_option)
    assert assessment_id in out


def test_new_version_from(capsys: pytest.CaptureFixture[str], db_option: list[str]) -> None:
    first = new_assessment(capsys, db_option)
    run(capsys, "assessment", "answer", first, "BAK-01", "no", *db_option)
    code, out, _ = run(capsys, "assessment", "new", "--from", first, *db_option)
    assert code == 0 and UUID.match(out)
    code, shown, _ = run(capsys, "assessment", "show", out.strip(), "--json", *db_option)
    assert json.loads(shown)["previous_id"] == first
    assert json.loads(shown)["answers"]["BAK-01"]["value"] == "no"
    code, _, err = run(capsys, "assessment", "new", *db_option)
    assert code == 2 and "Give either PRACTICE_ID or --from" in err


def test_a_locked_database_refuses_writes_but_lists(capsys: pytest.CaptureFixture[str],
                                                   db_option: list[str],
                                                   questionnaires: Path) -> None:
    assessment_id = new_assessment(capsys, db_option)
    with open_database(db_option[1], questionnaires=questionnaires):  # the GUI has it open
        code, _, err = run(capsys, "assessment", "answer", assessment_id, "BAK-01", "yes",
                           *db_option)
        assert code == 2
        assert "is already open in another CyberCabinet window or program" in err
        code, out, _ = run(capsys, "assessment", "list", "--json", *db_option)
        assert code == 0 and json.loads(out)[0]["id"] == assessment_id
        code, out, _ = run(capsys, "db", "backup", *db_option)
        assert code == 0 and Path(out.strip()).is_file()


def test_db_commands(capsys: pytest.CaptureFixture[str], db_option: list[str]) -> None:
    code, _, err = run(capsys, "db", "restore", *db_option)
    assert code == 2 and "There is no backup of" in err
    code, out, _ = run(capsys, "db", "upgrade", *db_option)
    assert code == 0 and "created at schema 0004" in out
    code, out, _ = run(capsys, "db", "upgrade", *db_option)
    assert "already at schema 0004" in out
    assessment_id = new_assessment(capsys, db_option)
    code, out, _ = run(capsys, "assessment", "show", assessment_id, "--json", *db_option)
    before = json.loads(out)["answers"]
    # --country ch at practice add answered the country question, by the assessment's author
    assert {k: (a["value"], a["answered_by"]) for k, a in before.items()} == {
        "PRF-COUNTRY": ("ch", "Dr Dupont")}
    code, out, _ = run(capsys, "db", "backup", *db_option)
    backup = Path(out.strip())
    code, _, _ = run(capsys, "assessment", "answer", assessment_id, "BAK-01", "yes", *db_option)
    assert code == 0
    code, out, _ = run(capsys, "db", "backups", "--json", *db_option)
    listed = json.loads(out)
    assert backup in [Path(b["path"]) for b in listed]
    code, out, _ = run(capsys, "db", "restore", str(backup), *db_option)
    assert code == 0 and f"Restored {backup}." in out
    code, out, _ = run(capsys, "assessment", "show", assessment_id, "--json", *db_option)
    assert json.loads(out)["answers"] == before  # BAK-01, answered after the backup, is gone


def test_garbage_database_is_one_line_with_the_way_out(questionnaires: Path,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "cabinet.sqlite3"
    path.write_bytes(b"garbage" * 500)
    result = child(questionnaires, "assessment", "list", "--db", str(path))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert "file is not a database" in result.stderr
    assert "cybercabinet db restore" in result.stderr


def test_every_storage_command_has_help() -> None:
    for args in (["practice"], ["practice", "add"], ["practice", "list"], ["assessment"],
                 ["assessment", "new"], ["assessment", "list"], ["assessment", "show"],
                 ["assessment", "answer"], ["db"], ["db", "backup"], ["db", "backups"],
                 ["db", "restore"], ["db", "upgrade"]):
        result = subprocess.run([sys.executable, "-m", "app", *args, "--help"],
                                capture_output=True, text=True, check=False, timeout=60,
                                cwd=ROOT)
        assert result.returncode == 0, args
        assert "usage:" in result.stdout and "--db" in result.stdout, args
