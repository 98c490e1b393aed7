"""The two speed-ups of the report that reach into ReportLab stay only while they pay (issue 20:
at least 10 % of the report + signature row; their gains are written beside them and in
docs/report.md). These tests catch ReportLab changing under them:

- ``flowables.Para`` (lines broken once per width) overrides ``Paragraph._setup`` and ``wrap``
  and reads ``frags`` and ``blPara``;
- ``markup.fragments`` (inline markup read once per shape) calls ``ParaParser.parse`` and
  copies its fragments.

The parts used still exist with the same signatures, ReportLab is the version pinned in
pyproject.toml, and the report's bytes are the same with and without each speed-up.
"""

from __future__ import annotations

import inspect
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaParser

from app.domain.catalog import get_entry
from app.reporting import flowables, styles
from app.reporting.fonts import register_fonts
from app.reporting.report import build_report
from tests.reporting.helpers import GENERATED_AT, make_snapshot, mixed_answers
from tests.reporting.review_helpers import sample_review, with_review

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def parameters(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


def pinned(distribution: str) -> str:
    found = re.search(rf'"{re.escape(distribution)}(?:\[[^\]]*\])?==([^";]+)"',
                      PYPROJECT.read_text(encoding="utf-8"))
    assert found, f"{distribution} is not pinned with == in pyproject.toml"
    return found.group(1)


def test_reportlab_is_the_pinned_version() -> None:
    assert version("reportlab") == pinned("reportlab")


def test_the_paragraph_internals_para_uses_are_there() -> None:
    assert parameters(Paragraph.__init__) == [
        "self", "text", "style", "bulletText", "frags", "caseSensitive", "encoding"]
    assert parameters(Paragraph._setup) == [
        "self", "text", "style", "bulletText", "frags", "cleaner"]
    assert parameters(Paragraph.wrap) == ["self", "availWidth", "availHeight"]
    register_fonts()
    paragraph = Paragraph("Quand le serveur est-il allumé ?", styles.styles().cell)
    assert isinstance(paragraph.__dict__["frags"], list)
    paragraph.wrap(60, 1000)
    assert "blPara" in paragraph.__dict__
    assert paragraph.split(60, 1) == [] and "blPara" not in paragraph.__dict__


def test_the_parser_markup_uses_is_there() -> None:
    assert parameters(ParaParser.parse) == ["self", "text", "style"]
    register_fonts()
    parser = ParaParser()
    parser.caseSensitive = 1
    style = styles.styles().cell
    parsed_style, frags, bullet = parser.parse('<b>a</b>&#57344;<font color="#5B6B7B">b</font>',
                                               style)
    assert parsed_style is style and bullet is None
    assert [f.text for f in frags] == ["a", "\ue000", "b"]


@pytest.fixture(scope="module")
def reviewed() -> tuple[Any, Any]:
    """The real bank, answered, reviewed (the narrow review columns), in French."""
    questionnaire = get_entry("cabinet-medical").questionnaire
    snapshot = make_snapshot(questionnaire, mixed_answers(questionnaire))
    return with_review(snapshot, sample_review(questionnaire, snapshot.answers)), questionnaire


def report_of(reviewed: tuple[Any, Any]) -> bytes:
    snapshot, questionnaire = reviewed
    return build_report(snapshot, questionnaire, language="fr", generated_at=GENERATED_AT)


def test_the_same_bytes_without_the_line_break_cache(reviewed: tuple[Any, Any],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cached = report_of(reviewed)

    def uncached(self: flowables.Para, width: float, height: float) -> tuple[float, float]:
        self.frags = self._parsed_frags  # the hyphen fix stays: only the cache goes
        size: tuple[float, float] = Paragraph.wrap(self, width, height)
        return size

    monkeypatch.setattr(flowables.Para, "wrap", uncached)
    assert report_of(reviewed) == cached


def test_the_same_bytes_without_the_markup_skeletons(reviewed: tuple[Any, Any],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fast = report_of(reviewed)
    monkeypatch.setattr(flowables, "fragments", lambda text, style: None)
    assert report_of(reviewed) == fast
