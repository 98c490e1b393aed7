"""Time to a usable window, against a bare PySide6 app showing one label (issue 20, row 1).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_usable_window.py [--runs 7]
                                                      [--json FILE] [--quick] [--profile]

What a person feels when they start CyberCabinet in the morning: from the launch of the process
to the window they can work in, with its database open, the assessments listed and the
actions enabled. A window painted while the database still opens, its buttons disabled, is
*not* that window (``bench_startup.py`` times it, as a secondary figure).

Both the app (``python bench/startup_probe.py app --db FILE``, i.e. ``app.cli.main.main``, the
app's own start path) and the baseline (a bare PySide6 app showing one ``QLabel``) are launched
as fresh processes and timed from just before the launch to the first event-loop turn after the
window's paint at that moment: for the app, the paint that follows its ``ready`` signal.
At that moment the probe reads what the window shows, through public accessors, and a launch
only counts if the window is usable: database open, no modal dialog, the start page on screen
with the 20 assessments in its list and its buttons ("Continue", "New assessment", "All
assessments") enabled. Median, minimum and maximum of ``--runs`` launches, app and baseline
alternating, after one untimed launch of each (bytecode compiled, see below).

The database holds 20 assessments of the real question bank (19 signed, the newest a draft
answered halfway) and the window's settings say the person last left it on its start page with
that draft open: it opens on the start page, the draft's session made behind it. A note gives
the other morning: the window resuming on the draft's question (its answer buttons enabled).

Bytecode: the sandbox sets PYTHONDONTWRITEBYTECODE, which a real install does not have (the
bundle ships compiled modules). The children run with bytecode caching on, in a private cache
folder (PYTHONPYCACHEPREFIX), warmed by the untimed launches.

``--profile``: one more launch of the app under py-spy (all threads, if py-spy is found on PATH
or in /tmp/cybercabinet-prof/bin) or else cProfile (the GUI thread only: the storage imports
made on the warm-up thread are then missing from it), and its top entries printed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench_startup import PROBE, TIMEOUT, child_env, launch
from common import (
    PYTHON,
    ROOT,
    Row,
    arguments,
    isolated_home,
    make_database,
    median,
    report,
)

TARGET_RATIO = 4.0
TARGET_SECONDS = 1.0
ASSESSMENTS = 20
PROFILER_DIRS = (Path("/tmp/cybercabinet-prof/bin"),)


def write_settings(home: Path, draft_id: str, page: int) -> None:
    """The window's settings as the app leaves them when closed on ``page`` with ``draft_id``
    open (``app.gui.settings``: an ini file in the data folder)."""
    (home / "window.ini").write_text(
        f"[General]\nlanguage=en\n\n[window]\nlast_assessment={draft_id}\nlast_page={page}\n",
        encoding="utf-8")


def usable_on_list(payload: dict[str, Any]) -> bool:
    facts = payload.get("usable", {})
    return bool(facts.get("database_open") and facts.get("window_enabled")
                and facts.get("list_shown") and facts.get("list_rows") == ASSESSMENTS
                and facts.get("start_actions_enabled"))


def usable_on_question(payload: dict[str, Any]) -> bool:
    facts = payload.get("usable", {})
    return bool(facts.get("database_open") and facts.get("window_enabled")
                and facts.get("page") == "QUESTIONNAIRE" and facts.get("questionnaire_enabled"))


def spread(values: list[float]) -> str:
    return (f"median {median(values):.3f} s, min {min(values):.3f}, max {max(values):.3f} "
            f"({', '.join(f'{v:.3f}' for v in values)})")


def find_py_spy() -> str | None:
    found = shutil.which("py-spy")
    if found:
        return found
    for folder in PROFILER_DIRS:
        if (folder / "py-spy").exists():
            return str(folder / "py-spy")
    return None


def profile(arguments: list[str], env: dict[str, str], top: int = 25) -> list[str]:
    """Where the time of one launch goes: py-spy (every thread) if available, else cProfile."""
    py_spy = find_py_spy()
    with tempfile.TemporaryDirectory(prefix="cybercabinet-profile-") as folder:
        if py_spy is not None:
            out = Path(folder) / "profile.txt"
            done = subprocess.run(
                [py_spy, "record", "--format", "raw", "--rate", "250", "--nonblocking", "--threads",
                 "--output", str(out), "--", PYTHON, str(PROBE), *arguments],
                env=env, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, check=False)
            if done.returncode == 0 and out.exists():
                return py_spy_top(out.read_text(encoding="utf-8"), top)
            print(f"(py-spy failed, exit {done.returncode}: {done.stderr.strip()[-300:]}; "
                  "cProfile instead)", flush=True)
        out = Path(folder) / "profile.pstats"
        subprocess.run([PYTHON, "-m", "cProfile", "-o", str(out), str(PROBE), *arguments],
                       env=env, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT,
                       check=False)
        return cprofile_top(out, top)


def phases(arguments: list[str], env: dict[str, str]) -> list[str]:
    """The steps of one launch's start path, from the launch (``startup_probe.py --phases``)."""
    import json
    import time

    started = time.time()
    done = subprocess.run([PYTHON, str(PROBE), *arguments, "--phases"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)
    lines = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in done.stdout.splitlines()
             if line.split(" ", 1)[0] in ("PAINTED", "READY", "PHASES")}
    if done.returncode != 0 or "PHASES" not in lines:
        return [f"(phases not measured: exit {done.returncode}, {done.stderr[-300:]})"]
    steps = sorted(json.loads(lines["PHASES"]), key=lambda step: step["at"])
    out = ["steps of one launch (from the launch; wall, CPU; nested steps indented):"]
    ends: list[float] = []
    for step in steps:
        begin = step["at"] - started
        while ends and begin >= ends[-1] - 1e-4:
            ends.pop()
        out.append(f"  {'  ' * len(ends)}{begin:6.3f} s  {step['what']}: {step['ms']:.0f} ms, "
                   f"CPU {step['cpu_ms']:.0f} ms")
        ends.append(begin + step["ms"] / 1000)
    for tag in ("PAINTED", "READY"):
        if tag in lines:
            payload = json.loads(lines[tag])
            out.append(f"  {payload['at'] - started:6.3f} s  {tag} (CPU {payload['cpu']:.3f} s)")
    return out


def cprofile_top(path: Path, top: int) -> list[str]:
    import io
    import pstats

    stream = io.StringIO()
    stats = pstats.Stats(str(path), stream=stream)
    stats.sort_stats("cumulative").print_stats(top)
    lines = [line for line in stream.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if "cumtime" in line), 0)
    return ["cProfile (GUI thread), by cumulative time:", *lines[start:start + top + 1]]


def py_spy_top(raw: str, top: int) -> list[str]:
    """Inclusive samples per function from py-spy's collapsed stacks (one line per stack, the
    thread first with ``--threads``), line numbers and the import machinery's frames left out."""
    inclusive: dict[str, int] = {}
    threads: dict[str, int] = {}
    packages: dict[str, int] = {}
    total = 0
    for line in raw.splitlines():
        stack, _sep, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = stack.split(";")
        if frames and frames[0].startswith("thread ("):
            thread = frames.pop(0)
            threads[thread] = threads.get(thread, 0) + count
        names = [re.sub(r":\d+\)$", ")", frame) for frame in frames
                 if frame.strip() and "<frozen importlib" not in frame]
        for name in dict.fromkeys(names):  # once per stack, however deep the recursion
            inclusive[name] = inclusive.get(name, 0) + count
        package = _package(names[-1]) if names else "(import machinery)"
        packages[package] = packages.get(package, 0) + count
    ranked = sorted(inclusive.items(), key=lambda item: -item[1])
    out = [f"py-spy, {total} samples (inclusive share of the samples; the import machinery's "
           "frames left out):"]
    out += [f"  {name}: {count / max(total, 1):.0%} of the samples" for name, count in
            sorted(threads.items(), key=lambda item: -item[1])]
    out += [f"  {count / max(total, 1):6.1%}  {name}" for name, count in ranked[:top]]
    out.append("  self time by package (the innermost frame's; imports included):")
    out += [f"  {count / max(total, 1):6.1%}  {name}" for name, count in
            sorted(packages.items(), key=lambda item: -item[1])[:15]]
    return out


def _package(frame: str) -> str:
    """``f (sqlalchemy/orm/x.py)`` → ``sqlalchemy``; ``f (app/storage/x.py)`` → ``app/storage``;
    a module of the standard library (no folder) → ``(stdlib) name``."""
    match = re.search(r"\(([^()]*)\)$", frame)
    path = match.group(1) if match else frame
    parts = path.split("/")
    if len(parts) == 1:
        return f"(stdlib) {parts[0]}"
    return "/".join(parts[:2]) if parts[0] in ("app", "bench", "tests") else parts[0]


def main() -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true",
                        help="also profile one launch of the app (py-spy or cProfile)")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    home = isolated_home()
    env = child_env(home)
    try:
        fixture = make_database(home / f"practice-{ASSESSMENTS}.sqlite3", ASSESSMENTS)
        app_case = ["app", "--db", str(fixture.path)]
        pages = {"list": 0, "question": 1}  # app.gui.pages.Page.START, .QUESTIONNAIRE

        def run(name: str) -> dict[str, Any]:
            if name == "bare":
                return launch(["bare"], env)
            write_settings(home, fixture.draft_id, pages[name])
            return launch(app_case, env)

        for name in ("bare", "list", "question"):  # untimed: compile and cache the bytecode
            run(name)
        times: dict[str, list[float]] = {"bare": [], "list": [], "question": []}
        cpu: dict[str, list[float]] = {"bare": [], "list": [], "question": []}
        painted: list[float] = []
        for _run in range(runs):
            for name in times:
                payload = run(name)
                if name == "list" and not usable_on_list(payload):
                    raise RuntimeError(f"the window was not usable at READY: {payload}")
                if name == "question" and not usable_on_question(payload):
                    raise RuntimeError(f"the window was not usable at READY: {payload}")
                times[name].append(payload["elapsed"])
                cpu[name].append(payload["cpu"])
                if name == "list":
                    painted.append(payload["painted"]["elapsed"])
        for name, values in times.items():
            print(f"{name}: {spread(values)}; CPU median {median(cpu[name]):.3f} s", flush=True)
        bare, usable, question = (median(times[n]) for n in ("bare", "list", "question"))
        passed = usable <= TARGET_RATIO * bare and usable < TARGET_SECONDS
        notes = [
            f"{runs} fresh launches each, alternating with the baseline; usable window: "
            f"{spread(times['list'])}; baseline: {spread(times['bare'])}",
            f"each launch checked at READY: database open, nothing modal, the start page on "
            f"screen listing the {ASSESSMENTS} assessments, Continue / New assessment / All "
            f"assessments enabled",
            f"CPU time of the process until then: app {median(cpu['list']):.3f} s, bare "
            f"{median(cpu['bare']):.3f} s",
            f"the window's first paint (start page saying the database is opening, actions "
            f"disabled: not usable) came at {median(painted):.3f} s",
            f"resuming on the draft's question instead (answer buttons enabled): "
            f"{spread(times['question'])}, {question / bare:.2f}x",
            f"targets: ≤ {TARGET_RATIO:g}x the bare label ({TARGET_RATIO * bare:.3f} s here) "
            f"and < {TARGET_SECONDS:g} s",
        ]
        if args.profile:
            write_settings(home, fixture.draft_id, pages["list"])
            lines = phases(app_case, env)
            write_settings(home, fixture.draft_id, pages["list"])
            lines += profile(app_case, env)
            print("\n".join(lines), flush=True)
            notes.append("profile of one launch: see the script's output")
        rows = [Row(f"time to a usable window ({ASSESSMENTS} assessments listed, actions "
                    "enabled)", usable, "s", bare, "bare PySide6 label",
                    f"≤ {TARGET_RATIO:g}x and < {TARGET_SECONDS:g} s", passed=passed,
                    notes=notes)]
        report(rows, args.json)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if os.environ.get("QT_QPA_PLATFORM") is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.exit(main())
