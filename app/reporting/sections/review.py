"""The auditor's review (only when the assessment has one): who reviewed it and when, the
opinion, the verdicts counted, the self-assessed score beside the reviewed one (overall and per
theme), and every reviewed answer side by side with the auditor's verdict, disputed first.

The practice's answers are printed as the practice gave them; the auditor's proposals stand
beside them, never in their place. The review is not part of the assessment's fingerprint.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from app.domain.review import REVIEW_STATUS_LABELS, ReviewItemStatus
from app.domain.scoring import AssessmentScore
from app.i18n import N_
from app.reporting import styles as st
from app.reporting.flowables import callout
from app.reporting.hyphenation import narrow_style
from app.reporting.review_data import VERDICT_ORDER, ReviewData, ReviewRow
from app.reporting.sections.common import (
    Layout,
    answer_cell,
    coloured,
    data_table,
    markup,
    p,
    question_cell,
    section_heading,
    soft,
    sub_heading,
)
from app.reporting.text import esc

TITLE = N_("Auditor's review")
VERDICT_COLOURS = {
    ReviewItemStatus.DISPUTED: st.RED,
    ReviewItemStatus.EVIDENCE_NEEDED: st.AMBER,
    ReviewItemStatus.CONFIRMED: st.GREEN,
}


_HEAD_RIGHT = ParagraphStyle("cell_head_right", parent=st.styles().cell_head,
                             alignment=TA_RIGHT)


def _heads(layout: Layout, titles: list[str], *, numbers_from: int | None = None
           ) -> list[Flowable]:
    """Header cells whose long words may break at a syllable (translated titles run long:
    "Selbsteinschätzung" in a 32 mm column); right-aligned over columns of numbers."""
    left, right = narrow_style(layout.styles.cell_head), narrow_style(_HEAD_RIGHT)
    return [p(soft(layout, title),
              right if numbers_from is not None and index >= numbers_from else left)
            for index, title in enumerate(titles)]


def _facts(layout: Layout, review: ReviewData) -> Flowable:
    """Auditor, date, how many answers were reviewed, and the verdicts counted."""
    s, w, data = layout.styles, layout.data.words, layout.data
    concluded = review.review.reviewed_at
    when = (w.date(concluded.date()) if concluded is not None
            else w(N_("In progress: the auditor has not concluded yet")))
    verdicts = "\u00a0\u00a0· ".join(
        coloured(f"{w(REVIEW_STATUS_LABELS[status])}\u00a0{review.count(status)}",
                 VERDICT_COLOURS[status], bold=True) for status in VERDICT_ORDER)
    rows = [
        [p(w(N_("Auditor")), s.cell_head), p(review.review.auditor.strip() or "—", s.cell)],
        [p(w(N_("Review date")), s.cell_head), p(when, s.cell)],
        [p(w(N_("Answers reviewed")), s.cell_head),
         p(w(N_("{reviewed} of {asked} questions asked")).format(
             reviewed=len(review.rows), asked=data.score.asked), s.cell)],
        [p(w(N_("Verdicts")), s.cell_head), markup(verdicts, s.cell)],
    ]
    return data_table(rows, [48 * st.MM, st.CONTENT_WIDTH - 48 * st.MM], header=False)


def _opinion(layout: Layout, review: ReviewData) -> list[Flowable]:
    s, w = layout.styles, layout.data.words
    text = review.review.opinion.strip()
    if not text:
        return [p(w(N_("The auditor has not written an overall opinion.")), s.note)]
    return [callout([markup(f"<i>{esc(text)}</i>", s.body)], fill=st.PANEL, edge=st.TEAL)]


def _score_cells(layout: Layout, score: float | None) -> Flowable:
    w, s = layout.data.words, layout.styles
    return markup(coloured(w.score(score), st.score_colour(score), bold=True), s.cell_right)


def _change(layout: Layout, before: float | None, after: float | None) -> Flowable:
    """The change of the scores as printed (whole numbers), signed."""
    w, s = layout.data.words, layout.styles
    if before is None or after is None:
        return p("—", s.cell_right)
    change = round(after) - round(before)
    if not change:
        return p(w.number(0), s.cell_right)
    colour = st.GREEN if change > 0 else st.RED
    sign = "+" if change > 0 else "−"
    return markup(coloured(sign + w.number(abs(change)), colour, bold=True), s.cell_right)


def _scores(layout: Layout, reviewed: AssessmentScore) -> Flowable:
    """Self-assessed and reviewed, per theme, overall and as a maturity level."""
    s, w = layout.styles, layout.data.words
    own = layout.data.score
    rows: list[list[object]] = [_heads(layout, [
        w(N_("Theme")), w(N_("Self-assessed")), w(N_("Reviewed")), w(N_("Change"))],
        numbers_from=1)]
    reviewed_by_id = {t.theme.id: t for t in reviewed.themes}
    for theme in own.themes:
        if not theme.asked:
            continue
        after = reviewed_by_id[theme.theme.id].score
        rows.append([p(w.text(theme.theme.title), s.cell), _score_cells(layout, theme.score),
                     _score_cells(layout, after), _change(layout, theme.score, after)])
    rows.append([p(w(N_("Overall")), s.cell_bold), _score_cells(layout, own.overall),
                 _score_cells(layout, reviewed.overall),
                 _change(layout, own.overall, reviewed.overall)])
    level_row = [p(w(N_("Maturity level")), s.cell_bold)]
    for level in (own.level, reviewed.level):
        level_row.append(markup(coloured(f"{level.number}\u00a0· {w(level.name)}",
                                         st.LEVEL_COLOURS[level.number], bold=True),
                                s.cell_right))
    rows.append([*level_row, p("", s.cell)])
    fixed = [32 * st.MM, 32 * st.MM, 22 * st.MM]
    return data_table(rows, [st.CONTENT_WIDTH - sum(fixed), *fixed], extra=[
        ("LINEABOVE", (0, -2), (-1, -2), 0.8, st.NAVY),
        ("BACKGROUND", (0, -2), (-1, -1), st.HEADER_FILL),
    ])


# Column widths of the reviewed answers: question, practice's answer, verdict, auditor's
# answer, comment.
_FIXED = (30 * st.MM, 24 * st.MM, 30 * st.MM, 42 * st.MM)
ANSWER_WIDTHS = (st.CONTENT_WIDTH - sum(_FIXED), *_FIXED)


def _verdict_cell(layout: Layout, row: ReviewRow) -> Flowable:
    w, s = layout.data.words, layout.styles
    label = soft(layout, w(REVIEW_STATUS_LABELS[row.item.status]))
    return markup(coloured(label, VERDICT_COLOURS[row.item.status], bold=True),
                  narrow_style(s.cell))


def _answers(layout: Layout, review: ReviewData) -> Flowable:
    """Question, the practice's answer (with its note), verdict, proposal, comment."""
    s, w = layout.styles, layout.data.words
    rows: list[list[object]] = [_heads(layout, [
        w(N_("Question")), w(N_("Practice's answer")), w(N_("Verdict")),
        w(N_("Auditor's answer")), w(N_("Auditor's comment"))])]
    for row in review.rows:
        value = row.answer.value if row.answer else None
        practice = answer_cell(layout, w.answer(row.question, value, row.status), row.worth,
                               row.answer.note if row.answer else "",
                               scored=row.worth is not None, hyphenate=True)
        proposed = row.item.proposed
        if row.item.status is ReviewItemStatus.DISPUTED and proposed is not None:
            auditor: object = answer_cell(layout, w.answer(row.question, proposed),
                                          row.proposed_worth, hyphenate=True,
                                          scored=row.proposed_worth is not None)
        else:
            auditor = p("—", s.cell)
        comment = soft(layout, row.item.comment.strip())
        rows.append([question_cell(layout, row.question.id, w.text(row.question.text),
                                   small=True, hyphenate=True),
                     practice, _verdict_cell(layout, row), auditor,
                     p(comment, narrow_style(s.cell_small_ink))])
    return data_table(rows, ANSWER_WIDTHS)


def build(layout: Layout) -> list[Flowable]:
    data, s, w = layout.data, layout.styles, layout.data.words
    review = data.review
    if review is None:
        return []
    story: list[Flowable] = [
        section_heading(layout, w(TITLE), "review"),
        p(w(N_("An auditor reviewed the practice's answers: each reviewed answer is confirmed, "
               "disputed (with the answer the auditor believes right) or waiting for evidence. "
               "The practice's answers are kept as given; the reviewed score is computed by "
               "the same rules with each disputed answer replaced by the auditor's.")), s.body),
        Spacer(1, 2 * st.MM),
        _facts(layout, review),
        KeepTogether([sub_heading(layout, w(N_("Opinion")), "review-opinion"),
                      *_opinion(layout, review)]),
        KeepTogether([sub_heading(layout, w(N_("Self-assessed and reviewed scores")),
                                  "review-scores"),
                      _scores(layout, review.score)]),
        CondPageBreak(40 * st.MM),
        sub_heading(layout, w(N_("Reviewed answers")), "review-answers"),
    ]
    if review.rows:
        story.append(p(w(N_("Disputed answers first, then those waiting for evidence, then "
                            "the confirmed ones.")), s.small))
        story.append(_answers(layout, review))
    else:
        story.append(p(w(N_("The auditor has not given a verdict on any answer yet.")), s.body))
    return story
