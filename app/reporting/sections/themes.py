"""Scores by theme: a bar chart and a table (score, answered / asked, gaps, unknowns)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from app.i18n import N_
from app.reporting import styles as st
from app.reporting.charts import bar_chart
from app.reporting.flowables import Gauge
from app.reporting.sections.common import (
    Layout,
    coloured,
    data_table,
    head_cells,
    markup,
    p,
    section_heading,
)

TITLE = N_("Scores by theme")


def build(layout: Layout) -> list[Flowable]:
    data, s, w = layout.data, layout.styles, layout.data.words
    themes = data.score.themes
    story: list[Flowable] = [
        section_heading(layout, w(TITLE), "themes"),
        p(w(N_("Each theme's score is the weighted mean of its answered questions, out of 100. "
               "“I don't know” counts as 0; questions answered “not applicable” and questions "
               "not asked do not count either way.")), s.body),
        Spacer(1, 2 * st.MM),
        bar_chart([w.text(t.theme.title) for t in themes], [t.score for t in themes],
                  width=st.CONTENT_WIDTH, label_width=58 * st.MM),
        Spacer(1, 6 * st.MM),
    ]
    gauge_width = 26 * st.MM
    rows: list[list[object]] = [head_cells(layout, [
        w(N_("Theme")), w(N_("Score")), "", w(N_("Answered / asked")), w(N_("Gaps")),
        w(N_("I don't know"))])]
    for theme in themes:
        score_text = coloured(w.score(theme.score), st.score_colour(theme.score), bold=True)
        rows.append([
            p(w.text(theme.theme.title), s.cell),
            markup(score_text, s.cell_right),
            Gauge(theme.score, gauge_width, 5.5),
            p(f"{theme.answered} / {theme.asked}", s.cell_center),
            p(str(theme.gaps), s.cell_center),
            p(str(theme.unknown), s.cell_center),
        ])
    overall = data.score
    rows.append([
        p(w(N_("Overall")), s.cell_bold),
        markup(coloured(w.score(overall.overall), st.score_colour(overall.overall), bold=True),
               s.cell_right),
        Gauge(overall.overall, gauge_width, 5.5),
        p(f"{overall.asked - len(overall.unanswered)} / {overall.asked}", s.cell_center),
        p(str(len(overall.gaps)), s.cell_center),
        p(str(len(overall.unknowns)), s.cell_center),
    ])
    fixed = [16 * st.MM, gauge_width + 4 * st.MM, 28 * st.MM, 16 * st.MM, 24 * st.MM]
    widths = [st.CONTENT_WIDTH - sum(fixed), *fixed]
    story.append(data_table(rows, widths, extra=[
        ("SPAN", (1, 0), (2, 0)),  # "Score" over the figure and its gauge: room for "Punteggio"
        ("TOPPADDING", (0, 1), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 3.5),
        ("VALIGN", (2, 1), (2, -1), "MIDDLE"),
        ("VALIGN", (0, 1), (1, -1), "MIDDLE"),
        ("VALIGN", (3, 1), (-1, -1), "MIDDLE"),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, st.NAVY),
        ("BACKGROUND", (0, -1), (-1, -1), st.HEADER_FILL),
    ]))
    return story
