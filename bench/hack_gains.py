"""What each speed-up that reaches into a library gains on its headline row, with it and without
it (issue 20: one stays only if it gives at least 10 % of its row).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/hack_gains.py report [--runs 41]
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/hack_gains.py first-report [--runs 9]
    .venv/bin/python bench/hack_gains.py sqlcipher [--runs 15]
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/hack_gains.py startup [--runs 11]

``report``: the row of ``bench_report.py`` (open the identity, build the report of the real bank
in French, sign it: CPU time, the machine being shared), with every speed-up on and with each
one off in turn (``_report_variants``), every variant once per round in a shuffled order; the
gain is the median over the rounds of the time saved in the step the speed-up touches, as a
share of the row without it. ``first-report``: the same, each launch a fresh interpreter (the
first report of a session, imports included). ``sqlcipher``: opening an encrypted database
(with its backup) and the first listing, then saving answers, with one keyed connection per
opening and with a keyed connection per use. ``startup``: ``startup_probe.py``'s two moments
(first window, usable window), with the window painted before the database is opened and
without. Removed speed-ups were measured by the same script before their removal; their
figures are in docs/report.md, docs/startup.md and docs/security.md.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PASSPHRASE = "bench-passphrase-1"  # noqa: S105 (a throwaway test identity)


def _report_variants() -> dict[str, Callable[[], contextlib.AbstractContextManager[Any]]]:
    """Each speed-up of the report that reaches into a library, as a context that turns it off
    (the rest of the code is the same)."""
    from pyhanko.sign import signers
    from reportlab.platypus import Paragraph

    from app.reporting import flowables
    from app.reporting.signatures import sign

    @contextlib.contextmanager
    def patched(owner: Any, name: str, value: Any) -> Iterator[None]:
        before = owner.__dict__[name] if name in owner.__dict__ else getattr(owner, name)
        setattr(owner, name, value)
        try:
            yield
        finally:
            setattr(owner, name, before)

    def uncached_wrap(self: Any, width: float, height: float) -> Any:
        self.frags = self._parsed_frags  # the hyphen fix stays: only the cache goes
        return Paragraph.wrap(self, width, height)

    return {
        "(a) line-break cache (flowables.Para)":
            lambda: patched(flowables.Para, "wrap", uncached_wrap),
        "(b) markup read once per shape (markup.fragments)":
            lambda: patched(flowables, "fragments", lambda text, style: None),
        "(d) sign_raw overridden (sign._open_key_signer)":
            lambda: patched(sign, "_open_key_signer", lambda key: signers.SimpleSigner),
    }


def report_gains(runs: int) -> None:
    from app.domain.action_plan import build_action_plan
    from app.domain.catalog import get_entry
    from app.domain.scoring import score_assessment
    from app.reporting.report import build_report
    from app.reporting.signatures import create_identity, load_identity, sign_pdf
    from tests.reporting.helpers import (
        GENERATED_AT,
        make_snapshot,
        mixed_answers,
        sample_action_states,
    )

    questionnaire = get_entry("cabinet-medical").questionnaire
    answers = mixed_answers(questionnaire)
    plan = build_action_plan(score_assessment(
        questionnaire, {k: a.value for k, a in answers.items()}))
    snapshot = make_snapshot(questionnaire, answers,
                             actions=sample_action_states([p.key for p in plan[1:8:3]]))
    folder = Path(tempfile.mkdtemp(prefix="hack-gains-"))
    identity_path = folder / "dr-bench.p12"
    create_identity(name="Dr Zoë Bench", role="Médecin responsable",
                    practice="Cabinet médical du Lac", email="bench@example.ch",
                    passphrase=PASSPHRASE, path=identity_path)

    def built() -> bytes:
        return build_report(snapshot, questionnaire, language="fr", generated_at=GENERATED_AT)

    variants: dict[str, Callable[[], contextlib.AbstractContextManager[Any]]] = {
        "all on": contextlib.nullcontext, **_report_variants()}
    reference = built()
    for name, off in variants.items():
        with off():
            sign_pdf(built(), load_identity(identity_path, PASSPHRASE), "", language="fr")
            same = built() == reference  # the first calls above: imports, fonts, caches
        print(f"{name}: report bytes {'identical' if same else 'DIFFER'} without it", flush=True)
    # times[variant][step]: one value per round
    times: dict[str, dict[str, list[float]]] = {
        name: {"identity": [], "build": [], "sign": []} for name in variants}
    order = list(variants.items())
    shuffle = random.Random(20).shuffle
    for _round in range(runs):
        shuffle(order)  # no variant always runs right after another
        for name, off in order:
            with off():
                gc.collect()
                steps = times[name]
                start = time.process_time()
                identity = load_identity(identity_path, PASSPHRASE)
                steps["identity"].append(time.process_time() - start)
                start = time.process_time()
                pdf = built()
                steps["build"].append(time.process_time() - start)
                start = time.process_time()
                sign_pdf(pdf, identity, "", language="fr")
                steps["sign"].append(time.process_time() - start)
    _print_gains(times, runs)


def _print_gains(times: dict[str, dict[str, list[float]]], runs: int) -> None:
    """The row is identity + build + sign (CPU time: the machine is shared). A speed-up's saved
    time is the median over the rounds of the difference, in the same round, of the steps it
    touches (paired: a busier moment weighs on both sides); its gain is that saving as a share
    of the row without it."""
    def row(name: str) -> list[float]:
        steps = times[name]
        return [sum(values) for values in zip(*steps.values(), strict=True)]

    on = times["all on"]
    medians = {step: statistics.median(values) for step, values in on.items()}
    total = statistics.median(row("all on"))
    print(f"\nreport + signature (CPU time), {runs} rounds, variants shuffled in each round; all "
          f"on: {total:.3f} s (identity {medians['identity']:.3f} + build "
          f"{medians['build']:.3f} + sign {medians['sign']:.3f})")
    for name in times:
        if name == "all on":
            continue
        touched = "sign" if "sign" in name else "build"
        saved = sorted(off - mine for mine, off in zip(
            on[touched], times[name][touched], strict=True))
        low, middle, high = statistics.quantiles(saved, n=4)
        whole = statistics.median(off - mine for mine, off in zip(
            row("all on"), row(name), strict=True))
        without = total + middle
        print(f"  {name}: saves {middle * 1000:.0f} ms of the {touched} step "
              f"[quartiles {low * 1000:.0f} {high * 1000:.0f}] = {middle / without:.1%} of the "
              f"row without it ({without:.3f} s); whole row paired: {whole * 1000:+.0f} ms")


def _report_child(variant: str, folder: str) -> int:
    """A fresh interpreter's first signed report (imports included), ``variant`` off."""
    from app.reporting.signatures import load_identity, sign_pdf

    offs = {"all on": contextlib.nullcontext, **_report_variants()}
    from app.domain.catalog import get_entry
    from app.reporting.report import build_report
    from tests.reporting.helpers import GENERATED_AT, make_snapshot, mixed_answers

    with offs[variant]():
        questionnaire = get_entry("cabinet-medical").questionnaire
        snapshot = make_snapshot(questionnaire, mixed_answers(questionnaire))
        identity = load_identity(Path(folder) / "dr-bench.p12", PASSPHRASE)
        pdf = build_report(snapshot, questionnaire, language="fr", generated_at=GENERATED_AT)
        sign_pdf(pdf, identity, "", language="fr")
    print(f"DONE {time.time()}", flush=True)
    return 0


def cold_report_gains(runs: int) -> None:
    """The first report of a session: each launch a fresh interpreter, timed from the launch
    to the signed bytes (imports, question bank, identity, build, sign)."""
    import os
    import subprocess

    from app.reporting.signatures import create_identity

    folder = Path(tempfile.mkdtemp(prefix="hack-gains-"))
    create_identity(name="Dr Zoë Bench", role="Médecin responsable",
                    practice="Cabinet médical du Lac", email="bench@example.ch",
                    passphrase=PASSPHRASE, path=folder / "dr-bench.p12")
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(folder / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    names = ["all on", *_report_variants()]
    times: dict[str, list[float]] = {name: [] for name in names}
    shuffle = random.Random(20).shuffle
    for round_ in range(runs + 1):
        shuffle(names)
        for name in names:
            started = time.time()
            done = subprocess.run([sys.executable, __file__, "_report_child", name, str(folder)],
                                  env=env, cwd=ROOT, capture_output=True, text=True,
                                  timeout=300, check=True)
            line = next(x for x in done.stdout.splitlines() if x.startswith("DONE "))
            if round_:  # the first round fills the bytecode cache
                times[name].append(float(line.split()[1]) - started)
    base = statistics.median(times["all on"])
    print(f"first signed report of a session (fresh interpreter, wall), {runs} launches each: "
          f"all on {base:.3f} s")
    for name in times:
        if name == "all on":
            continue
        saved = statistics.median(off - mine for mine, off in zip(
            times["all on"], times[name], strict=True))
        print(f"  {name}: without it {statistics.median(times[name]):.3f} s; saves "
              f"{saved * 1000:+.0f} ms = {saved / statistics.median(times[name]):+.1%}")


def _sqlcipher_variants() -> dict[str, Callable[[], contextlib.AbstractContextManager[Any]]]:
    from app.storage import sqlcipher

    @contextlib.contextmanager
    def per_use() -> Iterator[None]:
        before = sqlcipher.one_keyed_connection
        sqlcipher.one_keyed_connection = lambda path: contextlib.nullcontext()
        try:
            yield
        finally:
            sqlcipher.one_keyed_connection = before

    return {"one keyed connection (as written)": contextlib.nullcontext,
            "(e) a keyed connection per use (PRAGMA key each time)": per_use}


def sqlcipher_gains(runs: int, saves: int) -> None:
    import itertools
    import os

    folder = Path(tempfile.mkdtemp(prefix="hack-gains-"))
    os.environ["CYBERCABINET_HOME"] = str(folder)
    from app.domain.skip_logic import visible_question_ids
    from app.domain.vocabulary import QuestionType
    from app.storage import open_database, sqlcipher

    sqlcipher.set_passphrase("a bench passphrase")
    path = folder / "encrypted.sqlite3"
    db = open_database(str(path))
    practice = db.create_practice("Cabinet médical du Lac", country="CH")
    draft = db.create_assessment(practice.id, questionnaire_id="cabinet-medical").id
    questionnaire = db.questionnaire(draft)
    asked = visible_question_ids(questionnaire, {})
    changes = itertools.cycle([
        (q.id, value) for _theme, q in questionnaire.scored_questions()
        if q.id in asked and q.type in (QuestionType.SINGLE, QuestionType.YES_NO)
        for value in q.option_values()[:2]])
    for _ in range(40):
        db.save_answer(draft, *next(changes))
    db.close()
    assert not sqlcipher.is_plain(path)

    variants = _sqlcipher_variants()
    opening: dict[str, list[float]] = {name: [] for name in variants}
    saving: dict[str, list[float]] = {name: [] for name in variants}
    order = list(variants.items())
    shuffle = random.Random(20).shuffle
    for round_ in range(runs + 1):
        shuffle(order)
        for name, off in order:
            with off():
                gc.collect()
                start = time.perf_counter()
                db = open_database(str(path))  # backs the file up: it changed since
                db.list_assessments(limit=20)
                opened = time.perf_counter() - start
                times = []
                for _ in range(saves):
                    start = time.perf_counter()
                    db.save_answer(draft, *next(changes))
                    times.append(time.perf_counter() - start)
                db.close()
            if round_:  # the first round warms up
                opening[name].append(opened)
                saving[name].append(statistics.median(times))
    first = next(iter(variants))
    print(f"encrypted database, {runs} rounds, variants shuffled in each round (wall time)")
    for name in variants:
        print(f"  {name}: open + first listing {statistics.median(opening[name]) * 1000:.0f} ms, "
              f"save p50 {statistics.median(saving[name]) * 1000:.2f} ms")
    for name in variants:
        if name == first:
            continue
        for row, values in (("open", opening), ("save", saving)):
            saved = statistics.median(off - mine for mine, off in zip(
                values[first], values[name], strict=True))
            print(f"  {first!r} against {name!r}, {row}: {saved * 1000:+.1f} ms = "
                  f"{saved / statistics.median(values[name]):+.1%} of the row without it")


STARTUP_VARIANTS = ("as written", "without painting before opening the database")


def _startup_child(variant: str, db: str) -> int:
    """One launch of the app, through ``startup_probe.py``, with ``variant`` applied."""
    sys.path.insert(0, str(Path(__file__).parent))
    import startup_probe  # type: ignore[import-not-found]

    from app.gui import startup

    if variant != "as written":
        startup.wait_for_first_paint = lambda window: window.isVisible()
    return int(startup_probe.run_app(db, False))


def startup_gains(runs: int) -> None:
    import json
    import os
    import subprocess

    sys.path.insert(0, str(Path(__file__).parent))
    from common import isolated_home, make_database  # type: ignore[import-not-found]

    home = isolated_home()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CYBERCABINET_HOME=str(home),
               PYTHONPYCACHEPREFIX=str(home / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    db = str(make_database(home / "practice-20.sqlite3", 20).path)
    painted: dict[str, list[float]] = {name: [] for name in STARTUP_VARIANTS}
    ready: dict[str, list[float]] = {name: [] for name in STARTUP_VARIANTS}
    order = list(STARTUP_VARIANTS)
    shuffle = random.Random(20).shuffle
    for round_ in range(runs + 1):
        shuffle(order)
        for name in order:
            started = time.time()
            done = subprocess.run([sys.executable, __file__, "_startup_child", name, "--db", db],
                                  env=env, cwd=ROOT, capture_output=True, text=True,
                                  timeout=120, check=True)
            lines = {line.split(" ", 1)[0]: json.loads(line.split(" ", 1)[1])
                     for line in done.stdout.splitlines()
                     if line.startswith(("PAINTED ", "READY "))}
            if round_:  # the first round fills the bytecode cache
                painted[name].append(lines["PAINTED"]["at"] - started)
                ready[name].append(lines["READY"]["at"] - started)
    print(f"start-up, 20 assessments, {runs} launches of each, shuffled in each round (wall)")
    first = STARTUP_VARIANTS[0]
    for name in STARTUP_VARIANTS:
        print(f"  {name}: first window {statistics.median(painted[name]):.3f} s, usable "
              f"{statistics.median(ready[name]):.3f} s")
    for name in STARTUP_VARIANTS[1:]:
        for row, values in (("first window", painted), ("usable window", ready)):
            saved = statistics.median(off - mine for mine, off in zip(
                values[first], values[name], strict=True))
            print(f"  {first!r} against {name!r}, {row}: {saved * 1000:+.0f} ms = "
                  f"{saved / statistics.median(values[name]):+.1%} of the row without it")


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "_startup_child":
        return _startup_child(sys.argv[2], sys.argv[sys.argv.index("--db") + 1])
    if len(sys.argv) > 2 and sys.argv[1] == "_report_child":
        return _report_child(sys.argv[2], sys.argv[3])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("row", choices=["report", "first-report", "sqlcipher", "startup"])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--saves", type=int, default=20)
    args = parser.parse_args()
    if args.row == "report":
        report_gains(args.runs)
    elif args.row == "first-report":
        cold_report_gains(args.runs)
    elif args.row == "sqlcipher":
        sqlcipher_gains(args.runs, args.saves)
    else:
        startup_gains(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
