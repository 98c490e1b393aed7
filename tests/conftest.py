"""Shared fixtures: Qt offscreen, a temporary data folder per test, the example questionnaire."""

from __future__ import annotations

import os
from pathlib import Path

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
