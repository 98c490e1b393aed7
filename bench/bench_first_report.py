"""The first signed report of a session, imports included, in a fresh process, against a minimal
ReportLab PDF in a fresh process (issue 20, row 3).

    .venv/bin/python bench/bench_first_report.py [--runs 5] [--json FILE] [--quick] [--profile]

What a practice feels the first time it signs a report after starting the app: nothing of
ReportLab, pyHanko or the fonts is loaded yet. Each launch is a fresh interpreter
(``report_probe.py report``), timed from just before the launch to the signed file written:
the domain modules, the real question bank (``questionnaires/cabinet-medical``, 2026.2) loaded
from the catalog and the assessment's snapshot (every asked question answered with a
realistic mix, notes, a few actions taken in hand; French), then what "Sign the report" runs
off the window's UI thread (``app/gui/report_actions.py``): the reporting modules imported,
``load_identity`` (a PKCS#12 identity made beforehand by the app's own ``create_identity``:
RSA 3072, the app's default, PBKDF2-protected), ``build_report`` (every section, charts,
fonts embedded, signature fields), ``sign_pdf`` (PAdES) and ``replace_atomically``.
The figure counts the interpreter's start and the domain too, which an open window has
already paid; a note gives the part after the click alone.

The baseline: a fresh interpreter importing ReportLab and writing a minimal one-page PDF
(``report_probe.py baseline``), launched and timed the same way. Median, minimum and maximum
of ``--runs`` launches each, alternating, after one untimed launch of each (bytecode compiled
and cached in a private folder, as a real install ships it: ``bench_startup.child_env``).

``--profile``: one more report launch under py-spy (if found on PATH or in
/tmp/cybercabinet-prof/bin) or cProfile, and its top entries printed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from bench_startup import child_env
from bench_usable_window import cprofile_top, find_py_spy, py_spy_top, spread
from common import PYTHON, ROOT, Row, arguments, isolated_home, median, report

PROBE = Path(__file__).with_name("report_probe.py")
PASSPHRASE = "bench-passphrase-1"  # noqa: S105 (a throwaway test identity)
TARGET_SECONDS = 2.0
TIMEOUT = 300
STEPS = ("main", "domain imported", "session", "reporting imported", "identity opened",
         "report built", "signed", "written")


def prepare(home: Path) -> tuple[Path, Path, int]:
    """The identity (made by the app's own code) and the answers the child reads; the number
    of asked questions."""
    from app.domain.action_plan import build_action_plan
    from app.domain.answers import value_to_json
    from app.domain.catalog import get_entry
    from app.domain.scoring import score_assessment
    from app.reporting.signatures import create_identity
    from tests.reporting.helpers import mixed_answers

    identity = home / "identities" / "dr-bench.p12"
    identity.parent.mkdir(parents=True, exist_ok=True)
    create_identity(name="Dr Zoë Bench", role="Médecin responsable",
                    practice="Cabinet médical du Lac", email="bench@example.ch",
                    passphrase=PASSPHRASE, path=identity)
    questionnaire = get_entry("cabinet-medical").questionnaire
    answers = mixed_answers(questionnaire)
    plan = build_action_plan(score_assessment(questionnaire,
                                              {k: a.value for k, a in answers.items()}))
    data = {"questionnaire": questionnaire.id, "version": questionnaire.version,
            "language": "fr", "actions": [p.key for p in plan[1:8:3]],
            "answers": {qid: [value_to_json(a.value), a.note] for qid, a in answers.items()}}
    path = home / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return identity, path, len(answers)


def launch(arguments: list[str], env: dict[str, str],
           prefix: list[str] | None = None) -> dict[str, Any]:
    """One fresh process; its DONE payload with ``elapsed`` (launch to file written) and
    ``steps`` (seconds from the launch to the end of each step)."""
    started = time.time()
    done = subprocess.run([*(prefix or [PYTHON]), str(PROBE), *arguments], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("DONE ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"probe {arguments[:2]} failed ({done.returncode}):\n"
                           f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    payload: dict[str, Any] = json.loads(line[len("DONE "):])
    payload["steps"] = {name: at - started for name, at in payload["stamps"].items()}
    payload["elapsed"] = payload["steps"]["written"]
    return payload


def phases(results: list[dict[str, Any]]) -> str:
    """Median duration of each step, from the launch."""
    parts = []
    previous = "launch"
    for name in STEPS:
        durations = [r["steps"][name] - (r["steps"][previous] if previous != "launch" else 0.0)
                     for r in results]
        parts.append(f"{previous} → {name} {median(durations):.3f} s")
        previous = name
    return "; ".join(parts)


def profile(arguments: list[str], env: dict[str, str], top: int = 30) -> list[str]:
    py_spy = find_py_spy()
    with tempfile.TemporaryDirectory(prefix="cybercabinet-profile-") as folder:
        if py_spy is not None:
            out = Path(folder) / "profile.txt"
            try:
                launch(arguments, env, [py_spy, "record", "--format", "raw", "--rate", "500",
                                        "--nonblocking", "--output", str(out), "--", PYTHON])
                return py_spy_top(out.read_text(encoding="utf-8"), top)
            except (RuntimeError, OSError) as error:
                print(f"(py-spy failed: {str(error)[-300:]}; cProfile instead)", flush=True)
        out = Path(folder) / "profile.pstats"
        launch(arguments, env, [PYTHON, "-m", "cProfile", "-o", str(out)])
        return cprofile_top(out, top)


def main() -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true",
                        help="also profile one report launch (py-spy or cProfile)")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    home = isolated_home()
    env = child_env(home)
    env["BENCH_IDENTITY_PASSPHRASE"] = PASSPHRASE
    try:
        identity, answers, answered = prepare(home)
        out = home / "signed.pdf"
        cases = {"baseline": ["baseline", str(home / "plain.pdf")],
                 "report": ["report", str(out), "--identity", str(identity),
                            "--answers", str(answers)]}
        for case in cases.values():  # untimed: compile and cache the bytecode
            launch(case, env)
        results: dict[str, list[dict[str, Any]]] = {name: [] for name in cases}
        for _run in range(runs):
            for name, case in cases.items():
                results[name].append(launch(case, env))
        times = {name: [r["elapsed"] for r in values] for name, values in results.items()}
        for name, values in times.items():
            print(f"{name}: {spread(values)}; CPU median "
                  f"{median([r['cpu'] for r in results[name]]):.3f} s", flush=True)
        signed = out.read_bytes()
        with warnings.catch_warnings():  # pyHanko's import warns about DSA (not ours to show)
            warnings.simplefilter("ignore")
            from bench_report import page_count

            from app.reporting.signatures import verify_pdf

        check = verify_pdf(signed)
        if len(check.signatures) != 1:
            raise RuntimeError(f"the report is not signed once: {check}")
        pages = page_count(signed)
        figure, base = median(times["report"]), median(times["baseline"])
        click = [r["steps"]["written"] - r["steps"]["session"] for r in results["report"]]
        print(f"phases (median, from the launch): {phases(results['report'])}", flush=True)
        notes = [
            f"{runs} fresh launches each, alternating: {spread(times['report'])}; baseline "
            f"{spread(times['baseline'])}",
            f"{pages} pages, {len(signed) // 1024} KiB, one valid signature (verify_pdf); "
            f"{answered} answers, French, charts",
            "steps (median): " + phases(results["report"]),
            f"after the click alone (the window already holding the domain, the bank and the "
            f"snapshot; reporting imports, identity, build, sign, write): median "
            f"{median(click):.3f} s",
            f"CPU time of the process: {median([r['cpu'] for r in results['report']]):.3f} s, "
            f"baseline {median([r['cpu'] for r in results['baseline']]):.3f} s",
        ]
        if args.profile:
            print("\n".join(profile(cases["report"], env)), flush=True)
            notes.append("profile of one launch: see the script's output")
        rows = [Row("first signed report of a session (fresh process, imports included)",
                    figure, "s", base, "ReportLab one-page PDF, fresh process",
                    f"< {TARGET_SECONDS:g} s", passed=figure < TARGET_SECONDS, notes=notes)]
        report(rows, args.json)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
