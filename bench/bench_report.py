"""The full report of the real question bank, with charts, signed, against plain ReportLab pages.

    .venv/bin/python bench/bench_report.py [--runs 5] [--json FILE] [--quick]

The figure is what the window's "Sign the report" does off the UI thread
(``app/gui/report_actions.py``): open the signing identity (``load_identity``: PKCS#12, PBKDF2),
``build_report`` (every section, charts, fonts embedded, signature fields) and ``sign_pdf``
(PAdES, certification signature, embedded stamp font), on an assessment of
``questionnaires/cabinet-medical`` answered entirely with a realistic mix of answers (French).
The identity is a test identity made on the fly with ``app.reporting.signatures.create_identity``
(RSA 3072), outside the timing. Median of ``--runs`` in one process, after one untimed run
(imports, font loading: the first report of a session; its time is a note).

The baseline: ReportLab's ``SimpleDocTemplate`` building as many plain pages as the report has
(one heading and five paragraphs of plain text in Helvetica each, about three quarters of a page
and ~3,500 characters, more text than a page of the report; no tables, images or embedded
fonts), in the same process. Both are also timed in CPU time (``time.process_time``), which
other processes on a busy machine inflate much less than the wall time. Also: how the report
time grows with the questions answered and with the size of the questionnaire (in CPU time).
"""

from __future__ import annotations

import io
import shutil
import sys
import time
from collections.abc import Callable
from typing import Any

from common import ROOT, Row, arguments, isolated_home, median, report

PASSPHRASE = "bench-passphrase-1"  # noqa: S105 (a throwaway test identity)
LOREM = ("Les données des patients sont protégées par des sauvegardes régulières, des mots de "
         "passe robustes et des mises à jour appliquées sans délai ; le prestataire "
         "informatique vérifie chaque mois que la restauration fonctionne réellement. ")


def plain_pages(pages: int) -> bytes:
    """The baseline: ReportLab building ``pages`` plain pages of text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story: list[Any] = []
    for number in range(pages):
        story.append(Paragraph(f"Page {number + 1}", styles["Heading1"]))
        story += [Paragraph(LOREM * 3, styles["BodyText"]) for _ in range(5)]
        story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def text_length(pdf: bytes) -> int:
    """Characters of text a reader extracts: how much each PDF sets."""
    from pypdf import PdfReader

    return sum(len(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)


def timed(action: Callable[[], Any], runs: int,
          clock: Callable[[], float] = time.perf_counter) -> tuple[float, Any]:
    """Median seconds of ``runs`` calls (wall time, or ``clock``), and the last result."""
    durations = []
    result = None
    for _ in range(runs):
        start = clock()
        result = action()
        durations.append(clock() - start)
    return median(durations), result


def main() -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    home = isolated_home()
    try:
        cold_start = time.perf_counter()
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
        identity_path = home / "identities" / "dr-bench.p12"
        identity_path.parent.mkdir(parents=True, exist_ok=True)
        create_identity(name="Dr Zoë Bench", role="Médecin responsable",
                        practice="Cabinet médical du Lac", email="bench@example.ch",
                        passphrase=PASSPHRASE, path=identity_path)

        def snapshot_for(leave_open: int) -> Any:
            answers = mixed_answers(questionnaire, leave_open=leave_open)
            plan = build_action_plan(score_assessment(
                questionnaire, {k: a.value for k, a in answers.items()}))
            states = sample_action_states([p.key for p in plan[1:8:3]])
            return make_snapshot(questionnaire, answers, actions=states)

        snapshot = snapshot_for(0)

        def report_only(snap: Any = snapshot) -> bytes:
            return build_report(snap, questionnaire, language="fr", generated_at=GENERATED_AT)

        def signed_report() -> bytes:
            identity = load_identity(identity_path, PASSPHRASE)
            pdf = report_only()
            return sign_pdf(pdf, identity, "", language="fr")

        first_start = time.perf_counter()
        signed_report()
        first = time.perf_counter() - first_start
        cold = time.perf_counter() - cold_start
        figure, signed = timed(signed_report, runs)
        figure_cpu, _signed = timed(signed_report, runs, time.process_time)
        report_time, pdf = timed(report_only, runs)
        identity_time, _identity = timed(lambda: load_identity(identity_path, PASSPHRASE), runs)
        sign_time, _signed = timed(lambda: sign_pdf(pdf, _identity, "", language="fr"), runs)
        pages = page_count(signed)
        plain_pages(pages)  # warm ReportLab's standard fonts
        baseline, plain = timed(lambda: plain_pages(pages), runs)
        baseline_cpu, _plain = timed(lambda: plain_pages(pages), runs, time.process_time)
        assert page_count(plain) == pages, (page_count(plain), pages)
        plain_chars, report_chars = text_length(plain), text_length(signed)
        print(f"signed report: {pages} pages, {len(signed) // 1024} KiB, median {figure:.3f} s "
              f"(identity {identity_time:.3f} s, report {report_time:.3f} s, "
              f"sign {sign_time:.3f} s); plain ReportLab {pages} pages {baseline:.3f} s; "
              f"first of the session {first:.3f} s (with imports {cold:.3f} s)", flush=True)
        print(f"CPU time (median of {runs}, same run): signed report {figure_cpu:.3f} s, plain "
              f"ReportLab {baseline_cpu:.3f} s, ratio {figure_cpu / baseline_cpu:.2f}x; text "
              f"printed: report {report_chars:,} characters, plain pages {plain_chars:,}",
              flush=True)

        scored = [q.id for _t, q in questionnaire.scored_questions()]
        growth: list[str] = []
        answered_total = len(mixed_answers(questionnaire))
        for fraction in (0.25, 0.5, 1.0):
            leave_open = int(len(scored) * (1 - fraction))
            snap = snapshot_for(leave_open)
            seconds, grown = timed(lambda s=snap: report_only(s), max(1, runs - 1),
                                   time.process_time)
            growth.append(f"{len(snap.answers)}/{answered_total} answered: {seconds:.3f} s CPU, "
                          f"{page_count(grown)} pages")
            print(f"growth: {growth[-1]}", flush=True)

        from app.domain.loader import load_questionnaire

        example = load_questionnaire(ROOT / "tests" / "data" / "example.yaml")
        small = make_snapshot(example, mixed_answers(example))
        small_time, small_pdf = timed(lambda: build_report(
            small, example, language="fr", generated_at=GENERATED_AT), max(1, runs - 1),
            time.process_time)
        bank_time, _bank = timed(report_only, max(1, runs - 1), time.process_time)
        size_growth = (f"{sum(1 for _ in example.all_questions())}-question example: "
                       f"{small_time:.3f} s, {page_count(small_pdf)} pages; "
                       f"{sum(1 for _ in questionnaire.all_questions())}-question bank: "
                       f"{bank_time:.3f} s, {page_count(pdf)} pages (CPU time)")
        print(f"growth with the questionnaire: {size_growth}", flush=True)

        rows = [Row("full report + signature (real bank, charts)", figure, "s", baseline,
                    f"ReportLab, {pages} plain pages", "≤ 3x and < 1.5 s",
                    passed=figure <= 3 * baseline and figure < 1.5,
                    notes=[f"{pages} pages, {len(signed) // 1024} KiB; median of {runs}: "
                           f"open identity {identity_time:.3f} s + report {report_time:.3f} s "
                           f"+ sign {sign_time:.3f} s",
                           f"CPU time (a busy machine inflates it less): {figure_cpu:.3f} s "
                           f"against {baseline_cpu:.3f} s, {figure_cpu / baseline_cpu:.2f}x",
                           f"text printed: report {report_chars:,} characters, plain pages "
                           f"{plain_chars:,} (the baseline sets more text than the report)",
                           f"first report of a session (imports, fonts) {first:.3f} s; "
                           f"with the imports of domain and reporting {cold:.3f} s",
                           "growth (report only) with the answers: " + "; ".join(growth),
                           "growth (report only) with the questionnaire: " + size_growth])]
        report(rows, args.json)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
