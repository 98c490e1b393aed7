"""Storage at an auditor's scale: 10,000 assessments, each with its answers and history.

    .venv/bin/python bench/bench_storage.py [--assessments 10000] [--answers 60] [--db URL]

Fills a fresh database (SQLite file in a temporary folder unless --db names an empty one) with
bulk inserts, then times what people wait for: opening (integrity check, backup), the auditor's
list (first page, search, filters, sorts, paging deep), loading one snapshot, saving one
answer. Prints one line per measure (median of several runs, in milliseconds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from app.storage.database import Database, open_database  # noqa: E402
from app.storage.models import Answer, AnswerHistory, Assessment, Practice  # noqa: E402

EXAMPLE = ROOT / "tests" / "data" / "example.yaml"
WORDS = ["Cabinet", "Centre", "Groupe", "Médical", "Dupont", "Martin", "Rossi", "Müller",
         "Imagerie", "Lac", "Gare", "Santé", "Léman", "Jura", "Alpes", "Riviera"]
STATUSES = ["draft"] * 5 + ["completed"] * 2 + ["signed"] * 2 + ["reviewed"]


def fill(db: Database, assessments: int, answers: int) -> None:
    rng = random.Random(7)
    now = dt.datetime.now(dt.UTC)
    practices = [{"id": uuid.uuid4(), "name": f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}",
                  "address": "", "country": rng.choice(["CH", "FR"]), "identifiers": {},
                  "profile": {}, "created_at": now, "updated_at": now}
                 for i in range(max(1, assessments // 10))]
    with db.engine.begin() as connection:
        connection.execute(insert(Practice), practices)
        batch_a: list[dict[str, object]] = []
        batch_x: list[dict[str, object]] = []
        batch_h: list[dict[str, object]] = []
        for i in range(assessments):
            when = now - dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 3))
            assessment_id = uuid.uuid4()
            batch_a.append({
                "id": assessment_id, "practice_id": rng.choice(practices)["id"],
                "questionnaire_id": "example", "questionnaire_version": "1.0",
                "questionnaire_hash": "0" * 64, "language": "fr",
                "status": rng.choice(STATUSES), "filled_by": "Dr Bench", "created_at": when,
                "updated_at": when, "answer_count": answers})
            for q in range(answers):
                row = {"assessment_id": assessment_id, "question_id": f"Q-{q:03d}",
                       "value": rng.choice(["yes", "partly", "no", "unknown"])}
                batch_x.append({**row, "note": "", "evidence": "", "answered_by": "Dr Bench",
                                "answered_at": when})
                batch_h.append({"assessment_id": assessment_id, "question_id": row["question_id"],
                                "changed_by": "Dr Bench", "changed_at": when,
                                "new_value": row["value"], "new_note": ""})
            if len(batch_a) >= 500 or i == assessments - 1:
                connection.execute(insert(Assessment), batch_a)
                if batch_x:
                    connection.execute(insert(Answer), batch_x)
                    connection.execute(insert(AnswerHistory), batch_h)
                batch_a, batch_x, batch_h = [], [], []


def timed(label: str, action: Callable[[], object], runs: int = 7) -> float:
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        durations.append((time.perf_counter() - start) * 1000)
    median = statistics.median(durations)
    print(f"{label:<58} {median:9.1f} ms")
    return median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=60, help="answers per assessment")
    parser.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="cybercabinet-bench-"))
    questionnaires = folder / "questionnaires"
    questionnaires.mkdir()
    shutil.copy(EXAMPLE, questionnaires / "example.yaml")
    url = args.db or str(folder / "bench.sqlite3")
    try:
        db = open_database(url, questionnaires=questionnaires, backup=False)
        start = time.perf_counter()
        fill(db, args.assessments, args.answers)
        print(f"{db.backend}: {args.assessments} assessments x {args.answers} answers "
              f"(+ history) inserted in {time.perf_counter() - start:.1f} s")
        if db.path is not None:
            print(f"file size: {db.path.stat().st_size / 1e6:.1f} MB")
        db.close()

        def reopen() -> None:
            open_database(url, questionnaires=questionnaires, backup=False).close()

        timed("open (quick_check, schema check; no backup)", reopen, runs=3)
        if db.path is not None:
            timed("open with a backup (online backup API)",
                  lambda: open_database(url, questionnaires=questionnaires,
                                        keep_backups=2).backup(), runs=3)
        db = open_database(url, questionnaires=questionnaires, backup=False)
        timed("list: first page of 50, newest first", lambda: db.list_assessments(limit=50))
        timed("list: page 150 of 50 (offset 7450)",
              lambda: db.list_assessments(limit=50, offset=7450))
        timed("list: search practice name 'léman'",
              lambda: db.list_assessments(search="léman", limit=50))
        timed("list: status signed, by practice name",
              lambda: db.list_assessments(status="signed", sort="practice", limit=50))
        timed("list: all rows, no limit", lambda: db.list_assessments(limit=None), runs=3)
        some = db.list_assessments(limit=1).rows[0]
        timed("list: one practice's assessments",
              lambda: db.list_assessments(practice_id=some.practice_id, limit=None))
        timed("load_snapshot of one assessment", lambda: db.load_snapshot(some.id))
        practice = db.create_practice("Cabinet Bench")
        fresh = db.create_assessment(practice.id, questionnaire_id="example").id
        values = iter(["yes", "partly", "no"] * 20)
        timed("save_answer (validated, history, fsync'd commit)",
              lambda: db.save_answer(fresh, "BAK-01", next(values)), runs=21)
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
