"""Start to first usable window, against a bare PySide6 app showing one label.

    .venv/bin/python bench/bench_startup.py [--runs 7] [--json FILE] [--quick]

Both are launched as a subprocess (offscreen platform) and timed from just before the launch
(``startup_probe.py``); median of ``--runs`` launches, app and baseline alternating. Two
figures, each against the same bare app:

- "first window painted (responsive)": to the first event-loop turn after the main window's
  first paint. The window shows its start page saying the database is opening; the event loop
  runs (storage is imported on a background thread meanwhile, ``app.gui.startup``).
- "database open, the assessments listed": to the first event-loop turn after the window's
  next paint once it says it is ready: the database open, the start page filled with the
  assessments, and the window back on the draft's question.

The app opens an existing database of 20 assessments of the real question bank whose newest
is a draft answered halfway: it resumes on that draft's question, as a practice finds it in
the morning. Also measured: the same with 500 assessments (growth), and where the time goes
(``-X importtime`` of the start path).

Bytecode: the sandbox sets PYTHONDONTWRITEBYTECODE, which a real install does not have (the
bundle ships compiled modules). The children run with bytecode caching on, in a private cache
folder (PYTHONPYCACHEPREFIX), warmed by one untimed launch of each.
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

PROBE = Path(__file__).with_name("startup_probe.py")
TIMEOUT = 120


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["CYBERCABINET_HOME"] = str(home)
    env.setdefault("LANGUAGE", "en")
    return env


def launch(arguments: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run the probe once; its READY payload plus ``elapsed`` (seconds from launch) and
    ``painted`` (its PAINTED payload, with its own ``elapsed``)."""
    started = time.time()
    done = subprocess.run([PYTHON, str(PROBE), *arguments], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("READY ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"probe {arguments} failed ({done.returncode}):\n{done.stdout}\n"
                           f"{done.stderr[-3000:]}")
    payload: dict[str, Any] = json.loads(line[len("READY "):])
    payload["elapsed"] = payload["at"] - started
    first = next((x for x in done.stdout.splitlines() if x.startswith("PAINTED ")), line)
    painted: dict[str, Any] = json.loads(first.split(" ", 1)[1])
    painted["elapsed"] = painted["at"] - started
    payload["painted"] = painted
    return payload


def importtime(arguments: list[str], env: dict[str, str], top: int = 12) -> list[str]:
    """The slowest top-level imports of one launch (cumulative, ms)."""
    done = subprocess.run([PYTHON, "-X", "importtime", str(PROBE), *arguments], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT,
                          check=False)
    rows: list[tuple[int, str]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _self, cumulative, name = (part.strip() for part in line[12:].split("|"))
        if cumulative.isdigit() and not name.startswith(" "):
            depth = len(line.split("|")[2]) - len(line.split("|")[2].lstrip())
            if depth <= 1:
                rows.append((int(cumulative), name.strip()))
    rows.sort(reverse=True)
    return [f"{name} {us / 1000:.0f} ms" for us, name in rows[:top]]


def main() -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    home = isolated_home()
    env = child_env(home)
    try:
        small = make_database(home / "practice-20.sqlite3", 20).path
        large = make_database(home / "practice-500.sqlite3", 500).path
        cases = {"bare": ["bare"], "app20": ["app", "--db", str(small)],
                 "app500": ["app", "--db", str(large)]}
        for name in ("bare", "app20"):  # warm the bytecode cache (shared by app500)
            launch(cases[name], env)
        times: dict[str, list[float]] = {name: [] for name in cases}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        first: dict[str, list[float]] = {name: [] for name in cases}
        first_cpu: dict[str, list[float]] = {name: [] for name in cases}
        pages: set[str] = set()
        for run in range(runs):
            for name, case in cases.items():
                if name == "app500" and run >= 2:
                    continue  # the growth case: fewer launches (each takes seconds)
                payload = launch(case, env)
                times[name].append(payload["elapsed"])
                cpu[name].append(payload["cpu"])
                first[name].append(payload["painted"]["elapsed"])
                first_cpu[name].append(payload["painted"]["cpu"])
                if name != "bare":
                    pages.add(f"{payload['painted'].get('page')} → {payload.get('page')}")
        for name in cases:
            print(f"{name}: painted median {median(first[name]):.3f} s "
                  f"({', '.join(f'{v:.3f}' for v in first[name])}); ready median "
                  f"{median(times[name]):.3f} s ({', '.join(f'{v:.3f}' for v in times[name])})",
                  flush=True)
        imports = importtime(cases["app20"], env)
        bare, app20, app500 = (median(times[n]) for n in ("bare", "app20", "app500"))
        bare1, first20, first500 = (median(first[n]) for n in ("bare", "app20", "app500"))

        def cpu_note(values: dict[str, list[float]]) -> str:
            return (f"CPU time of the process until then (less sensitive to a busy machine): "
                    f"app {median(values['app20']):.3f} s, bare {median(values['bare']):.3f} s, "
                    f"500 assessments {median(values['app500']):.3f} s")

        rows = [Row("first window painted, responsive (20 assessments)", first20, "s", bare1,
                    "bare PySide6 label", "≤ 2x", passed=first20 <= 2 * bare1,
                    notes=[f"median of {runs} launches ({len(times['app500'])} with 500 "
                           f"assessments), alternating; the start page says the database is "
                           f"opening, its actions disabled; pages: {', '.join(sorted(pages))}",
                           cpu_note(first_cpu),
                           f"growth: 500 assessments {first500:.3f} s"]),
                Row("database open, the assessments listed (20 assessments)", app20, "s", bare,
                    "bare PySide6 label", "—",
                    notes=["then also back on the draft's question (the window's ready signal, "
                           "then its next paint)", cpu_note(cpu),
                           f"growth: 500 assessments {app500:.3f} s "
                           f"(+{(app500 - app20) * 1000:.0f} ms for 480 more assessments)",
                           "slowest imports (cumulative): " + "; ".join(imports)]),
                Row("database open, the assessments listed (500 assessments)", app500, "s",
                    bare, "bare PySide6 label", "—")]
        report(rows, args.json)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
