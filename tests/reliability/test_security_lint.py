"""Security lint in the test command: ruff's bandit rules (``S``) pass, and no silenced one hides
a real problem.

Every ``# noqa: S…`` in the shipped code (``app/``) was read and is listed below with the reason
it is safe (docs/security.md repeats the list). A new one fails this test until someone has
looked at it and added it here. One exception: ``S101`` (``assert``) with its reason in the
comment, the code base's way of narrowing a type the model already guarantees — an assert is
never a security check here. Tests and benchmarks are not shipped: their silenced rules are not
listed. A blanket ``# noqa`` (which would silence the S rules with the rest) anywhere, and an S
rule switched off for the application's code in pyproject.toml, fail the test too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tokenize
import tomllib
from collections import Counter
from pathlib import Path

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("app", "tests", "bench", "packaging")
NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.I)

# (file, rule): (how many, why it is safe)
REVIEWED: dict[tuple[str, str], tuple[int, str]] = {
    ("app/domain/answers.py", "S101"): (1, "a number question always has its number settings "
                                           "(model validation): narrowing Optional"),
    ("app/storage/migrate.py", "S101"): (1, "the upgrade just wrote a revision: narrowing "
                                            "Optional, not a check"),
    ("app/storage/migrate.py", "S608"): (2, "counts rows of tables named by the database's "
                                            "own schema, each quoted by the dialect's "
                                            "identifier preparer; reads the version from the "
                                            "module's constant table name; no user text"),
    ("app/storage/encryption.py", "S608"): (2, "counts rows of the tables listed by "
                                               "sqlite_master, each name quoted, in a schema "
                                               "named by the code ('main', 'converted')"),
    ("app/domain/loader.py", "S506"): (1, "the loader is a yaml.SafeLoader subclass that only "
                                          "adds a duplicate-key check"),
}


def _python_files() -> list[Path]:
    files: list[Path] = []
    for folder in SCANNED:
        files += sorted((ROOT / folder).rglob("*.py"))
    return [f for f in files if ".venv" not in f.parts]


def _comments(path: Path) -> list[tuple[int, str]]:
    """The comments of a Python file (not strings that mention "noqa"), with their lines."""
    with path.open("rb") as handle:
        return [(token.start[0], token.string) for token in tokenize.tokenize(handle.readline)
                if token.type == tokenize.COMMENT]


def test_every_silenced_security_rule_was_reviewed() -> None:
    found: Counter[tuple[str, str]] = Counter()
    blanket: list[str] = []
    for path in _python_files():
        relative = path.relative_to(ROOT).as_posix()
        for number, comment in _comments(path):
            for match in NOQA.finditer(comment):
                if match["codes"] is None:
                    blanket.append(f"{relative}:{number}")
                    continue
                reason = re.sub(r"[#()\-\s]", "", NOQA.sub("", comment))
                for code in re.split(r"[,\s]+", match["codes"]):
                    if code.upper() == "S101" and reason:
                        continue  # an assert narrowing a type, with its reason
                    if code.upper().startswith("S") and relative.startswith("app/"):
                        found[(relative, code.upper())] += 1
    assert blanket == [], f"a blanket '# noqa' silences the security rules too: {blanket}"
    unreviewed = {key: count for key, count in found.items()
                  if key not in REVIEWED or REVIEWED[key][0] < count}
    assert unreviewed == {}, (
        f"new '# noqa: S…' comments: {unreviewed}. Check that each is not a real problem, then "
        "add it to REVIEWED in tests/reliability/test_security_lint.py with the reason.")


def test_no_security_rule_is_switched_off_for_the_application() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lint = config["tool"]["ruff"]["lint"]
    assert "S" in lint["select"]
    assert not [c for c in lint.get("ignore", []) if c.startswith("S")]
    for pattern, codes in lint.get("per-file-ignores", {}).items():
        if pattern.startswith("app"):
            assert not [c for c in codes if c.startswith("S")], pattern


def test_ruff_security_rules_pass() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        require("ruff", "not next to this Python nor on PATH (pip install -e '.[test]')")
    result = subprocess.run([ruff, "check", "--select", "S", "--output-format", "concise",
                             "--no-cache", "."], capture_output=True, text=True, check=False,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
