"""Start to first usable window, against a bare PySide6 app showing one label.

    .venv/bin/python bench/bench_startup.py [--runs 7] [--json FILE] [--quick]

Both are launched as a subprocess (offscreen platform) and timed from just before the launch to
the first event-loop turn after the main window's first paint (``startup_probe.py``); median of
``--runs`` launches, app and baseline alternating. The app opens an existing database of 20
assessments of the real question bank whose newest is a draft answered halfway: it resumes on
that draft's question, as a practice finds it in the morning. Also measured: the same with 500
assessments (growth), and where the time goes (``-X importtime`` of the start path).

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
    """Run the probe once; its READY payload plus ``elapsed`` (seconds from launch)."""
    started = time.time()
    done = subprocess.run([PYTHON, str(PROBE), *arguments], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("READY ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"probe {arguments} failed ({done.returncode}):\n{done.stdout}\n"
                           f"{done.stderr[-3000:]}")
    payload: dict[str, Any] = json.loads(line[len("READY "):])
    payload["elapsed"] = payload["at"] - started
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
        pages: set[str] = set()
        for run in range(runs):
            for name, case in cases.items():
                if name == "app500" and run >= 2:
                    continue  # the growth case: fewer launches (each takes seconds)
                payload = launch(case, env)
                times[name].append(payload["elapsed"])
                cpu[name].append(payload["cpu"])
                if name != "bare":
                    pages.add(str(payload.get("page")))
        for name, values in times.items():
            print(f"{name}: median {median(values):.3f} s  "
                  f"({', '.join(f'{v:.3f}' for v in values)})", flush=True)
        imports = importtime(cases["app20"], env)
        bare, app20, app500 = (median(times[n]) for n in ("bare", "app20", "app500"))
        rows = [Row("start to first usable window (20 assessments)", app20, "s", bare,
                    "bare PySide6 label", "≤ 2x", passed=app20 <= 2 * bare,
                    notes=[f"median of {runs} launches ({len(times['app500'])} with 500 "
                           f"assessments), alternating; resumes on the "
                           f"draft ({', '.join(sorted(pages))})",
                           f"CPU time of the process until usable (less sensitive to a busy "
                           f"machine): app {median(cpu['app20']):.3f} s, bare "
                           f"{median(cpu['bare']):.3f} s, 500 assessments "
                           f"{median(cpu['app500']):.3f} s",
                           f"growth: 500 assessments {app500:.3f} s "
                           f"(+{(app500 - app20) * 1000:.0f} ms for 480 more assessments)",
                           "slowest imports (cumulative): " + "; ".join(imports)]),
                Row("start to first usable window (500 assessments)", app500, "s", bare,
                    "bare PySide6 label", "≤ 2x", passed=app500 <= 2 * bare)]
        report(rows, args.json)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
