"""Questionnaire files with each kind of mistake, through the real command: exit 2, every line
says which file (and question, and field) and what is wrong, no traceback, the file untouched.

The loader's own tests (tests/test_loader.py) and its fuzzer
(tests/reliability/test_fuzz_questionnaire_loader.py) check the messages in depth; this is the
command's contract, and what happens when an *installed* questionnaire is broken.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.cli.main import main
from tests.conftest import EXAMPLE

DATA: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _question(data: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for t in data["themes"] for q in t["questions"] if q["id"] == qid)


def _edit(change: Callable[[dict[str, Any]], None]) -> bytes:
    data = copy.deepcopy(DATA)
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _set(qid: str, key: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda d: _question(d, qid).__setitem__(key, value)


def _delete(qid: str, key: str) -> Callable[[dict[str, Any]], None]:
    return lambda d: _question(d, qid).pop(key)


def _duplicate_id(data: dict[str, Any]) -> None:
    _question(data, "BAK-02")["id"] = "BAK-01"


def _cycle(data: dict[str, Any]) -> None:
    _question(data, "SRV-01")["show_if"] = {"question": "SRV-02", "equals": "provider"}


SOURCE = EXAMPLE.read_bytes()
MISTAKES: dict[str, tuple[bytes, str]] = {
    # name: (file content, what the message says)
    "yaml-syntax": (SOURCE.replace(b"themes:", b"themes: [", 1), "not valid YAML: line"),
    "tab-indent": (SOURCE.replace(b"  - id: BAK\n", b"\t- id: BAK\n", 1), "not valid YAML"),
    "duplicate-key": (SOURCE.replace(b"version: \"1.0\"\n", b"version: \"1.0\"\nversion: 2\n",
                                     1), "version"),
    "not-utf8": (SOURCE.replace(b"Sauvegardes", "Sauvegardes".encode("utf-16"), 1),
                 "not UTF-8 text"),
    "binary": (b"\x00\x01\x02\xff" * 200, "not UTF-8 text"),
    "empty": (b"", "expected a mapping"),
    "a-list": (b"- id: x\n- id: y\n", "expected a mapping"),
    "unknown-field": (_edit(_set("BAK-01", "colour", "red")), "colour"),
    "missing-field": (_edit(_delete("BAK-01", "text")), "text"),
    "wrong-type": (_edit(_set("BAK-01", "weight", "heavy")), "weight"),
    "duplicate-id": (_edit(_duplicate_id), "BAK-01"),
    "show-if-unknown-question": (_edit(_set("SRV-01", "show_if",
                                            {"question": "NOPE-9", "equals": "yes"})),
                                 "NOPE-9"),
    "show-if-unknown-value": (_edit(_set("SRV-01", "show_if",
                                         {"question": "PRF-SERVER", "equals": "perhaps"})),
                              "perhaps"),
    "condition-cycle": (_edit(_cycle), "cycle"),
    "missing-translation": (_edit(_set("BAK-01", "text", {"fr": "Sauvegardez-vous ?"})), "en"),
    "gap-without-action": (_edit(_delete("BAK-01", "action")), "action"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_validate_names_every_mistake(mistake: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    content, expected = MISTAKES[mistake]
    path = tmp_path / "questionnaire.yaml"
    path.write_bytes(content)
    code = main(["questionnaire", "validate", str(path)])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert "Traceback" not in err and "internal error" not in err
    lines = err.splitlines()
    assert lines and all(line.startswith(str(path)) for line in lines), err
    assert expected.lower() in err.lower(), err
    assert path.read_bytes() == content
    assert sorted(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("mistake", ["yaml-syntax", "duplicate-id", "binary"])
def test_a_broken_installed_questionnaire_is_one_clear_line(
        mistake: str, questionnaires: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A questionnaire in the installed folder was damaged: the commands that need it say so."""
    (questionnaires / "example.yaml").write_bytes(MISTAKES[mistake][0])
    db = ["--db", str(tmp_path / "practice.sqlite3")]
    assert main(["practice", "add", "Cabinet", *db]) == 0
    practice = capsys.readouterr().out.strip()
    for command in (["questionnaire", "list"],
                    ["assessment", "new", practice, "--questionnaire", "example", *db]):
        code = main(command)
        out, err = capsys.readouterr()
        assert code == 2, (command, out, err)
        assert "Traceback" not in err and "internal error" not in err, err
        assert err.startswith("cybercabinet: error: ") and len(err.splitlines()) == 1, err
        assert str(questionnaires / "example.yaml") in err
