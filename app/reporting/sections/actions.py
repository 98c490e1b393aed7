"""Action plan: every action by priority then effort, with owner, target date, status and the
question it comes from; quick wins marked."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.domain.action_plan import DAYS_TO_ACT
from app.domain.assessment import ActionStatus
from app.domain.vocabulary import EFFORT_LABELS, Priority
from app.i18n import N_
from app.reporting import styles as st
from app.reporting.model import ActionRow
from app.reporting.sections.common import (
    PRIORITY_COLOURS,
    Layout,
    coloured,
    data_table,
    head_cells,
    markup,
    p,
    section_heading,
)
from app.reporting.text import esc

TITLE = N_("Action plan")
QUICK_WIN = N_("Quick win")

STATUS_COLOURS = {
    ActionStatus.TODO: st.INK,
    ActionStatus.IN_PROGRESS: st.TEAL,
    ActionStatus.DONE: st.GREEN,
    ActionStatus.DROPPED: st.SLATE,
}


def _action_cell(layout: Layout, row: ActionRow) -> list[Flowable]:
    s, w = layout.styles, layout.data.words
    planned = row.planned
    cell: list[Flowable] = [markup(f"<b>{esc(w.text(planned.action.title))}</b>", s.cell),
                            p(w.text(planned.action.description), s.cell)]
    result = next(r for r in layout.data.score.results if r.question.id == planned.question.id)
    answer = w.answer(result.question, result.value, result.status)
    origin = w(N_("From {question_id}: {question} — answer: {answer}")).format(
        question_id=planned.question.id, question=w.text(planned.question.text), answer=answer)
    cell.append(p(origin, s.cell_small))
    if planned.from_unknown:
        cell.append(p(w(N_("The answer was “I don't know”: the first step is to find out.")),
                      s.cell_small))
    if row.comment.strip():
        cell.append(markup(f"<i>{esc(row.comment.strip())}</i>", s.cell_small))
    return cell


def _meta_cell(layout: Layout, row: ActionRow) -> list[Flowable]:
    """Priority and effort, then who, by when, and where it stands."""
    s, w = layout.styles, layout.data.words
    priority = coloured(w.label(row.priority), PRIORITY_COLOURS[row.priority], bold=True)
    cell: list[Flowable] = [markup(f"{priority} · {esc(w(EFFORT_LABELS[row.effort]))}", s.cell)]
    if row.is_quick_win:
        tag = esc(w(QUICK_WIN).upper()).replace(" ", "\u00a0")
        cell.append(markup(f'<font size="7" color="#2B7A8C"><b>{tag}</b></font>', s.cell))
    for label, value in ((w(N_("Who")), w.label(row.owner)),
                         (w(N_("By")), w.date(row.due_date, "medium"))):
        cell.append(markup(f'<font color="#5B6B7B">{esc(label)}</font>  {esc(value)}',
                           s.cell_small_ink))
    status = coloured(w.action_status(row.status), STATUS_COLOURS[row.status], bold=True)
    status_label = esc(w(N_("Status")))
    cell.append(markup(f'<font color="#5B6B7B">{status_label}</font>  {status}',
                       s.cell_small_ink))
    return cell


def build(layout: Layout) -> list[Flowable]:
    data, s, w = layout.data, layout.styles, layout.data.words
    story: list[Flowable] = [section_heading(layout, w(TITLE), "actions")]
    if not data.actions:
        message = (N_("No action so far: every question answered has full marks.")
                   if data.is_draft else
                   N_("No action: every question asked is answered with full marks."))
        story.append(p(w(message), s.body))
        return story
    quick = sum(1 for row in data.actions if row.is_quick_win)
    story.append(p(w.ngettext(
        "{count} action, ordered by priority and then by effort.",
        "{count} actions, ordered by priority and then by effort.",
        len(data.actions)).format(count=len(data.actions)) + " " + w.ngettext(
        "{count} of them is a quick win: small effort, real benefit.",
        "{count} of them are quick wins: small effort, real benefit.",
        quick).format(count=quick), s.body))
    story.append(p(w(N_(
        "Target dates are the practice's own where it set one; otherwise they are suggested "
        "from the priority: {critical} days for critical, {high} for high, {medium} for medium "
        "and {low} for low priority, from the assessment date.")).format(
        critical=DAYS_TO_ACT[Priority.CRITICAL], high=DAYS_TO_ACT[Priority.HIGH],
        medium=DAYS_TO_ACT[Priority.MEDIUM], low=DAYS_TO_ACT[Priority.LOW]), s.small))
    rows: list[list[object]] = [head_cells(layout, [
        "#", w(N_("Action, and the answer it comes from")),
        w(N_("Priority, who, by when, status"))])]
    for row in data.actions:
        rows.append([p(str(row.number), s.cell_bold), _action_cell(layout, row),
                     _meta_cell(layout, row)])
    widths = [8 * st.MM, st.CONTENT_WIDTH - 58 * st.MM, 50 * st.MM]
    story.append(data_table(rows, widths))
    return story
