"""The command-line contract: exit codes 0/1/2, one-line errors, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.cli.main import main
from tests.conftest import EXAMPLE


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          check=False, timeout=60)


def test_version_through_the_entry_point() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"CyberCabinet {__version__}"


def test_validate_a_good_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questionnaire", "validate", str(EXAMPLE)]) == 0
    assert "valid (example 1.0, 5 questions)" in capsys.readouterr().out


def test_validate_a_broken_file_says_where_and_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace("weight: 3", "weight: -3"),
                      encoding="utf-8")
    result = run("questionnaire", "validate", str(broken))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"{broken}: question BAK-01: field 'weight': "
                                     "Input should be greater than 0")
    assert "Traceback" not in result.stderr


def test_validate_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["questionnaire", "validate", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_usage_error_is_exit_2() -> None:
    result = run("questionnaire", "frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "Traceback" not in result.stderr


def test_every_command_has_help() -> None:
    for args in (["--help"], ["questionnaire", "--help"], ["questionnaire", "list", "--help"],
                 ["questionnaire", "validate", "--help"]):
        result = run(*args)
        assert result.returncode == 0, args
        assert "usage:" in result.stdout


def test_list_json(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                   tmp_path: Path) -> None:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "example.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr("app.domain.catalog.questionnaires_dir", lambda: folder)
    assert main(["questionnaire", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["id"] == "example" and listed[0]["questions"] == 5


def test_db_option_is_accepted_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "sqlite:///x.db", "questionnaire", "validate", str(EXAMPLE)]) == 0
    assert main(["questionnaire", "validate", "--db", "sqlite:///x.db", str(EXAMPLE)]) == 0
