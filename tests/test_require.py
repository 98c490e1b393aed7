"""``tests.conftest.require``: a missing service or package skips a test on a developer's machine
and fails it with ``CI=true``; so does a plain ``pytest.importorskip``; other skips stay skips.

Proven on a tiny test folder run by a real pytest in a subprocess, with the project's conftest
loaded as a plugin, once without CI and once with ``CI=true``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parents[1]
MISSING = "cybercabinet_no_such_module"

FILES = {
    "test_module_level.py": f"""
from tests.conftest import require_module

require_module("{MISSING}", "pip install {MISSING}")


def test_never_collected():
    pass
""",
    "test_module_importorskip.py": f"""
import pytest

pytest.importorskip("{MISSING}")


def test_never_collected():
    pass
""",
    "test_inside.py": f"""
import pytest

from tests.conftest import require


@pytest.fixture
def server():
    require("a PostgreSQL server", "the server did not start: port in use")


def test_service(server):
    pass


def test_program():
    require("ruff", "not on PATH")


def test_importorskip():
    pytest.importorskip("{MISSING}")


def test_platform():
    pytest.skip("POSIX only")


def test_passes():
    pass
""",
}


def _run(folder: Path, ci: bool) -> tuple[int, dict[str, tuple[str, str]], str]:
    """Exit code, {test or file: (outcome, message)} from pytest's JUnit XML, and the output."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if ci:
        env["CI"] = "true"
    xml = folder / f"results-{ci}.xml"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.conftest", "-p", "no:cacheprovider",
         "-q", "-rs", "--continue-on-collection-errors", f"--junit-xml={xml}",
         "--rootdir", str(folder), "-c", os.devnull, str(folder)],
        capture_output=True, text=True, check=False, cwd=folder, env=env, timeout=300)
    outcomes = {}
    report = ElementTree.parse(xml)  # noqa: S314 (written just now by our own pytest run)
    for case in report.getroot().iter("testcase"):
        name = f"{case.get('classname')}.{case.get('name')}".strip(".")
        verdicts = [(c.tag, c.get("message") or "") for c in case
                    if c.tag in ("skipped", "failure", "error")]
        outcomes[name] = verdicts[0] if verdicts else ("passed", "")
    return result.returncode, outcomes, result.stdout + result.stderr


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("require")
    for name, text in FILES.items():
        (folder / name).write_text(text.lstrip(), encoding="utf-8")
    return folder


def test_without_ci_a_missing_piece_is_a_skip_that_says_why(folder: Path) -> None:
    code, outcomes, output = _run(folder, ci=False)
    assert code == 0, output
    assert outcomes == {
        "test_module_level": ("skipped", "collection skipped"),
        "test_module_importorskip": ("skipped", "collection skipped"),
        "test_inside.test_service": (
            "skipped", "a PostgreSQL server missing: the server did not start: port in use"),
        "test_inside.test_program": ("skipped", "ruff missing: not on PATH"),
        "test_inside.test_importorskip": (
            "skipped", f"could not import '{MISSING}': No module named '{MISSING}'"),
        "test_inside.test_platform": ("skipped", "POSIX only"),
        "test_inside.test_passes": ("passed", ""),
    }, output
    # the module-level reason, in pytest's summary of skips
    assert (f"the Python package {MISSING} missing: No module named '{MISSING}' "
            f"(pip install {MISSING})") in output


def test_with_ci_true_a_missing_piece_fails_the_run(folder: Path) -> None:
    code, outcomes, output = _run(folder, ci=True)
    assert code == 1, output
    assert {name: verdict for name, (verdict, _message) in outcomes.items()} == {
        "test_module_level": "error",
        "test_module_importorskip": "error",
        "test_inside.test_service": "error",  # in a fixture
        "test_inside.test_program": "failure",
        "test_inside.test_importorskip": "failure",
        "test_inside.test_platform": "skipped",  # not a missing piece: still a skip
        "test_inside.test_passes": "passed",
    }, output
    assert "CI=true and a PostgreSQL server missing: the server did not start" in \
        outcomes["test_inside.test_service"][1]
    assert outcomes["test_inside.test_program"][1] == (
        "Failed: CI=true and ruff missing: not on PATH")
    assert outcomes["test_inside.test_importorskip"][1].startswith("CI=true and a skipped import, ")
    assert f"CI=true and the Python package {MISSING} missing" in output
    assert "test_module_importorskip.py:3: could not import" in output
