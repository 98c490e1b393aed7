"""Every benchmark of docs/benchmarks.md, one after the other, and the summary table.

    make bench
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/run_all.py [--quick] [--markdown FILE]
                                                                [--only usable,save,...]
                                                                [--headline]

The three headline rows (issue 20: what a user feels) come first: ``usable``
(bench_usable_window.py), ``first-pass`` (bench_first_pass.py) and ``first-report``
(bench_first_report.py); ``--headline`` runs only them. The other scripts are secondary notes.

Each script runs in its own process (so that one's imports and memory never colour the next),
prints its own figures and notes, and hands its rows back as JSON. ``bench_auditor_list.py``
(the auditor's list at 10,000 assessments) is run too when it exists, and its output included.
The summary table puts each figure next to its baseline from the same run, the ratio, the
target and PASS / MISS. The machine's load is printed before and after: the figures are wall
times, and another program busy on a 2-core machine shows in them.

Exit status: 0 when every script ran (whatever the figures), 1 when one failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PYTHON, ROOT, Row, table

BENCH = Path(__file__).resolve().parent
SCRIPTS: dict[str, str] = {
    "usable": "bench_usable_window.py",
    "first-pass": "bench_first_pass.py",
    "first-report": "bench_first_report.py",
    "startup": "bench_startup.py",
    "save": "bench_save.py",
    "next": "bench_next_question.py",
    "report": "bench_report.py",
    "memory": "bench_memory.py",
}
HEADLINE = ("usable", "first-pass", "first-report")
AUDITOR_LIST = BENCH / "bench_auditor_list.py"
TIMEOUT = 1800


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def machine() -> str:
    from PySide6 import __version__ as pyside

    return (f"{platform.platform()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, PySide6 {pyside}")


def run(script: Path, arguments: list[str], env: dict[str, str]) -> tuple[int, str, float]:
    """Run one script, echoing its output as it comes; (exit code, output, seconds)."""
    started = time.perf_counter()
    process = subprocess.Popen([PYTHON, str(script), *arguments], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        if "propagateSizeHints" in line:  # the offscreen platform's harmless complaint
            continue
        print("    " + line, end="", flush=True)
        lines.append(line)
    code = process.wait(timeout=TIMEOUT)
    return code, "".join(lines), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs of everything (a smoke test, not figures to keep)")
    parser.add_argument("--only", help="comma-separated: " + ", ".join(SCRIPTS))
    parser.add_argument("--headline", action="store_true",
                        help="only the three headline benchmarks: " + ", ".join(HEADLINE))
    parser.add_argument("--markdown", type=Path,
                        help="also write the summary table (markdown) to this file")
    args = parser.parse_args()
    if args.headline and not args.only:
        args.only = ",".join(HEADLINE)
    chosen = list(SCRIPTS) if not args.only else [s.strip() for s in args.only.split(",")]
    unknown = [name for name in chosen if name not in SCRIPTS]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; choose among "
                     f"{', '.join(SCRIPTS)}")

    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    print(f"machine: {machine()}")
    print(f"load average at start: {load()}", flush=True)
    rows: list[Row] = []
    headline: list[Row] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cybercabinet-bench-run-") as folder:
        for name in chosen:
            script = BENCH / SCRIPTS[name]
            out = Path(folder) / f"{name}.json"
            print(f"\n== {script.name}", flush=True)
            code, _output, seconds = run(script, ["--json", str(out)]
                                         + (["--quick"] if args.quick else []), env)
            print(f"   ({seconds:.0f} s)", flush=True)
            if code != 0 or not out.exists():
                failures.append(f"{script.name} (exit {code})")
                continue
            produced = [Row.from_json(item) for item in json.loads(out.read_text("utf-8"))]
            (headline if name in HEADLINE else rows).extend(produced)

        auditor_output = ""
        if AUDITOR_LIST.exists() and not args.only:
            print(f"\n== {AUDITOR_LIST.name}", flush=True)
            out = Path(folder) / "auditor.json"
            source = AUDITOR_LIST.read_text(encoding="utf-8")
            extra = ["--json", str(out)] if "--json" in source else []
            code, auditor_output, seconds = run(AUDITOR_LIST, extra, env)
            print(f"   ({seconds:.0f} s)", flush=True)
            if code != 0:
                failures.append(f"{AUDITOR_LIST.name} (exit {code})")
            if out.exists():
                # Rows in our format if it writes them; otherwise its output above is the record.
                with contextlib.suppress(ValueError, TypeError, KeyError):
                    rows += [Row.from_json(item)
                             for item in json.loads(out.read_text("utf-8"))]
        elif not args.only:
            print(f"\n({AUDITOR_LIST.name} does not exist yet: the auditor list row is "
                  "not measured)")

    print(f"\nload average at the end: {load()}; total {time.perf_counter() - started:.0f} s")
    print("\nSummary\n")
    if headline:
        print("Headline: what a user feels (issue 20)\n")
        print(table(headline))
        if rows:
            print("\nSecondary\n")
    if rows:
        print(table(rows))
    if auditor_output and not any("auditor" in r.what.lower() for r in rows):
        print(f"\n(auditor list: see the output of {AUDITOR_LIST.name} above)")
    for failure in failures:
        print(f"FAILED: {failure}")
    if args.markdown is not None:
        parts = [table(part, markdown=True) for part in (headline, rows) if part]
        args.markdown.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
