"""``cybercabinet compare A B``: real SQLite databases filled through the storage facade."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.cli.main import main
from app.i18n import set_language
from tests.conftest import EXAMPLE

BEFORE: dict[str, Any] = {
    "PRF-COUNTRY": "ch",
    "PRF-SERVER": "yes",
    "BAK-01": "partly",
    "BAK-02": 2.0,
    "SRV-01": "no",
    "SRV-02": "nobody",
    "AWR-01": ("phishing",),
}
AFTER: dict[str, Any] = {**BEFORE, "BAK-01": "yes", "BAK-02": 0.0, "SRV-02": "provider"}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example questionnaire, version 1.0, installed alone."""
    questionnaires = tmp_path / "questionnaires"
    questionnaires.mkdir()
    shutil.copy(EXAMPLE, questionnaires / "example.yaml")
    monkeypatch.setattr("app.domain.catalog.questionnaires_dir", lambda: questionnaires)
    return questionnaires


@pytest.fixture
def url(tmp_path: Path, folder: Path) -> str:
    return f"sqlite:///{tmp_path / 'cabinet.sqlite3'}"


def add_version_2(folder: Path) -> None:
    """Version 2.0: awareness theme dropped, a network theme added."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["version"] = "2.0"
    data["themes"] = [t for t in data["themes"] if t["id"] != "AWR"]
    data["themes"].append({
        "id": "NET", "title": {"fr": "Réseau", "en": "Network"},
        "questions": [{
            "id": "NET-01", "type": "yes_no",
            "text": {"fr": "Un pare-feu ?", "en": "A firewall?"},
            "help": {"fr": "Il filtre.", "en": "It filters."},
            "guidance": {"fr": "Le prestataire.", "en": "The provider."},
            "action": {"title": {"fr": "Pare-feu", "en": "Firewall"},
                       "description": {"fr": "Installer.", "en": "Install."},
                       "priority": "high", "effort": "low", "owner": "it_provider"}}]})
    (folder / "example-2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                           encoding="utf-8")


def assessment(url: str, answers: dict[str, Any], *, practice: str | None = None,
               name: str = "Cabinet Dupont", version: str | None = None) -> tuple[str, str]:
    """(practice id, assessment id) of a completed assessment made through the facade."""
    from app.storage.database import open_database

    with open_database(url) as db:
        practice_id = practice or db.create_practice(name, country="CH").id
        row = db.create_assessment(practice_id, questionnaire_id="example", version=version,
                                   language="fr", filled_by="Dr Dupont")
        for question_id, value in answers.items():
            db.save_answer(row.id, question_id, value)
        return practice_id, row.id


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_in_english(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    practice, first = assessment(url, BEFORE)
    _, second = assessment(url, AFTER, practice=practice)
    code, out, err = run(capsys, "compare", first, second, "--db", url)
    assert code == 0, err
    assert "Overall score: 43 → 64 (+21)" in out
    assert "Maturity level: 2 (Basic) → 3 (Structured)" in out
    lines = out.splitlines()
    bak = next(line for line in lines if line.startswith("BAK "))
    assert bak.split()[:4] == ["BAK", "62", "75", "+13"]  # 62.5 shown as the report does
    srv = next(line for line in lines if line.startswith("SRV "))
    assert srv.split()[:4] == ["SRV", "0", "50", "+50"]
    assert "Gaps closed (2):" in out and "New gap (1):" in out and "Changed answers (3):" in out
    assert "Do you back up daily?" in out
    assert "Partly → Yes" in out and "2 copies → 0 copies" in out and "Nobody → The provider" in out
    assert "Critical gaps in A: BAK-01" in out and "Critical gaps in B: none" in out


def test_table_in_german_formats_numbers_with_babel(url: str,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    practice, first = assessment(url, BEFORE)
    _, second = assessment(url, {**AFTER, "BAK-02": 1.5}, practice=practice)
    monkeypatch.setattr("app.cli.main.system_language", lambda: "de")
    try:
        code, out, _err = run(capsys, "compare", first, second, "--db", url)
    finally:
        set_language("en")
    assert code == 0
    assert "1,5" in out and "1.5" not in out  # the decimal comma of German, by Babel
    assert "2 copies → 1,5 copies" in out  # the example has no German: its English text


def test_json_keys_and_values(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    practice, first = assessment(url, BEFORE)
    _, second = assessment(url, AFTER, practice=practice)
    code, out, _err = run(capsys, "compare", first, second, "--db", url, "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"format", "a", "b", "same_practice", "same_version", "overall",
                         "themes", "gaps_closed", "new_gaps", "changed_answers", "only_in_a",
                         "only_in_b"}
    assert data["format"] == 1 and data["same_practice"] and data["same_version"]
    assert data["a"]["id"] == first and data["b"]["id"] == second
    assert set(data["a"]) == {"id", "practice_id", "practice", "questionnaire", "status",
                              "updated_at", "score", "level", "complete", "critical_gaps",
                              "reviewed_score"}
    assert data["a"]["reviewed_score"] is None  # nobody reviewed it
    assert data["a"]["level"] == {"number": 2, "name": "Basic", "capped": False}
    assert data["a"]["critical_gaps"] == ["BAK-01"] and data["b"]["critical_gaps"] == []
    overall = data["overall"]
    assert overall["delta"] == round(overall["b"] - overall["a"], 1) and overall["delta"] > 0
    bak = next(t for t in data["themes"] if t["id"] == "BAK")
    assert bak == {"id": "BAK", "title": "Backups", "a": 62.5, "b": 75.0, "delta": 12.5,
                   "in_a": True, "in_b": True}
    assert [g["question"] for g in data["gaps_closed"]] == ["BAK-01", "SRV-02"]
    closed = data["gaps_closed"][0]
    assert closed == {"question": "BAK-01", "theme": "BAK", "text": "Do you back up daily?",
                      "critical": True, "fixed": True,
                      "a": {"status": "answered", "value": "partly"},
                      "b": {"status": "answered", "value": "yes"}}
    assert [g["question"] for g in data["new_gaps"]] == ["BAK-02"]
    changes = {c["question"]: c for c in data["changed_answers"]}
    assert changes["BAK-02"]["old"] == 2.0 and changes["BAK-02"]["new"] == 0.0
    assert changes["SRV-02"]["profile"] is False
    assert data["only_in_a"] == [] and data["only_in_b"] == []


def test_across_questionnaire_versions(url: str, folder: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    practice, first = assessment(url, BEFORE)
    add_version_2(folder)
    after = {k: v for k, v in AFTER.items() if k != "AWR-01"} | {"NET-01": "no"}
    _, second = assessment(url, after, practice=practice, version="2.0")
    code, out, err = run(capsys, "compare", first, second, "--db", url, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert not data["same_version"]
    assert data["a"]["questionnaire"]["version"] == "1.0"
    assert data["b"]["questionnaire"]["version"] == "2.0"
    assert data["only_in_a"] == ["AWR-01"] and data["only_in_b"] == ["NET-01"]
    themes = {t["id"]: t for t in data["themes"]}
    assert themes["AWR"]["in_b"] is False and themes["AWR"]["delta"] is None
    assert themes["NET"]["a"] is None and themes["NET"]["b"] == 0.0
    gone = next(g for g in data["gaps_closed"] if g["question"] == "AWR-01")
    assert gone["b"] == {"status": "absent", "value": None} and not gone["fixed"]
    code, out, _err = run(capsys, "compare", first, second, "--db", url)
    assert "Only in the questionnaire version of A: AWR-01" in out
    assert "Phishing → not in version 2.0" in out


def test_skip_logic_and_unanswered_in_the_table(url: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    practice, first = assessment(url, BEFORE)
    later = {k: v for k, v in BEFORE.items() if k not in ("SRV-01", "SRV-02", "AWR-01")}
    _, second = assessment(url, {**later, "PRF-SERVER": "no"}, practice=practice)
    code, out, _err = run(capsys, "compare", first, second, "--db", url)
    assert code == 0
    assert "No → not asked" in out  # SRV-01, hidden now that there is no server
    assert "Phishing → not answered" in out


@pytest.mark.parametrize("which", ["first", "second"])
def test_unknown_assessment_exits_2(url: str, which: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    _, real = assessment(url, BEFORE)
    missing = "5f0c7a4e-0000-4000-8000-00000000dead"
    args = [real, missing] if which == "second" else [missing, real]
    code, out, err = run(capsys, "compare", *args, "--db", url)
    assert code == 2 and not out
    assert missing in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_no_database_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "compare", "x", "y", "--db",
                          f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert code == 2 and "There is no assessment x." in err


def test_different_practices_refused_unless_asked(url: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _, first = assessment(url, BEFORE)
    _, second = assessment(url, AFTER, name="Cabinet Martin")
    code, out, err = run(capsys, "compare", first, second, "--db", url)
    assert code == 2 and not out
    assert "Cabinet Dupont" in err and "Cabinet Martin" in err and "--any-practice" in err
    code, out, err = run(capsys, "compare", first, second, "--db", url, "--any-practice",
                         "--json")
    assert code == 0 and "two different practices" in err
    assert json.loads(out)["same_practice"] is False


def test_different_questionnaires_exit_2(url: str, folder: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from app.storage.database import open_database

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["id"] = "other"
    (folder / "other.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                       encoding="utf-8")
    practice, first = assessment(url, BEFORE)
    with open_database(url) as db:
        second = db.create_assessment(practice, questionnaire_id="other").id
    code, out, err = run(capsys, "compare", first, second, "--db", url)
    assert code == 2 and not out
    assert "example" in err and "other" in err and "same questionnaire" in err


def test_the_database_is_not_changed(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    practice, first = assessment(url, BEFORE)
    _, second = assessment(url, AFTER, practice=practice)
    path = Path(url.removeprefix("sqlite:///"))
    before = path.read_bytes()
    assert run(capsys, "compare", first, second, "--db", url)[0] == 0
    assert path.read_bytes() == before


def test_reviewed_score_when_an_auditor_reviewed(url: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from app.storage.database import open_database

    practice, first = assessment(url, BEFORE)
    _, second = assessment(url, AFTER, practice=practice)
    with open_database(url) as db:
        db.set_status(second, "completed")
        db.set_review_item(second, "BAK-01", "disputed", proposed="no", auditor="Marc Audit")
    code, out, _err = run(capsys, "compare", first, second, "--db", url, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["a"]["reviewed_score"] is None
    # B: yes (3) + 0 copies + no + provider + phishing 0.5 = 4.5 / 7; reviewed: BAK-01 no → 1.5/7
    assert data["b"]["score"] == 64.3 and data["b"]["reviewed_score"] == 21.4
    assert data["overall"]["b"] == 64.3  # comparisons are of the practice's own answers
    code, out, _err = run(capsys, "compare", first, second, "--db", url)
    assert "Score after the auditor's review: — → 21" in out
