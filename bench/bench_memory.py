"""Peak memory of the app after a full assessment, against a bare PySide6 app.

    .venv/bin/python bench/bench_memory.py [--json FILE] [--quick]

Both run as a subprocess (offscreen; ``startup_probe.py``). The app opens a database of 20
assessments whose newest, a fresh draft, it resumes; every question asked is then answered
through the window's questionnaire page and session (the calls a click makes, skip logic
opening the follow-up questions as the profile is answered), then the results and action plan
pages are shown. The figure is the process's peak resident set size (VmHWM; psutil is not
needed). The baseline: the bare app showing one label, measured the same way.
Also (notes): the app's memory when its window is first usable, and with 500 assessments.
"""

from __future__ import annotations

import shutil
import sys
from typing import Any

from bench_startup import child_env, launch
from common import Row, arguments, isolated_home, make_database, median, report


def main() -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    home = isolated_home()
    env = child_env(home)
    try:
        launch(["bare"], env)  # warm the bytecode cache
        bare = [launch(["bare"], env)["peak_mb"] for _ in range(runs)]
        results: dict[str, list[dict[str, Any]]] = {"20": [], "500": []}
        for count in results:
            for run in range(runs if count == "20" else 1):
                path = home / f"practice-{count}-{run}.sqlite3"
                make_database(path, int(count), draft_done=0.0)
                results[count].append(launch(["app", "--db", str(path), "--answer-all"], env))
        first = results["20"][0]
        answered, asked = first["progress"]
        if answered != asked:
            raise RuntimeError(f"the assessment was not completed: {answered}/{asked}")
        peak = median([r["peak_mb"] for r in results["20"]])
        peak500 = median([r["peak_mb"] for r in results["500"]])
        usable = median([r["before_mb"] for r in results["20"]])
        base = median(bare)
        print(f"bare PySide6 label: peak {base:.0f} MB; app after {answered} answers "
              f"({first['status']}): peak {peak:.0f} MB (when usable {usable:.0f} MB); "
              f"500 assessments: peak {peak500:.0f} MB", flush=True)
        rows = [Row("peak memory after a full assessment", peak, "MB", base,
                    "bare PySide6 label", "< 2.5x", passed=peak < 2.5 * base,
                    notes=[f"{answered} questions answered through the window, then results "
                           f"and action plan shown; RSS when the window was first usable "
                           f"{usable:.0f} MB",
                           f"growth: with 500 assessments in the database, peak "
                           f"{peak500:.0f} MB"])]
        report(rows, args.json)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
