"""Shared fixtures: Qt offscreen, a temporary data folder per test, the example questionnaire;
and ``require``, the one way a test says that a service, program or package it needs is missing
(skipped on a developer's machine, a failure when ``CI=true``)."""

from __future__ import annotations

import importlib
import os
from collections.abc import Generator
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import settings

from app.domain.loader import load_questionnaire
from app.domain.questionnaire import Questionnaire
from app.i18n import set_language

# The gate (make test, CI) replays the same examples every run, so a red build always names a
# change of ours; `HYPOTHESIS_PROFILE=explore make test` draws new ones to hunt for bugs.
settings.register_profile("gate", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))

DATA = Path(__file__).parent / "data"
EXAMPLE = DATA / "example.yaml"


def in_ci() -> bool:
    """``CI=true`` (or 1/yes/on), as GitHub Actions, GitLab CI and most others set it."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def require(what: str, reason: str) -> NoReturn:
    """``what`` (a service, program or package a test needs) is missing; ``reason`` says why
    and how to get it. On a developer's machine the test is skipped, saying so; with
    ``CI=true`` it fails: CI installs everything (make test, packaging/install-system-deps.sh),
    so a missing piece there is a broken build, never a green one. Also at module level."""
    message = f"{what} missing: {reason}"
    if in_ci():
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message, allow_module_level=True)


def require_module(name: str, install: str) -> ModuleType:
    """``import name``, or ``require`` it (``install``: the command that installs it)."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        require(f"the Python package {name}", f"{error} ({install})")


# A plain ``pytest.importorskip`` would escape ``require``: under CI=true its skip fails too.
_IMPORT_SKIP = "could not import"


def _fail_import_skip_in_ci(report: pytest.TestReport | pytest.CollectReport) -> None:
    if report.skipped and in_ci() and _IMPORT_SKIP in str(report.longrepr):
        where = report.longrepr
        if isinstance(where, tuple):  # (path, line, "Skipped: could not import ...")
            where = f"{where[0]}:{where[1]}: {str(where[2]).removeprefix('Skipped: ')}"
        report.outcome = "failed"
        report.longrepr = f"CI=true and a skipped import, {where}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report = yield
    _fail_import_skip_in_ci(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, Any]:
    report = yield
    _fail_import_skip_in_ci(report)
    return report


@pytest.fixture(autouse=True)
def data_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder and database: the real home is never touched."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CYBERCABINET_HOME", str(home))
    monkeypatch.delenv("CYBERCABINET_DB", raising=False)
    set_language("en")
    return home


@pytest.fixture(scope="session")
def example() -> Questionnaire:
    return load_questionnaire(EXAMPLE)
