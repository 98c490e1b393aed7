"""Executive summary: the score shown big, the level, the radar, what holds the practice back,
the three actions that matter most, and a paragraph a physician can read aloud."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from app.domain.scoring import ThemeScore
from app.i18n import N_
from app.reporting import styles as st
from app.reporting.charts import radar_chart
from app.reporting.flowables import Badge, callout
from app.reporting.model import ActionRow, ReportData
from app.reporting.sections.common import (
    Layout,
    coloured,
    data_table,
    head_cells,
    markup,
    p,
    section_heading,
    sub_heading,
)
from app.reporting.text import esc

TITLE = N_("Executive summary")


def level_text(data: ReportData) -> str:
    w, level = data.words, data.score.level
    return w(N_("Level {number} · {name}")).format(number=level.number, name=w(level.name))


def read_aloud(data: ReportData) -> str:
    """The summary in plain sentences (plain text, to be escaped by the caller)."""
    w, score = data.words, data.score
    sentences: list[str] = []
    if score.overall is None:
        sentences.append(w(N_("No answer counts yet: the score appears once questions are "
                              "answered.")))
    else:
        # Named, not "the practice": the report may be an imaging centre's or a laboratory's.
        sentences.append(w(N_("{practice} scores {score} out of 100, which is maturity level "
                              "{number}, “{name}”.")).format(
            practice=data.snapshot.practice.name, score=w.score(score.overall),
            number=score.level.number, name=w(score.level.name)))
        sentences.append(w(score.level.description))
    critical = len(score.critical_gaps)
    if score.is_capped:
        sentences.append(w.ngettext(
            "The answers alone would reach level {number}, but {count} critical gap keeps "
            "the level lower.",
            "The answers alone would reach level {number}, but {count} critical gaps keep "
            "the level lower.", critical).format(number=score.uncapped_level.number,
                                                 count=critical))
    elif critical:
        sentences.append(w.ngettext("{count} critical gap needs attention.",
                                    "{count} critical gaps need attention.",
                                    critical).format(count=critical))
    top = data.actions[:3]
    if top:
        titles = w.items([w.text(row.planned.action.title) for row in top])
        sentences.append(w.ngettext("The action that matters most: {actions}.",
                                    "The actions that matter most: {actions}.",
                                    len(top)).format(actions=titles))
    elif score.overall is not None:
        sentences.append(w(N_("No action is needed: every control asked about is in place.")))
    unknown = len(score.unknowns)
    if unknown:
        sentences.append(w.ngettext(
            "{count} answer was “I don't know”: finding out is a first step.",
            "{count} answers were “I don't know”: finding out is a first step.",
            unknown).format(count=unknown))
    if data.is_draft:
        sentences.append(w.ngettext(
            "{count} question is still open, so this report is a draft.",
            "{count} questions are still open, so this report is a draft.",
            data.open_questions).format(count=data.open_questions))
    return " ".join(sentences)


def _score_card(layout: Layout, width: float) -> Table:
    data, s, w = layout.data, layout.styles, layout.data.words
    score = data.score
    colour = st.LEVEL_COLOURS[score.level.number] if score.overall is not None else st.SLATE
    big = (f'<font size="44" color="{colour.hexval().replace("0x", "#")}">'
           f"{esc(w.score(score.overall))}</font>"
           f'<font size="15" color="#5B6B7B">\u00a0/\u00a0100</font>')
    rows: list[list[Flowable]] = [
        [p(w(N_("Overall score")).upper(), s.cover_kicker)],
        [markup(big, s.big_score)],
        [Spacer(1, 10)],
        [Badge(level_text(data), st.LEVEL_COLOURS[score.level.number])],
        [Spacer(1, 4)],
        [p(w(score.level.description), s.small)],
    ]
    card = Table(rows, colWidths=[width])
    card.setStyle(st.table_style(
        ("BACKGROUND", (0, 0), (-1, -1), st.PANEL),
        ("LINEABOVE", (0, 0), (-1, 0), 3, colour),
        ("LEFTPADDING", (0, 0), (-1, -1), 14),
        ("RIGHTPADDING", (0, 0), (-1, -1), 14),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 14),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 14),
    ))
    return card


def _top_actions(layout: Layout, rows: list[ActionRow]) -> list[Flowable]:
    s, w = layout.styles, layout.data.words
    table_rows: list[list[object]] = [head_cells(layout, [
        "#", w(N_("Action")), w(N_("Who")), w(N_("By"))])]
    for row in rows:
        table_rows.append([
            p(str(row.number), s.cell_bold),
            [p(w.text(row.planned.action.title), s.cell_bold),
             p(w.text(row.planned.action.description), s.cell_small)],
            p(w.label(row.owner), s.cell),
            p(w.date(row.due_date, "medium"), s.cell),
        ])
    widths = [8 * st.MM, st.CONTENT_WIDTH - 68 * st.MM, 32 * st.MM, 28 * st.MM]
    return [data_table(table_rows, widths)]


def _critical_gaps(layout: Layout) -> list[Flowable]:
    s, w, score = layout.styles, layout.data.words, layout.data.score
    if not score.critical_gaps:
        still_open = sum(1 for r in score.unanswered if r.question.critical)
        if still_open:
            return [p(w.ngettext(
                "No critical gap among the answers so far; {count} critical question is "
                "still open.",
                "No critical gap among the answers so far; {count} critical questions are "
                "still open.", still_open).format(count=still_open), s.body)]
        return [p(w(N_("No critical gap: every critical control asked about is in place.")),
                  s.body)]
    rows: list[list[object]] = [head_cells(layout, [
        w(N_("Question")), w(N_("Theme")), w(N_("Answer"))])]
    for result in score.critical_gaps:
        answer = w.answer(result.question, result.value, result.status)
        rows.append([
            p(w.text(result.question.text), s.cell),
            p(w.text(result.theme.title), s.cell),
            markup(coloured(answer, st.worth_colour(result.score), bold=True), s.cell),
        ])
    widths = [st.CONTENT_WIDTH - 80 * st.MM, 45 * st.MM, 35 * st.MM]
    return [data_table(rows, widths)]


def _radar_with_legend(layout: Layout, themes: list[ThemeScore]) -> Table:
    """The radar, its spokes numbered, and beside it the numbered themes with their scores."""
    s, w = layout.styles, layout.data.words
    chart_width = 78 * st.MM
    radar = radar_chart([str(n) for n in range(1, len(themes) + 1)],
                        [t.score for t in themes], width=chart_width, height=chart_width)
    legend_rows = [[p(str(number), s.cell_small_ink), p(w.text(t.theme.title), s.cell_small_ink),
                    markup(coloured(w.score(t.score), st.score_colour(t.score), bold=True),
                           s.cell_right)]
                   for number, t in enumerate(themes, start=1)]
    legend_width = st.CONTENT_WIDTH - chart_width - 6 * st.MM
    legend = Table(legend_rows, colWidths=[7 * st.MM, legend_width - 19 * st.MM, 12 * st.MM])
    legend.setStyle(st.table_style(("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 3),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                                   ("LINEBELOW", (0, 0), (-1, -2), 0.3, st.RULE)))
    pair = Table([[radar, "", legend]], colWidths=[chart_width, 6 * st.MM, legend_width])
    pair.setStyle(st.table_style(("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0)))
    return pair


def build(layout: Layout) -> list[Flowable]:
    data, s, w = layout.data, layout.styles, layout.data.words
    score = data.score
    card_width = 62 * st.MM
    gap = 8 * st.MM
    short: list[Flowable] = [sub_heading(layout, w(N_("In short")), "summary-short"),
                             p(read_aloud(data), s.body)]
    top = Table([[_score_card(layout, card_width), "", short]],
                colWidths=[card_width, gap, st.CONTENT_WIDTH - card_width - gap])
    top.setStyle(st.table_style(("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                ("TOPPADDING", (0, 0), (-1, -1), 0)))
    story: list[Flowable] = [section_heading(layout, w(TITLE), "summary"), top,
                             Spacer(1, 6 * st.MM)]
    if score.is_capped:
        story.append(callout(_cap_reasons(layout)))
    themes = [t for t in score.themes if t.asked]
    if len(themes) >= 3:
        story.append(KeepTogether([
            sub_heading(layout, w(N_("Themes at a glance")), "summary-radar"),
            _radar_with_legend(layout, themes)]))
    story += [CondPageBreak(45 * st.MM),
              sub_heading(layout, w(N_("Critical gaps")), "summary-critical"),
              *_critical_gaps(layout)]
    if score.checks:
        story += [CondPageBreak(30 * st.MM),
                  sub_heading(layout, w(N_("Answers to check")), "summary-checks"),
                  *_answers_to_check(layout)]
    if data.actions:
        story.append(KeepTogether([
            sub_heading(layout, w(N_("The three actions that matter most")), "summary-top"),
            *_top_actions(layout, data.actions[:3])]))
    return story


def _cap_reasons(layout: Layout) -> list[Flowable]:
    """Why the level is what it is: each verdict rule that holds, with its reason and source."""
    s, w, score = layout.styles, layout.data.words, layout.data.score
    uncapped = score.uncapped_level
    flowables: list[Flowable] = [
        markup(coloured(w(N_("The level is capped by critical gaps")), st.RED, bold=True),
               s.body),
        p(w(N_("The score alone would give level {uncapped} (“{uncapped_name}”); these answers "
               "hold the practice lower, whatever the rest:")).format(
            uncapped=uncapped.number, uncapped_name=w(uncapped.name)), s.small)]
    for cap in score.caps:
        source = cap.rule.references[0]
        flowables.append(p(w(N_("Level {level} at most ({questions}): {reason} Source: "
                                "{source}, {section}.")).format(
            level=cap.level, questions=", ".join(cap.about), reason=w.text(cap.rule.reason),
            source=source.title, section=source.section), s.small))
    if not score.caps:  # a questionnaire without verdict rules: its critical questions cap
        flowables.append(p(w(N_("A critical control answered “no” or “I don't know” keeps a "
                                "practice at level 2 at most, and one only partly in place at "
                                "level 3.")), s.small))
    return flowables


def _answers_to_check(layout: Layout) -> list[Flowable]:
    s, w, score = layout.styles, layout.data.words, layout.data.score
    rows: list[list[object]] = [head_cells(layout, [w(N_("Questions")), w(N_("What to check"))])]
    for check in score.checks:
        # one id a line: "PRF-SOFTWARE" must not break in the narrow column
        rows.append([markup("<br/>".join(esc(question) for question in check.about), s.cell_bold),
                     p(w.text(check.check.message), s.cell)])
    return [p(w(N_("These answers contradict each other: one of them is probably wrong. "
                   "Correct it before signing, or explain it in a note.")), s.small),
            data_table(rows, [38 * st.MM, st.CONTENT_WIDTH - 38 * st.MM])]
