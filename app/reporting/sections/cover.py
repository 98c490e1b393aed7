"""Cover: who, what, when, which questionnaire, the fingerprint; and whether it is a draft."""

from __future__ import annotations

from reportlab.platypus import Flowable, HRFlowable, Spacer, Table

from app.domain.vocabulary import Priority
from app.i18n import N_
from app.reporting import styles as st
from app.reporting.flowables import Heading, callout
from app.reporting.sections.common import Layout, coloured, data_table, markup, p
from app.reporting.text import esc

KICKER = N_("Cybersecurity self-assessment")
TITLE = N_("Security report and action plan")
SUBTITLE = N_("Score, priorities, data-protection summary and the answers behind them")
COVER = N_("Cover")


def key_figures(layout: Layout) -> Table:
    """Four figures an insurer reads first: score, level, critical gaps, actions."""
    data, s, w = layout.data, layout.styles, layout.data.words
    score = data.score
    critical = len(score.critical_gaps)
    urgent = sum(1 for row in data.actions if row.priority is Priority.CRITICAL)
    level_colour = st.LEVEL_COLOURS[score.level.number]
    figures = [
        (f"{w.score(score.overall)}<font size=\"10\">\u00a0/\u00a0100</font>", level_colour,
         w(N_("Overall score"))),
        (f"{score.level.number}<font size=\"10\">\u00a0· {esc(w(score.level.name))}</font>",
         level_colour, w(N_("Maturity level"))),
        (str(critical), st.RED if critical else st.GREEN, w(N_("Critical gaps"))),
        (str(len(data.actions)), st.NAVY,
         w.ngettext("action, {count} critical", "actions, {count} critical",
                    len(data.actions)).format(count=urgent)),
    ]
    cells = []
    for value, colour, label in figures:
        hexa = colour.hexval().replace("0x", "#")
        cells.append([markup(f'<font color="{hexa}"><b>{value}</b></font>', s.figure),
                      p(label, s.cell_small)])
    width = st.CONTENT_WIDTH / len(cells)
    table = Table([cells], colWidths=[width] * len(cells))
    table.setStyle(st.table_style(
        ("BACKGROUND", (0, 0), (-1, -1), st.PANEL),
        ("LINEABOVE", (0, 0), (-1, 0), 2, st.NAVY),
        ("LINEAFTER", (0, 0), (-2, -1), 0.6, st.WHITE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
    ))
    return table


def _reviewer(layout: Layout) -> str:
    """"Marc Audit, 20 November 2026 — reviewed score 55 / 100" (or "review in progress")."""
    w, review = layout.data.words, layout.data.review
    assert review is not None  # noqa: S101 (only called with a review)
    who = review.review.auditor.strip() or "—"
    when = review.review.reviewed_at
    parts = [who, w.date(when.date()) if when is not None else w(N_("review in progress"))]
    score = w(N_("reviewed score {score} / 100")).format(score=w.score(review.score.overall))
    return f"{', '.join(parts)} — {score}"


def build(layout: Layout) -> list[Flowable]:
    data, s, w = layout.data, layout.styles, layout.data.words
    snapshot, questionnaire, score = data.snapshot, data.questionnaire, data.score
    practice = snapshot.practice
    story: list[Flowable] = [
        Spacer(1, 18 * st.MM),
        p(w(KICKER).upper(), s.cover_kicker),
        Heading(esc(w(TITLE)), s.cover_title, key="cover", title=w(COVER)),
        p(w(SUBTITLE), s.body),
        Spacer(1, 6 * st.MM),
        HRFlowable(width="100%", thickness=1.2, color=st.NAVY, spaceAfter=8 * st.MM),
        p(practice.name, s.cover_practice),
    ]
    if practice.address.strip():
        story.append(p(practice.address.strip(), s.cover_text))
    if practice.identifiers:
        ids = "\u00a0\u00a0\u00a0 ".join(f"<b>{esc(key)}</b>\u00a0{esc(value)}"
                             for key, value in sorted(practice.identifiers.items()))
        story.append(Spacer(1, 2))
        story.append(markup(ids, s.cover_text))
    story.append(Spacer(1, 9 * st.MM))

    asked = score.asked
    answered = asked - len(score.unanswered)
    version = w(N_("version {version}")).format(version=questionnaire.version)
    rows: list[tuple[str, str]] = [
        (w(N_("Assessment date")), w.date(data.assessed_on)),
        (w(N_("Report generated on")), w.date(data.generated_at.date())),
        (w(N_("Filled in by")), snapshot.filled_by.strip() or "—"),
        (w(N_("Questionnaire")), f"{w.text(questionnaire.title)} — {version}"),
        (w(N_("Questions answered")),
         w(N_("{answered} of {asked}")).format(answered=answered, asked=asked)),
        (w(N_("Assessment ID")), snapshot.id),
    ]
    if data.review is not None:
        rows.insert(3, (w(N_("Reviewed by")), _reviewer(layout)))
    table_rows: list[list[Flowable]] = [
        [p(label, s.cell_head), p(value, s.cell)] for label, value in rows]
    table_rows.append([p(w(N_("Fingerprint (SHA-256)")), s.cell_head),
                       markup(f'<font size="7.5">{data.fingerprint}</font>', s.cell)])
    story.append(data_table(table_rows, [48 * st.MM, st.CONTENT_WIDTH - 48 * st.MM],
                            header=False))
    story.append(Spacer(1, 8 * st.MM))
    story.append(key_figures(layout))
    story.append(Spacer(1, 8 * st.MM))

    if data.is_draft:
        count = data.open_questions
        title = w.ngettext("Draft: {count} question is still open.",
                         "Draft: {count} questions are still open.", count).format(count=count)
        story.append(callout([
            markup(coloured(title, st.RED, bold=True), s.body),
            p(w(N_("The scores cover the answered questions only. The report is final once "
                   "every question asked has an answer; until then every page is marked as "
                   "a draft.")), s.small),
        ]))
        story.append(Spacer(1, 6 * st.MM))
    story.append(p(w(N_(
        "The fingerprint identifies this exact set of answers: the same answers always give "
        "the same fingerprint, any change gives another. It is printed at the foot of every "
        "page and stored in the document's properties, so that the report can be matched "
        "with the assessment it comes from.")), s.note))
    return story
