"""What every benchmark shares: percentiles, peak memory, the result rows, the fixture database.

Each ``bench_*.py`` script measures one figure and its baseline *in the same run*, prints them,
and (with ``--json FILE``) writes its rows for ``run_all.py``. A row is a ``Row``: what was
measured, the baseline, the figure, the target and whether it is met.

The fixture databases are built with bulk inserts of valid answers to the real question bank
(``tests/reporting/helpers.mixed_answers``), so that 500 assessments take seconds, not the
500 x 80 synced commits the facade would need; the app then opens them as it opens any file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import statistics
import sys
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

QUESTIONNAIRE_ID = "cabinet-medical"
PYTHON = sys.executable


# --- statistics --------------------------------------------------------------------------------

def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank: a value that was actually measured."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


# --- memory ------------------------------------------------------------------------------------

def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM), in MB: psutil if present, else /proc."""
    try:
        import psutil  # type: ignore[import-not-found]

        info = psutil.Process().memory_full_info()
        peak = getattr(info, "peak_wset", None)  # Windows
        if peak:
            return float(peak) / 1e6
    except ImportError:
        pass
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


def current_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return math.nan


# --- result rows -------------------------------------------------------------------------------

@dataclass
class Row:
    """One line of the summary table."""

    what: str
    figure: float
    unit: str
    baseline: float | None = None
    baseline_what: str = ""
    target: str = ""
    passed: bool | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.figure / self.baseline

    @property
    def result(self) -> str:
        return "—" if self.passed is None else ("PASS" if self.passed else "MISS")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        data["result"] = self.result
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        keys = {"what", "figure", "unit", "baseline", "baseline_what", "target", "passed",
                "notes"}
        return cls(**{k: v for k, v in data.items() if k in keys})


def fmt(value: float | None, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "ms":
        text = f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"
    elif unit == "s":
        text = f"{value:.3f}" if value < 10 else f"{value:.1f}"
    elif unit == "MB":
        text = f"{value:.0f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".strip()


def table(rows: Sequence[Row], *, markdown: bool = False) -> str:
    header = ("what", "baseline", "figure", "ratio", "target", "result")
    lines: list[tuple[str, ...]] = []
    for row in rows:
        baseline = fmt(row.baseline, row.unit)
        if row.baseline_what and row.baseline is not None:
            baseline += f" ({row.baseline_what})"
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "—"
        lines.append((row.what, baseline, fmt(row.figure, row.unit), ratio, row.target or "—",
                      row.result))
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(cell.replace("|", "/") for cell in line) + " |"
                for line in lines]
        return "\n".join(out)
    widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h)
              for i, h in enumerate(header)]
    rule = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), rule]
    out += ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    return "\n".join(out)


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--json", type=Path, help="write the result rows to this file")
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke test)")
    return parser


def report(rows: Sequence[Row], json_path: Path | None) -> None:
    """Print the rows (and their notes) and write them for run_all.py."""
    print()
    print(table(rows))
    for row in rows:
        for note in row.notes:
            print(f"  · {row.what}: {note}")
    if json_path is not None:
        json_path.write_text(json.dumps([r.to_json() for r in rows], indent=1),
                             encoding="utf-8")


# --- an isolated data folder -------------------------------------------------------------------

def isolated_home(prefix: str = "cybercabinet-bench-") -> Path:
    """A fresh CYBERCABINET_HOME for this process and its children: the real one is never
    touched, and the app's window settings start empty."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["CYBERCABINET_HOME"] = str(home)
    os.environ.pop("CYBERCABINET_DB", None)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("LANGUAGE", "en")
    return home


# --- the fixture database ----------------------------------------------------------------------

@dataclass(frozen=True)
class Fixture:
    path: Path
    practice_id: str
    draft_id: str
    """The newest assessment, a draft answered halfway: the window resumes it."""
    assessment_ids: list[str]


def make_database(path: Path, assessments: int, *, draft_done: float = 0.5) -> Fixture:
    """A practice's database: ``assessments`` assessments of the real question bank, one a
    year apart, all signed (fully answered) but the newest, a draft answered to ``draft_done``.

    The file is made with the facade (schema, practice, first assessment) and bulk inserts of
    valid answers for the rest; it is closed when this returns.
    """
    from sqlalchemy import insert, update

    from app.domain.answers import value_to_json
    from app.domain.assessment import AssessmentStatus
    from app.storage import open_database
    from app.storage.models import Answer, AnswerHistory, Assessment
    from tests.reporting.helpers import mixed_answers

    db = open_database(str(path), backup=False)
    try:
        practice = db.create_practice("Cabinet médical du Lac", country="CH",
                                      address="Quai du Mont-Blanc 1\n1201 Genève",
                                      identifiers={"GLN": "7601000123456"})
        entry = db.questionnaire_entry(QUESTIONNAIRE_ID)
        questionnaire = entry.questionnaire
        full = mixed_answers(questionnaire)
        ordered = list(full.items())
        draft_answers = ordered[:int(len(ordered) * draft_done)]
        counts = {"full": _stored_counts(questionnaire, ordered),
                  "draft": _stored_counts(questionnaire, draft_answers)}
        now = dt.datetime.now(dt.UTC)
        ids: list[str] = []
        with db.engine.begin() as connection:
            batch_a: list[dict[str, Any]] = []
            batch_x: list[dict[str, Any]] = []
            batch_h: list[dict[str, Any]] = []
            for index in range(assessments):
                newest = index == assessments - 1
                when = now - dt.timedelta(days=30 * (assessments - 1 - index))
                assessment_id = uuid.uuid4()
                ids.append(str(assessment_id))
                answers = draft_answers if newest else ordered
                batch_a.append({
                    "id": assessment_id, "practice_id": uuid.UUID(practice.id),
                    "questionnaire_id": questionnaire.id,
                    "questionnaire_version": questionnaire.version,
                    "questionnaire_hash": entry.content_hash, "language": "fr",
                    "status": AssessmentStatus.DRAFT if newest else AssessmentStatus.SIGNED,
                    "filled_by": "Dr Bench", "created_at": when, "updated_at": when,
                    "completed_at": None if newest else when, "answer_count": len(answers),
                    **counts["draft" if newest else "full"]})
                for question_id, answer in answers:
                    stored = value_to_json(answer.value)
                    batch_x.append({"assessment_id": assessment_id, "question_id": question_id,
                                    "value": stored, "note": answer.note, "evidence": "",
                                    "answered_by": "Dr Bench", "answered_at": when})
                    batch_h.append({"assessment_id": assessment_id,
                                    "question_id": question_id, "changed_by": "Dr Bench",
                                    "changed_at": when, "new_value": stored,
                                    "new_note": answer.note})
                if len(batch_a) >= 200 or newest:
                    connection.execute(insert(Assessment), batch_a)
                    if batch_x:
                        connection.execute(insert(Answer), batch_x)
                        connection.execute(insert(AnswerHistory), batch_h)
                    batch_a, batch_x, batch_h = [], [], []
            profile = {qid: value_to_json(a.value) for qid, a in ordered
                       if questionnaire.is_profile(qid)}
            from app.storage.models import Practice

            connection.execute(update(Practice).where(Practice.id == uuid.UUID(practice.id))
                               .values(profile=profile))
    finally:
        db.close()
    return Fixture(path, practice.id, ids[-1], ids)


def _stored_counts(questionnaire: Any, answers: list[tuple[str, Any]]) -> dict[str, Any]:
    """The score and counts storage keeps on each assessment row (revision 0003 and later),
    computed as storage computes them; nothing on an older schema."""
    from app.storage.models import Assessment

    try:
        from app.storage.scores import compute
    except ImportError:
        return {}
    values = {qid: answer.value for qid, answer in answers}
    columns = set(Assessment.__table__.columns.keys())
    return {k: v for k, v in compute(questionnaire, values, None).items() if k in columns}


def write_json_line(tag: str, payload: dict[str, Any]) -> None:
    """A machine-readable line for a parent process (flushed at once)."""
    print(f"{tag} {json.dumps(payload)}", flush=True)
