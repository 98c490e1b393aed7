"""Child process of bench_first_report.py: one fresh interpreter, one PDF, then say when.

    python bench/report_probe.py baseline OUT.pdf
    python bench/report_probe.py report OUT.pdf --identity FILE.p12 --answers FILE.json

Passphrase in the environment variable ``BENCH_IDENTITY_PASSPHRASE`` (as ``--passphrase-env``
does for the CLI). Each mode prints one line ``DONE {json}`` once the file is written: the
moments (``time.time()``) its steps ended and the process's CPU time.

- ``baseline``: ReportLab alone, a minimal one-page PDF (a heading and a paragraph in
  Helvetica with ``SimpleDocTemplate``) written to OUT.
- ``report``: the first signed report of a session. First what the window already holds when
  the person clicks "Sign the report": the domain modules, the questionnaire of the real bank
  loaded from the catalog, the assessment's snapshot (its answers read from FILE.json, made
  by the parent). Then what the window's ``ReportActions.sign`` runs off the UI thread,
  step for step (``app/gui/report_actions.py``): import ``app.reporting.report`` and
  ``app.reporting.signatures``, ``load_identity``, ``build_report``, ``sign_pdf``, and the
  file written with ``replace_atomically``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

STAMPS: dict[str, float] = {"main": time.time()}
PASSPHRASE_ENV = "BENCH_IDENTITY_PASSPHRASE"  # noqa: S105 (a variable name)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def stamp(name: str) -> None:
    STAMPS[name] = time.time()


def done(extra: dict[str, Any] | None = None) -> None:
    payload = {"stamps": STAMPS, "cpu": time.process_time(), **(extra or {})}
    print("DONE " + json.dumps(payload), flush=True)


def baseline(out: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    stamp("imports")
    styles = getSampleStyleSheet()
    story = [Paragraph("CyberCabinet", styles["Heading1"]),
             Paragraph("A minimal one-page PDF: ReportLab alone, in a fresh process. " * 8,
                       styles["BodyText"])]
    SimpleDocTemplate(str(out), pagesize=A4).build(story)
    stamp("written")
    done()


def report(out: Path, identity_path: Path, answers_path: Path) -> None:
    # -- what the open window already holds ---------------------------------------------------
    from app.domain.answers import Answer, value_from_json
    from app.domain.catalog import get_entry
    from tests.reporting.helpers import make_snapshot, sample_action_states

    stamp("domain imported")
    data = json.loads(answers_path.read_text(encoding="utf-8"))
    questionnaire = get_entry(data["questionnaire"], data["version"]).questionnaire
    answers = {qid: Answer(value_from_json(value), note)
               for qid, (value, note) in data["answers"].items()}
    snapshot = make_snapshot(questionnaire, answers,
                             actions=sample_action_states(data["actions"]))
    language = data["language"]
    passphrase = os.environ[PASSPHRASE_ENV]
    stamp("session")
    # -- the click: ReportActions.sign's work, step for step -----------------------------------
    from app.reporting.files import replace_atomically
    from app.reporting.report import build_report
    from app.reporting.signatures import load_identity, sign_pdf

    stamp("reporting imported")
    identity = load_identity(identity_path, passphrase)
    stamp("identity opened")
    pdf = build_report(snapshot, questionnaire, language=language)
    stamp("report built")
    signed = sign_pdf(pdf, identity, "", language=language)
    stamp("signed")
    replace_atomically(out, signed)
    stamp("written")
    done({"bytes": len(signed)})


if __name__ == "__main__":
    mode, target = sys.argv[1], Path(sys.argv[2])
    if mode == "baseline":
        baseline(target)
    else:
        arguments = sys.argv[3:]
        report(target, Path(arguments[arguments.index("--identity") + 1]),
               Path(arguments[arguments.index("--answers") + 1]))
