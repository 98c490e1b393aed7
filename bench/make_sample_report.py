"""Regenerate the sample report of the README from the real question bank.

    .venv/bin/python bench/make_sample_report.py [--lang fr] [--open 0] [--out docs]

Answers every question of ``questionnaires/cabinet-medical`` with a deterministic mix of good,
partial, bad, "I don't know" and "not applicable" answers (tests/reporting/helpers.py), writes
``docs/sample-report.pdf`` and its first two pages as ``docs/sample-report-1.png`` and ``-2.png``
(pdftoppm, 70 dpi), and prints how long the report took.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.domain.action_plan import build_action_plan  # noqa: E402
from app.domain.catalog import get_entry  # noqa: E402
from app.domain.scoring import score_assessment  # noqa: E402
from app.reporting.report import build_report  # noqa: E402
from tests.reporting.helpers import (  # noqa: E402
    GENERATED_AT,
    make_snapshot,
    mixed_answers,
    sample_action_states,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="fr", choices=["fr", "de", "it", "en"])
    parser.add_argument("--open", type=int, default=0, help="questions left unanswered")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--bank", type=Path, default=ROOT / "questionnaires",
                        help="the folder of questionnaires (default: the shipped ones)")
    parser.add_argument("--no-png", action="store_true")
    args = parser.parse_args()

    questionnaire = get_entry("cabinet-medical", folder=args.bank).questionnaire
    answers = mixed_answers(questionnaire, leave_open=args.open)
    plan = build_action_plan(score_assessment(questionnaire,
                                              {k: a.value for k, a in answers.items()}))
    states = sample_action_states([p.key for p in plan[1:8:3]])
    snapshot = make_snapshot(questionnaire, answers, actions=states)
    started = time.perf_counter()
    pdf = build_report(snapshot, questionnaire, language=args.lang, generated_at=GENERATED_AT)
    elapsed = time.perf_counter() - started
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "sample-report.pdf"
    target.write_bytes(pdf)
    print(f"{target}: {len(pdf) // 1024} KiB in {elapsed:.2f} s")
    if not args.no_png:
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2",
                        str(target), str(args.out / "sample-report")], check=True)
        for number in (1, 2):
            for candidate in args.out.glob(f"sample-report-*{number}.png"):
                candidate.replace(args.out / f"sample-report-{number}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
