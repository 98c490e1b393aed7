"""The action plan as CSV: every action, UTF-8 with BOM, semicolons, accents intact."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from app.domain.action_plan import build_action_plan
from app.domain.assessment import AssessmentSnapshot
from app.domain.questionnaire import Questionnaire, text_in
from app.domain.scoring import score_assessment
from app.reporting.csv_export import actions_csv, write_actions_csv
from tests.reporting.helpers import GENERATED_AT


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_every_action_is_a_row(complete: AssessmentSnapshot,
                               questionnaire: Questionnaire) -> None:
    rows = _rows(actions_csv(complete, questionnaire, language="en",
                             generated_at=GENERATED_AT))
    plan = build_action_plan(score_assessment(questionnaire, complete.values))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["No.", "Action", "Description"]
    assert len(body) == len(plan)
    assert {row[1] for row in body} == {text_in(p.action.title, "en") for p in plan}
    assert all(len(row) == len(header) for row in body)
    first = dict(zip(header, body[0], strict=True))
    assert first["No."] == "1"
    assert first["Priority"] == "Critical"
    assert first["Target date"] == "2026-12-03"
    assert first["Status"] == "To do"


def test_written_atomically_in_french_with_accents(tmp_path: Path,
                                                   complete: AssessmentSnapshot,
                                                   questionnaire: Questionnaire) -> None:
    target = tmp_path / "plan d’actions.csv"
    write_actions_csv(target, complete, questionnaire, language="fr",
                      generated_at=GENERATED_AT)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary left behind
    raw = target.read_bytes()
    assert b"\r\n" in raw
    rows = _rows(raw)
    assert any("Hameçonnage" in cell for row in rows for cell in row)
    assert any("Mettre en place une sauvegarde" in row for row in rows)
