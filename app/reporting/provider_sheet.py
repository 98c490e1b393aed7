"""The page the practice hands to its IT provider: the technical questions of its assessment.

Half the bank is technical (firewall, server, backups, remote access…): a physician answers
"I don't know" where the provider knows. The questions marked ``ask_it_provider`` that are asked of
this practice and still open (unanswered, or answered "I don't know") are listed with room for the
provider's answer — what the practice needs to hand over, usually one page; ``every_question``
lists the answered ones too, with their answers, for the provider to check.
"""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.domain.assessment import AssessmentSnapshot
from app.domain.questionnaire import Question, Questionnaire
from app.domain.scoring import AnswerStatus
from app.domain.skip_logic import visible_question_ids
from app.domain.vocabulary import UNKNOWN
from app.i18n import N_
from app.reporting.fonts import BOLD, REGULAR, clean, register_fonts
from app.reporting.text import Words, esc


def provider_questions(snapshot: AssessmentSnapshot, questionnaire: Questionnaire, *,
                       every_question: bool = False) -> list[Question]:
    """The technical questions asked of this practice and still open ("I don't know" or no
    answer yet; all of them with ``every_question``), in questionnaire order."""
    values = snapshot.values
    visible = visible_question_ids(questionnaire, values)
    return [q for q in questionnaire.all_questions()
            if q.ask_it_provider and q.id in visible
            and (every_question or values.get(q.id) in (None, UNKNOWN))]


def build_provider_sheet(snapshot: AssessmentSnapshot, questionnaire: Questionnaire, *,
                         language: str, every_question: bool = False,
                         generated_at: dt.datetime | None = None) -> bytes:
    register_fonts()
    words = Words(language, snapshot.practice.country, questionnaire.languages[0])
    w = words
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=8.5, leading=10.5)
    cell = ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9)
    head = ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=14, leading=17)

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(esc(clean(text)), style)

    moment = (generated_at or dt.datetime.now()).date()
    story = [
        para(w(N_("Questions for your IT provider")), head),
        Spacer(1, 2 * mm),
        para(w(N_("{practice} — assessment of {date}, questionnaire {id} {version}.")).format(
            practice=snapshot.practice.name, date=w.date(moment, "long"),
            id=questionnaire.id, version=questionnaire.version), body),
        para(w(N_("These technical questions are best answered by whoever looks after the "
                  "practice's IT. Please write the answer in the last column (yes, partly, no, "
                  "or what is in place) and give the sheet back; the practice enters the "
                  "answers in CyberCabinet.")), body),
        Spacer(1, 3 * mm),
    ]
    rows: list[list[object]] = [[para("#", cell), para(w(N_("Question")), cell),
                                 para(w(N_("Answer so far")), cell),
                                 para(w(N_("The IT provider's answer")), cell)]]
    questions = provider_questions(snapshot, questionnaire, every_question=every_question)
    if not questions:
        story.append(para(w(N_("No technical question is open: every one has an answer other "
                               "than “I don't know”.")), body))
    for question in questions:
        value = snapshot.values.get(question.id)
        status = AnswerStatus.UNANSWERED if value is None else AnswerStatus.ANSWERED
        so_far = "—" if value is None else w.answer(question, value, status)
        rows.append([para(question.id, cell), para(w.text(question.text), cell),
                     para(so_far, cell), ""])
    width = A4[0] - 30 * mm
    table = Table(rows, colWidths=[16 * mm, width - 86 * mm, 30 * mm, 40 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#B8C4CF")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    if questions:
        story.append(table)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                                 topMargin=12 * mm, bottomMargin=12 * mm,
                                 title=clean(w(N_("Questions for your IT provider"))),
                                 author="CyberCabinet", initialFontName=REGULAR)
    document.build(story)
    return buffer.getvalue()
