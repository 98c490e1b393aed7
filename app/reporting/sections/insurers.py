"""What insurers ask: the questions tagged with an insurer topic, grouped by topic, with the
practice's answers, in one table."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.domain.scoring import QuestionResult
from app.domain.vocabulary import InsurerTopic
from app.i18n import N_
from app.reporting import styles as st
from app.reporting.sections.common import (
    Layout,
    answer_cell,
    coloured,
    data_table,
    head_cells,
    markup,
    p,
    section_heading,
)

TITLE = N_("What insurers ask")


def grouped(results: list[QuestionResult]) -> list[tuple[InsurerTopic, list[QuestionResult]]]:
    """The tagged questions by topic, topics in the vocabulary's order."""
    groups = []
    for topic in InsurerTopic:
        mine = [r for r in results if r.question.insurer is topic]
        if mine:
            groups.append((topic, mine))
    return groups


def build(layout: Layout) -> list[Flowable]:
    data, s, w = layout.data, layout.styles, layout.data.words
    story: list[Flowable] = [
        section_heading(layout, w(TITLE), "insurers"),
        p(w(N_("The controls cyber insurers ask about, with the practice's answers. A question "
               "“not asked” did not concern the practice (for example, no remote access).")),
          s.body),
    ]
    groups = grouped(data.score.results)
    if not groups:
        story.append(p(w(N_("This questionnaire has no question tagged for insurers.")), s.body))
        return story
    rows: list[list[object]] = [head_cells(layout, [
        w(N_("Question")), w(N_("Answer and note"))])]
    extra: list[tuple[object, ...]] = []
    for topic, results in groups:
        extra += [("BACKGROUND", (0, len(rows)), (-1, len(rows)), st.HEADER_FILL),
                  ("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.6, st.RULE)]
        asked = [r for r in results if r.score is not None]
        in_place = sum(1 for r in asked if r.score is not None and r.score >= 1.0)
        tally = w(N_("{count} of {total} in place")).format(count=in_place, total=len(asked))
        colour = st.GREEN if asked and in_place == len(asked) else st.MUTED
        rows.append([markup(coloured(w.label(topic), st.NAVY, bold=True), s.cell),
                     markup(coloured(tally, colour), s.cell_small_ink) if asked else ""])
        for result in results:
            answer = w.answer(result.question, result.value, result.status)
            note = data.snapshot.answers.get(result.question.id)
            rows.append([p(w.text(result.question.text), s.cell),
                         answer_cell(layout, answer, result.score, note.note if note else "")])
    widths = [st.CONTENT_WIDTH - 66 * st.MM, 66 * st.MM]
    story.append(data_table(rows, widths, extra=extra))
    return story
