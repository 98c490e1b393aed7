"""Next question on the first pass through a fresh assessment, against a bare Qt window (issue 20,
row 2).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_first_pass.py [--runs 2]
                                          [--pause-ms 1000] [--json FILE] [--quick] [--profile]

What a practice feels the first time it goes through the questionnaire: every question shown
for the first time, its widgets never made before (no panel built or cached by an earlier
walk). Each run is a fresh process (``--child``) that opens the real ``MainWindow`` (1366x768,
the app's look, English) on a database whose newest assessment is a fresh draft of the real
question bank (``questionnaires/cabinet-medical``, 2026.2, no answer yet; 19 signed assessments
beside it), and walks it from its first question to its last as a person would:

1. read the question: with ``pause``, the event loop runs for ``--pause-ms`` (1 s) and the app
   does what it does while a person reads (it prepares the next question's widgets 150 ms
   after a move); ``nopause`` goes on at once, as someone who knows the answers;
2. answer it with the keyboard: the digit key of the answer (a click for an answer without a
   digit, each choice of a multiple-choice question, the number typed into a number's box),
   a realistic mix that opens most follow-up questions (``tests.reporting.helpers``);
3. press Enter (sent to the focused widget): **the timed move**, from the key press until
   the posted events are processed (layout, deferred deletes) and the window is repainted
   into its backing store (``bench_next_question.frame``). A typed number is saved by this
   Enter, as in the app.

The figure is the p95 of the first-pass moves of all runs (each run's p95 is a note). The
second pass (the same walk again, every panel kept) is only a note: the warm figure. Also
noted: the moves whose next panel had been prepared in advance, the answers' own frames, and
the CPU time per move.

The baseline (same process, before the app's look is applied): a bare PySide6 window of the
same size holding a word-wrapped ``QLabel``; Enter sets the next question-length text and the
window is repainted, timed by the same ``frame`` function, with the same reading pause (fewer
moves with a pause: it is a floor, not a walk).

The children run with bytecode caching on, in a private cache (PYTHONPYCACHEPREFIX), warmed by
one short untimed child: a real install runs compiled modules.

``--profile``: one more walk of each variant with cProfile on during the timed moves only, its
top entries printed (Qt's C++ work shows under the Python calls that trigger it: the key
press, ``processEvents``, the app's paint and layout overrides).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import PYTHON, ROOT, Row, arguments, isolated_home, make_database, percentile, report

TARGETS_MS = {"pause": 16.0, "nopause": 33.0}
PROFILER: Any = None
"""With ``--profile``: a ``cProfile.Profile`` enabled during the timed moves of the first pass
only (not the reading, not the answers)."""
BASELINE_TEXT = ("Are the backups of the patient records copied every night to a disk that is "
                 "kept disconnected, and has someone restored a file from it this year? ")


# --- the child: one fresh process, one walk --------------------------------------------------

def wait(milliseconds: int) -> None:
    """A person reading: the event loop runs (timers fire, idle work is done)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def baseline(moves: int, pause_ms: int) -> list[float]:
    """The same input-to-repaint on a bare window of the same size: a wrapped label whose text
    Enter changes."""
    from bench_next_question import SIZE, frame, settle
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

    class Bare(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0
            self.label = QLabel()
            self.label.setWordWrap(True)
            layout = QVBoxLayout(self)
            layout.addWidget(self.label)
            layout.addStretch(1)
            self.next_text()

        def next_text(self) -> None:
            self.count += 1
            self.label.setText(f"{self.count}. " + BASELINE_TEXT * (1 + self.count % 3))

        def keyPressEvent(self, event: Any) -> None:  # noqa: N802
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.next_text()
                event.accept()
                return
            super().keyPressEvent(event)

    window = Bare()
    window.resize(*SIZE)
    window.show()
    window.activateWindow()
    window.setFocus()
    settle()
    durations = []
    for _ in range(moves):
        if pause_ms:
            wait(pause_ms)
        durations.append(frame(window, lambda: QTest.keyClick(window, Qt.Key.Key_Return)))
    window.close()
    settle()
    return durations


def chosen_value(session: Any, question: Any) -> Any:
    from tests.reporting.helpers import profile_value, scored_value

    if session.questionnaire.is_profile(question.id):
        return profile_value(question)
    return scored_value(question)


def answer(window: Any, question: Any, value: Any) -> list[float]:
    """Give ``value`` as a person would, with the keyboard where the page offers a key; the
    time of each input to the repainted window."""
    from bench_next_question import frame, key_to_focus
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view = window.questionnaire_page.question_view
    answers = view.answers
    if answers is None or view.question is None or view.question.id != question.id:
        raise RuntimeError(f"the answers of {question.id} are not shown")
    if answers.is_number:
        spin = answers.spin_box
        text = str(int(value)) if spin.decimals() == 0 else f"{value:.{spin.decimals()}f}"
        spin.setFocus(Qt.FocusReason.OtherFocusReason)  # focus_answer gave it already
        return [frame(window, lambda: QTest.keyClicks(spin, text))]
    wanted = list(value) if isinstance(value, tuple) else [value]
    durations = []
    for item in wanted:
        button = next((b for b in answers.buttons if b.value == item), None)
        if button is None:
            raise RuntimeError(f"{question.id}: no button for {item!r}")
        if button.digit is not None:
            key = getattr(Qt.Key, f"Key_{button.digit}")
            durations.append(frame(window, lambda k=key: key_to_focus(window, k)))
        else:
            durations.append(frame(window, lambda b=button: QTest.mouseClick(
                b, Qt.MouseButton.LeftButton)))
    return durations


def walk_first_pass(window: Any, pause_ms: int, limit: int | None) -> dict[str, Any]:
    from bench_next_question import CPU, frame, key_to_focus
    from PySide6.QtCore import Qt

    page = window.questionnaire_page
    session = window.session
    moves: list[float] = []
    cpu: list[float] = []
    answering: list[float] = []
    prepared = 0
    expected: dict[str, Any] = {}
    seen: set[str] = set()
    while True:
        current = page.current_question_id
        if current is None or current in seen:
            raise RuntimeError(f"the walk came back to {current}")
        seen.add(current)
        question = session.questionnaire.question(current)
        if page.question_view.kept_panel(current) is None:
            raise RuntimeError(f"{current} is shown without its panel")
        if pause_ms:
            wait(pause_ms)
        value = chosen_value(session, question)
        expected[current] = value
        answering += answer(window, question, value)
        following = session.neighbour(current, +1)
        if following is None or (limit is not None and len(moves) >= limit):
            break
        prepared += page.question_view.kept_panel(following) is not None
        CPU.clear()
        if PROFILER is not None:
            PROFILER.enable()
        moves.append(frame(window, lambda: key_to_focus(window, Qt.Key.Key_Return)))
        if PROFILER is not None:
            PROFILER.disable()
        cpu += CPU
        if page.current_question_id != following:
            raise RuntimeError(f"Enter on {current} went to {page.current_question_id}, not "
                               f"{following}")
    page.commit_pending()
    wrong = {qid: (v, session.value(qid)) for qid, v in expected.items()
             if session.value(qid) != v}
    if wrong:
        raise RuntimeError(f"answers not saved as given: {wrong}")
    answered, asked = session.progress()
    return {"moves": moves, "cpu": cpu, "answering": answering, "prepared": prepared,
            "answered": answered, "asked": asked}


def walk_warm(window: Any) -> list[float]:
    """The second pass: back to the first question (untimed), Enter through every question
    (no pause), every panel kept from the first."""
    from bench_next_question import frame, key_to_focus, settle
    from PySide6.QtCore import Qt

    page = window.questionnaire_page
    session = window.session
    page.show_question(session.asked_questions()[0].id)
    settle()
    durations = []
    last = session.asked_questions()[-1].id
    while page.current_question_id != last:
        before = page.current_question_id
        durations.append(frame(window, lambda: key_to_focus(window, Qt.Key.Key_Return)))
        if page.current_question_id == before:
            raise RuntimeError(f"Enter did not move from {before}")
    return durations


def child(mode: str, database: str, out: Path, pause_ms: int, limit: int | None,
          profile_out: Path | None = None) -> None:
    global PROFILER  # the walk reads it; one walk per process
    from bench_next_question import open_window

    from app.gui.application import create_application

    if profile_out is not None:
        import cProfile

        PROFILER = cProfile.Profile()
    pause = pause_ms if mode == "pause" else 0
    create_application()
    base = baseline(30 if pause else 100, pause) if limit is None else baseline(3, 0)
    window, store = open_window(database)
    session = window.session
    if session is None or window.questionnaire_page is None:
        raise RuntimeError("the window did not open the fresh draft")
    if session.progress()[0] != 0:
        raise RuntimeError("the draft is not fresh")
    started = time.perf_counter()
    first = walk_first_pass(window, pause, limit)
    first["seconds"] = time.perf_counter() - started
    first["warm"] = walk_warm(window) if limit is None else []
    first["baseline"] = base
    out.write_text(json.dumps(first), encoding="utf-8")
    if PROFILER is not None and profile_out is not None:
        PROFILER.dump_stats(str(profile_out))
    window.close()
    store.close()


# --- the parent: fresh processes, the rows ----------------------------------------------------

def run_child(mode: str, fixture: Path, home: Path, env: dict[str, str], pause_ms: int,
              limit: int | None = None, profile_out: Path | None = None) -> dict[str, Any]:
    database = home / f"walk-{mode}-{time.monotonic_ns()}.sqlite3"
    shutil.copyfile(fixture, database)  # every walk answers a fresh draft
    out = database.with_suffix(".json")
    command = [PYTHON, str(Path(__file__).resolve()), "--child", mode, "--db", str(database),
               "--out", str(out), "--pause-ms", str(pause_ms)]
    if limit is not None:
        command += ["--limit", str(limit)]
    if profile_out is not None:
        command += ["--profile-out", str(profile_out)]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=1800, check=False)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"walk {mode} failed ({done.returncode}):\n{done.stdout[-2000:]}\n"
                           f"{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    database.unlink()
    return result


def main() -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2,
                        help="fresh processes per variant (default 2)")
    parser.add_argument("--pause-ms", type=int, default=1000)
    parser.add_argument("--child", choices=("pause", "nopause"), help=argparse_hidden())
    parser.add_argument("--db", help=argparse_hidden())
    parser.add_argument("--out", type=Path, help=argparse_hidden())
    parser.add_argument("--limit", type=int, help=argparse_hidden())
    parser.add_argument("--profile-out", type=Path, help=argparse_hidden())
    parser.add_argument("--profile", action="store_true",
                        help="also one more walk of each variant with cProfile on during the "
                             "timed moves, and its top entries printed")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.out, args.pause_ms, args.limit, args.profile_out)
        sys.stdout.flush()
        os._exit(0)  # skip interpreter teardown: PySide6 may crash while collecting widgets

    from bench_startup import child_env

    runs = 1 if args.quick else args.runs
    limit = 12 if args.quick else None
    home = isolated_home()
    env = child_env(home)
    try:
        fixture = make_database(home / "practice-20.sqlite3", 20, draft_done=0.0)
        run_child("nopause", fixture.path, home, env, 0, limit=3)  # compile the bytecode
        rows = []
        for mode in ("pause", "nopause"):
            results = []
            for number in range(runs):
                result = run_child(mode, fixture.path, home, env, args.pause_ms, limit)
                results.append(result)
                print(f"{mode} run {number + 1}: {len(result['moves'])} moves, p50 "
                      f"{percentile(result['moves'], 50):.1f} ms, p95 "
                      f"{percentile(result['moves'], 95):.1f} ms, max "
                      f"{max(result['moves']):.1f} ms; baseline p95 "
                      f"{percentile(result['baseline'], 95):.2f} ms; warm p95 "
                      f"{percentile(result['warm'], 95) if result['warm'] else float('nan'):.1f}"
                      f" ms ({result['seconds']:.0f} s)", flush=True)
            rows.append(row(mode, results, args.pause_ms))
            if args.profile:
                stats = home / f"profile-{mode}.pstats"
                profiled = run_child(mode, fixture.path, home, env, args.pause_ms, limit,
                                     profile_out=stats)
                print(f"\nprofile of the first-pass moves, {mode} ({len(profiled['moves'])} "
                      f"moves, cProfile on: times inflated):", flush=True)
                print("\n".join(profile_lines(stats)), flush=True)
                rows[-1].notes.append("profile of the moves: see the script's output")
        report(rows, args.json)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


def profile_lines(path: Path, top: int = 22) -> list[str]:
    """The top entries of a cProfile dump, by cumulative and by own time."""
    import io
    import pstats

    out = []
    for key in ("cumulative", "tottime"):
        stream = io.StringIO()
        pstats.Stats(str(path), stream=stream).sort_stats(key).print_stats(top)
        lines = [line for line in stream.getvalue().splitlines() if line.strip()]
        start = next((i for i, line in enumerate(lines) if "cumtime" in line), 0)
        out += [f"by {key}:", *lines[start:start + top + 1]]
    return out


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


def row(mode: str, results: list[dict[str, Any]], pause_ms: int) -> Row:
    moves = [m for r in results for m in r["moves"]]
    cpu = [c for r in results for c in r["cpu"]]
    base = [b for r in results for b in r["baseline"]]
    warm = [w for r in results for w in r["warm"]]
    answering = [a for r in results for a in r["answering"]]
    p95, base95 = percentile(moves, 95), percentile(base, 95)
    target = TARGETS_MS[mode]
    prepared = sum(r["prepared"] for r in results)
    per_run = ", ".join(f"{percentile(r['moves'], 95):.1f}" for r in results)
    what = (f"next question, first pass, {pause_ms / 1000:g} s reading pause, p95"
            if mode == "pause" else "next question, first pass, no pause, p95")
    first = results[0]
    return Row(what, p95, "ms", base95, "bare Qt window, wrapped label", f"< {target:g} ms",
               passed=p95 < target, notes=[
                   f"{len(moves)} moves in {len(results)} fresh process(es), each through "
                   f"{first['asked']} asked questions of a fresh draft ({first['answered']} "
                   f"answered at the end); p95 per run {per_run} ms; p50 "
                   f"{percentile(moves, 50):.1f} ms, max {max(moves):.1f} ms",
                   f"CPU time per move p50 {percentile(cpu, 50):.1f} ms, p95 "
                   f"{percentile(cpu, 95):.1f} ms",
                   f"{prepared} of {len(moves)} moves found the next question's widgets "
                   f"prepared in advance (made while reading); the others made them on Enter",
                   f"answering (digit key / click / typed number, synced save, repaint): p50 "
                   f"{percentile(answering, 50):.1f} ms, p95 {percentile(answering, 95):.1f} ms",
                   f"warm (second pass, every panel kept; a note, not the figure): p50 "
                   f"{percentile(warm, 50):.1f} ms, p95 {percentile(warm, 95):.1f} ms"
                   if warm else "warm pass not measured (--quick)",
                   f"baseline: {len(base)} moves, p50 {percentile(base, 50):.2f} ms, p95 "
                   f"{base95:.2f} ms",
               ])


if __name__ == "__main__":
    sys.exit(main())
