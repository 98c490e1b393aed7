"""Appendix: every question asked with its answer (in the report's language) and its note, then
what was skipped as not applicable or not asked."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable

from app.domain.questionnaire import Question
from app.domain.scoring import AnswerStatus, QuestionResult
from app.i18n import N_
from app.reporting import styles as st
from app.reporting.sections.common import (
    Layout,
    answer_cell,
    data_table,
    head_cells,
    p,
    question_cell,
    section_heading,
    sub_heading,
)

TITLE = N_("Appendix: every answer")
PROFILE = N_("Practice profile")
SKIPPED = N_("Questions not asked")
ANSWER_WIDTH = 62 * st.MM


def _table(layout: Layout, rows: Sequence[tuple[Question, str, str, float | None, bool]]
           ) -> Flowable:
    w = layout.data.words
    table_rows: list[list[object]] = [head_cells(layout, [
        w(N_("Question")), w(N_("Answer and note"))])]
    for question, answer, note, worth, scored in rows:
        table_rows.append([
            question_cell(layout, question.id, w.text(question.text)),
            answer_cell(layout, answer, worth, note, scored=scored),
        ])
    widths = [st.CONTENT_WIDTH - ANSWER_WIDTH, ANSWER_WIDTH]
    return data_table(table_rows, widths)


def _row(layout: Layout, result: QuestionResult) -> tuple[Question, str, str, float | None, bool]:
    w = layout.data.words
    answer = layout.data.snapshot.answers.get(result.question.id)
    return (result.question, w.answer(result.question, result.value, result.status),
            answer.note if answer else "", result.score, True)


def build(layout: Layout) -> list[Flowable]:
    data, s, w = layout.data, layout.styles, layout.data.words
    results = data.score.results
    not_asked = [r for r in results if r.status is AnswerStatus.HIDDEN]
    not_applicable = [r for r in results if r.status is AnswerStatus.NOT_APPLICABLE]
    intro = [w(N_("Every question asked, theme by theme, with the practice's answer and "
                  "note."))]
    if not_applicable:
        intro.append(w.ngettext("{count} question was answered “not applicable”.",
                                "{count} questions were answered “not applicable”.",
                                len(not_applicable)).format(count=len(not_applicable)))
    if not_asked:
        intro.append(w.ngettext("{count} question was not asked, as it does not concern the "
                                "practice; it is listed at the end.",
                                "{count} questions were not asked, as they do not concern the "
                                "practice; they are listed at the end.",
                                len(not_asked)).format(count=len(not_asked)))
    story: list[Flowable] = [section_heading(layout, w(TITLE), "appendix"),
                             p(" ".join(intro), s.body)]
    profile_rows = []
    for question in data.questionnaire.profile:
        answer = data.snapshot.answers.get(question.id)
        if answer is None:
            continue
        profile_rows.append((question, w.answer(question, answer.value), answer.note, None,
                             False))
    if profile_rows:
        story += [CondPageBreak(40 * st.MM),
                  sub_heading(layout, w(PROFILE), "appendix-profile", style_name="h3"),
                  _table(layout, profile_rows)]
    for theme in data.questionnaire.themes:
        asked = [r for r in results if r.theme is theme and r.status is not AnswerStatus.HIDDEN]
        if not asked:
            continue
        story += [CondPageBreak(40 * st.MM),
                  sub_heading(layout, w.text(theme.title), f"appendix-{theme.id}",
                              style_name="h3"),
                  _table(layout, [_row(layout, r) for r in asked])]
    if not_asked:
        story += [CondPageBreak(40 * st.MM),
                  sub_heading(layout, w(SKIPPED), "appendix-skipped", style_name="h3"),
                  p(w(N_("Skip logic left these out: the practice's profile or an earlier "
                         "answer shows they do not apply.")), s.small)]
        table_rows: list[list[object]] = [head_cells(layout, [
            w(N_("Question")), w(N_("Theme"))])]
        for result in not_asked:
            table_rows.append([question_cell(layout, result.question.id,
                                             w.text(result.question.text)),
                               p(w.text(result.theme.title), s.cell_small)])
        widths = [st.CONTENT_WIDTH - ANSWER_WIDTH, ANSWER_WIDTH]
        story.append(data_table(table_rows, widths))
    return story
