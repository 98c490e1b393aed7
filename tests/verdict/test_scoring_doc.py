"""docs/scoring.md explains every cap and every check of the bank's verdict file."""

from __future__ import annotations

import re
from pathlib import Path

from app.domain.catalog import get_entry

DOC = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
BANK = get_entry("cabinet-medical").questionnaire


def test_every_cap_is_in_the_doc_with_its_level_and_source() -> None:
    for cap in BANK.verdict.caps:
        row = next((line for line in DOC.splitlines() if line.startswith(f"| `{cap.id}` |")),
                   None)
        assert row is not None, f"{cap.id} is not explained in docs/scoring.md"
        cells = [cell.strip() for cell in row.split("|")]
        assert cells[3] == str(cap.level), f"{cap.id}: the doc says level {cells[3]}"
        assert cap.references[0].guide in cells[5]


def test_every_check_is_in_the_doc_and_nothing_stale() -> None:
    ids = {rule.id for rule in (*BANK.verdict.caps, *BANK.verdict.checks)}
    ids.add("CHK-PRACTICE-COUNTRY")
    documented = set(re.findall(r"^\| `((?:CAP|CHK)-[A-Z0-9-]+)` \|", DOC, flags=re.M))
    assert documented == ids
