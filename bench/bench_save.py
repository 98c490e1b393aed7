"""Saving one answer through the storage facade, against a raw sqlite3 insert + commit.

    .venv/bin/python bench/bench_save.py [--saves 500] [--json FILE] [--quick]

The figure: ``Database.save_answer`` on a practice's database (20 assessments of the real
question bank, the newest a draft), every call a real change (validated, skip logic, history
row, synced commit), p50 and p95 over ``--saves`` calls. The baseline: a raw ``sqlite3``
``BEGIN IMMEDIATE; INSERT; COMMIT`` in WAL mode on the same disk, with SQLite's default
``synchronous`` (FULL, as the app uses). Both are run in alternating blocks so that a slow spell
of the disk falls on both.

Also measured (notes): the CPU part of a save (process time: what is left once the disk's sync is
taken out), and how the figure grows with the database (1 vs 1000 assessments) and with the
answers already in the assessment (5 % vs 100 % answered), in CPU time per save (process time:
the work done, whatever else the machine is doing).
"""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from common import Row, arguments, isolated_home, make_database, median, percentile, report

BLOCK = 50


def change_stream(db: object, assessment_id: str) -> Iterator[tuple[str, str]]:
    """(question, value) pairs that each change a stored answer: the scored single-choice
    questions asked in the draft, in turn, each time a value different from its current one.
    A question that an earlier change closed (skip logic: bank 2026.2 makes some scored answers
    conditions of others) is passed over while it is not asked."""
    from app.domain.skip_logic import visible_question_ids
    from app.domain.vocabulary import QuestionType
    from app.storage.database import Database

    assert isinstance(db, Database)
    questionnaire = db.questionnaire(assessment_id)
    values = dict(db.load_snapshot(assessment_id).values)
    asked = visible_question_ids(questionnaire, values)
    questions = [q for _theme, q in questionnaire.scored_questions()
                 if q.id in asked and q.type in (QuestionType.SINGLE, QuestionType.YES_NO)]
    for question in itertools.cycle(questions):
        if question.id not in visible_question_ids(questionnaire, values):
            continue
        options = question.option_values()
        current = values.get(question.id)
        value = next(v for v in itertools.cycle(options[options.index(current) + 1:] + options
                                                if current in options else options)
                     if v != current)
        values[question.id] = value
        yield question.id, value


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall, cpu) time of one call, in milliseconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


class RawSqlite:
    """The baseline: what SQLite itself costs for one small committed insert in WAL mode."""

    def __init__(self, path: Path, synchronous: str | None = None) -> None:
        self.connection = sqlite3.connect(str(path), isolation_level=None)
        self.connection.execute("PRAGMA journal_mode = WAL")
        if synchronous:
            self.connection.execute(f"PRAGMA synchronous = {synchronous}")
        self.synchronous = self.connection.execute("PRAGMA synchronous").fetchone()[0]
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS answers (id INTEGER PRIMARY KEY, assessment_id TEXT, "
            "question_id TEXT, value TEXT, note TEXT, answered_at TEXT)")
        self.count = 0

    def save(self) -> None:
        self.count += 1
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute(
            "INSERT INTO answers (assessment_id, question_id, value, note, answered_at) "
            "VALUES (?, ?, ?, ?, ?)",
            ("6f1c0a5e-0d5b-4c1e-9a53-2b7f1f0f3a11", f"Q-{self.count % 90:03d}", '"yes"', "",
             "2026-11-23 10:30:00.000000"))
        self.connection.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


def run_pair(db_path: Path, raw_path: Path, saves: int, *,
             synchronous: str | None = None) -> dict[str, list[float]]:
    """``saves`` facade saves and ``saves`` raw inserts, alternating blocks of BLOCK."""
    from sqlalchemy import event

    from app.storage import open_database

    fixture_db = open_database(str(db_path), backup=False)
    if synchronous is not None:  # diagnostic: the same code without the disk's sync
        fixture_db.engine.dispose()

        @event.listens_for(fixture_db.engine, "connect")
        def _sync(connection: sqlite3.Connection, _record: object) -> None:
            connection.execute(f"PRAGMA synchronous = {synchronous}")

    draft = fixture_db.list_assessments(status="draft", limit=1).rows[0].id
    changes = change_stream(fixture_db, draft)
    raw = RawSqlite(raw_path, synchronous)
    for _ in range(5):  # warm both up (statement caches, first pages)
        question, value = next(changes)
        fixture_db.save_answer(draft, question, value)
        raw.save()
    out: dict[str, list[float]] = {"wall": [], "cpu": [], "raw": [], "raw_cpu": []}
    done = 0
    while done < saves:
        block = min(BLOCK, saves - done)
        for _ in range(block):
            question, value = next(changes)
            wall, cpu = timed(lambda q=question, v=value: fixture_db.save_answer(draft, q, v))
            out["wall"].append(wall)
            out["cpu"].append(cpu)
        for _ in range(block):
            wall, cpu = timed(raw.save)
            out["raw"].append(wall)
            out["raw_cpu"].append(cpu)
        done += block
    out["raw_synchronous"] = [float(raw.synchronous)]
    raw.close()
    fixture_db.close()
    return out


def main() -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=500)
    args = parser.parse_args()
    saves = 100 if args.quick else args.saves
    growth_saves = 50 if args.quick else 150
    home = isolated_home()
    try:
        print(f"building fixtures in {home} …", flush=True)
        db20 = make_database(home / "practice-20.sqlite3", 20).path
        db1 = make_database(home / "practice-1.sqlite3", 1).path
        db1000 = make_database(home / "practice-1000.sqlite3", 1000).path
        few = make_database(home / "few-answers.sqlite3", 1, draft_done=0.05).path
        full = make_database(home / "all-answers.sqlite3", 1, draft_done=1.0).path

        main_run = run_pair(db20, home / "raw.sqlite3", saves)
        p50, p95 = percentile(main_run["wall"], 50), percentile(main_run["wall"], 95)
        raw50, raw95 = percentile(main_run["raw"], 50), percentile(main_run["raw"], 95)
        cpu50, cpu95 = percentile(main_run["cpu"], 50), percentile(main_run["cpu"], 95)
        print(f"save_answer p50 {p50:.2f} ms, p95 {p95:.2f} ms (cpu p50 {cpu50:.2f} ms, "
              f"p95 {cpu95:.2f} ms); "
              f"raw sqlite3 p50 {raw50:.2f} ms, p95 {raw95:.2f} ms "
              f"(synchronous={int(main_run['raw_synchronous'][0])})", flush=True)

        nosync = run_pair(db20, home / "raw-normal.sqlite3", growth_saves,
                          synchronous="NORMAL")
        n50, n95 = percentile(nosync["wall"], 50), percentile(nosync["wall"], 95)
        ncpu95 = percentile(nosync["cpu"], 95)
        nraw50 = percentile(nosync["raw"], 50)
        print(f"without the sync (synchronous=NORMAL): save_answer p50 {n50:.2f} ms, "
              f"p95 {n95:.2f} ms (cpu p95 {ncpu95:.2f} ms); raw p50 {nraw50:.3f} ms",
              flush=True)

        growth: dict[str, float] = {}
        for label, path in (("1 assessment", db1), ("1000 assessments", db1000),
                            ("5% answered", few), ("100% answered", full)):
            run = run_pair(path, home / f"raw-{label[:4].strip()}.sqlite3", growth_saves,
                           synchronous="NORMAL")
            growth[label] = median(run["cpu"])
            print(f"growth, {label}: save_answer CPU p50 {growth[label]:.2f} ms "
                  f"(wall {median(run['wall']):.2f} ms, synchronous=NORMAL)", flush=True)

        rows = [
            Row("save one answer (storage facade), p50", p50, "ms", raw50, "raw sqlite3 WAL",
                "—"),
            Row("save one answer (storage facade), p95", p95, "ms", raw95, "raw sqlite3 WAL",
                "≤ 10x and < 5 ms", passed=p95 <= 10 * raw95 and p95 < 5,
                notes=[
                    f"both synced (synchronous=FULL): the disk's fsync is the floor, raw p50 "
                    f"{raw50:.2f} ms / p95 {raw95:.2f} ms",
                    f"CPU per save (process time, the sync's system time included) p50 "
                    f"{cpu50:.2f} ms, p95 {cpu95:.2f} ms; with the sync taken out "
                    f"(synchronous=NORMAL, same code) p50 {n50:.2f} ms, p95 {n95:.2f} ms "
                    f"(CPU p95 {ncpu95:.2f} ms) vs raw {nraw50:.3f} ms; on a busy machine the "
                    "wall p95 beyond the CPU p95 is time spent waiting for a core",
                    f"growth (CPU per save): 1 assessment {growth['1 assessment']:.2f} ms, 1000 "
                    f"assessments {growth['1000 assessments']:.2f} ms "
                    f"(x{growth['1000 assessments'] / growth['1 assessment']:.2f}); 5% answered "
                    f"{growth['5% answered']:.2f} ms, 100% answered "
                    f"{growth['100% answered']:.2f} ms "
                    f"(x{growth['100% answered'] / growth['5% answered']:.2f})",
                ]),
            Row("save one answer, sync excluded, p95 (diagnostic)", n95, "ms",
                percentile(nosync["raw"], 95), "raw sqlite3 WAL, NORMAL", "—",
                notes=["the same calls with synchronous=NORMAL: what the facade's own work "
                       "costs once the disk's sync is taken out (not a setting the app uses)"]),
        ]
        report(rows, args.json)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
