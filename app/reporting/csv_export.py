"""The action plan as a CSV file, for the practice's spreadsheet or its IT provider's tracker.

Format: UTF-8 with a byte-order mark (so that Excel reads the accents right), semicolon as the
separator (Excel's list separator wherever the decimal sign is a comma: France, Switzerland,
Germany, Italy), CRLF line ends, every field quoted when needed. One header row in the report's
language, then one row per action in the order of the report. Dates are ISO (2026-12-03),
which every spreadsheet reads as a date; the ``priority``, ``effort``, ``owner`` and ``status``
columns carry the translated labels.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from app.domain.assessment import AssessmentSnapshot
from app.domain.questionnaire import Questionnaire
from app.domain.vocabulary import EFFORT_LABELS
from app.i18n import N_
from app.reporting.files import write_atomically
from app.reporting.model import ReportData, build_report_data

DELIMITER = ";"
COLUMNS = (
    N_("No."), N_("Action"), N_("Description"), N_("Priority"), N_("Effort"), N_("Quick win"),
    N_("Who"), N_("Target date"), N_("Status"), N_("Comment"), N_("Theme"), N_("Question ID"),
    N_("Question"), N_("Answer"),
)


def actions_csv_rows(data: ReportData) -> list[list[str]]:
    w = data.words
    rows = [[w(column) for column in COLUMNS]]
    for row in data.actions:
        planned = row.planned
        result = next(r for r in data.score.results if r.question.id == planned.question.id)
        rows.append([
            str(row.number),
            w.text(planned.action.title),
            w.text(planned.action.description),
            w.label(row.priority),
            w(EFFORT_LABELS[row.effort]),
            w.label("yes") if row.is_quick_win else "",
            w.label(row.owner),
            row.due_date.isoformat(),
            w.action_status(row.status),
            row.comment,
            w.text(planned.theme.title),
            planned.question.id,
            w.text(planned.question.text),
            w.answer(result.question, result.value, result.status),
        ])
    return rows


def actions_csv(snapshot: AssessmentSnapshot, questionnaire: Questionnaire, *,
                language: str, generated_at: dt.datetime | None = None) -> bytes:
    """The action plan as CSV bytes (UTF-8 with BOM, ``;``-separated, CRLF)."""
    data = build_report_data(snapshot, questionnaire, language=language, frameworks=None,
                             generated_at=generated_at or dt.datetime.now().astimezone())
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerows(actions_csv_rows(data))
    return buffer.getvalue().encode("utf-8-sig")


def write_actions_csv(path: Path, snapshot: AssessmentSnapshot, questionnaire: Questionnaire,
                      *, language: str, generated_at: dt.datetime | None = None) -> None:
    """Write the action plan of ``snapshot`` to ``path`` (atomically)."""
    write_atomically(path, actions_csv(snapshot, questionnaire, language=language,
                                       generated_at=generated_at))
