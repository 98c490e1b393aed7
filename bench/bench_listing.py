"""The auditor's list query at scale: 10,000 assessments of 1,000 practices.

    .venv/bin/python bench/bench_listing.py [--assessments 10000] [--practices 1000] [--db URL]

Fills a fresh database (a temporary SQLite file unless --db names an empty one) with practices
and assessments carrying stored scores, counts and reviewers (a third reviewed), then times
``Database.list_assessment_rows`` (one page of 100) for every sort key in both directions, the
filters, the search, a deep page and ``count_assessment_rows``, and ``practice_history``. Prints
the median of several runs in milliseconds, and the worst of them; exits 1 if a page takes
100 ms or more.
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

from app.domain.assessment import AssessmentStatus  # noqa: E402
from app.storage.database import Database, open_database  # noqa: E402
from app.storage.models import Assessment, Practice, Review  # noqa: E402
from app.storage.records import AssessmentQuery, AssessmentSort  # noqa: E402

EXAMPLE = ROOT / "tests" / "data" / "example.yaml"
WORDS = ["Cabinet", "Centre", "Groupe", "Médical", "Dupont", "Martin", "Rossi", "Müller",
         "Imagerie", "Lac", "Gare", "Santé", "Léman", "Jura", "Alpes", "Riviera"]
AUDITORS = ["Anne Auditrice", "Bruno Contrôle", "Chiara Revisione", "Dieter Prüfer"]
STATUSES = ["draft"] * 4 + ["completed"] * 2 + ["signed"] * 2 + ["reviewed"] * 2
LIMIT_MS = 100.0


def fill(db: Database, assessments: int, practices: int) -> None:
    rng = random.Random(7)
    now = dt.datetime.now(dt.UTC)
    rows = [{"id": uuid.uuid4(), "name": f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}",
             "address": "", "country": rng.choice(["CH", "FR"]), "identifiers": {},
             "profile": {}, "created_at": now, "updated_at": now} for i in range(practices)]
    batch: list[dict[str, object]] = []
    reviews: list[dict[str, object]] = []
    with db.engine.begin() as connection:
        connection.execute(insert(Practice), rows)
        for i in range(assessments):
            created = now - dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 5))
            status = rng.choice(STATUSES)
            reviewer = rng.choice(AUDITORS) if status in ("signed", "reviewed") else None
            score = round(rng.uniform(5, 98), 1) if rng.random() > 0.03 else None
            assessment_id = uuid.uuid4()
            batch.append({
                "id": assessment_id, "practice_id": rows[i % practices]["id"],
                "questionnaire_id": "example", "questionnaire_version": "1.0",
                "questionnaire_hash": "0" * 64, "language": "fr", "status": status,
                "filled_by": "Dr Bench", "created_at": created,
                "updated_at": created + dt.timedelta(days=rng.randrange(0, 30)),
                "answer_count": 60, "score": score,
                "reviewed_score": None if reviewer is None or score is None
                else max(0.0, score - rng.uniform(0, 15)),
                "asked_count": 70, "answered_count": rng.randrange(0, 71), "reviewer": reviewer,
                "practice_key": str(rows[i % practices]["name"]).lower()})
            if reviewer is not None:
                reviews.append({"id": uuid.uuid4(), "assessment_id": assessment_id,
                                "auditor_name": reviewer, "opinion": "",
                                "reviewed_at": created if status == "reviewed" else None,
                                "created_at": created, "updated_at": created})
            if len(batch) >= 1000 or i == assessments - 1:
                connection.execute(insert(Assessment), batch)
                batch = []
        if reviews:
            connection.execute(insert(Review), reviews)
    if db.backend == "postgresql":  # the statistics autovacuum would gather after such a load
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "ANALYZE")


def timed(label: str, action: Callable[[], object], runs: int = 9) -> float:
    action()  # warm the caches once, as the list does when it opens
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        durations.append((time.perf_counter() - start) * 1000)
    median = statistics.median(durations)
    print(f"{label:<52} {median:7.1f} ms   (worst {max(durations):6.1f})")
    return median


def measure(db: Database, total: int) -> list[float]:
    page = 100
    results = []
    for sort in AssessmentSort:
        for descending in (True, False):
            query = AssessmentQuery(sort=sort, descending=descending, limit=page)
            arrow = "desc" if descending else "asc"
            results.append(timed(f"first page, by {sort.value} {arrow}",
                                 lambda q=query: db.list_assessment_rows(q)))
    deep = max(total - page, 0)
    for sort in (AssessmentSort.UPDATED_AT, AssessmentSort.PRACTICE_NAME, AssessmentSort.SCORE):
        query = AssessmentQuery(sort=sort, offset=deep, limit=page)
        results.append(timed(f"last page (offset {deep}), by {sort.value}",
                             lambda q=query: db.list_assessment_rows(q)))
    cases = {
        "search 'léman', by practice": AssessmentQuery(search="léman",
                                                       sort=AssessmentSort.PRACTICE_NAME),
        "status signed, by score": AssessmentQuery(
            statuses=frozenset({AssessmentStatus.SIGNED}), sort=AssessmentSort.SCORE),
        "reviewer 'prüf', by reviewer": AssessmentQuery(reviewer="prüf",
                                                       sort=AssessmentSort.REVIEWER),
        "not reviewed yet, by date": AssessmentQuery(reviewer=""),
        "search + status + reviewer": AssessmentQuery(
            search="cabinet", statuses=frozenset({AssessmentStatus.REVIEWED}),
            reviewer="anne"),
    }
    for label, query in cases.items():
        results.append(timed(label, lambda q=query: db.list_assessment_rows(q)))
    for label, query in (("count: everything", AssessmentQuery()),
                         ("count: search 'léman'", cases["search 'léman', by practice"]),
                         ("count: reviewer 'prüf'", cases["reviewer 'prüf', by reviewer"])):
        results.append(timed(label, lambda q=query: db.count_assessment_rows(q)))
    practice_id = db.list_assessment_rows(AssessmentQuery(limit=1))[0].practice_id
    results.append(timed("practice_history of one practice",
                         lambda: db.practice_history(practice_id)))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=10_000)
    parser.add_argument("--practices", type=int, default=1_000)
    parser.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="cybercabinet-bench-"))
    questionnaires = folder / "questionnaires"
    questionnaires.mkdir()
    shutil.copy(EXAMPLE, questionnaires / "example.yaml")
    url = args.db or str(folder / "bench.sqlite3")
    try:
        with open_database(url, questionnaires=questionnaires, backup=False) as db:
            start = time.perf_counter()
            fill(db, args.assessments, args.practices)
            print(f"{db.backend}: {args.assessments} assessments of {args.practices} practices "
                  f"inserted in {time.perf_counter() - start:.1f} s")
        with open_database(url, questionnaires=questionnaires, backup=False,
                           read_only=db.path is not None) as db:
            worst = max(measure(db, args.assessments))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"slowest median: {worst:.1f} ms (limit {LIMIT_MS:.0f} ms)")
    return 0 if worst < LIMIT_MS else 1


if __name__ == "__main__":
    sys.exit(main())
