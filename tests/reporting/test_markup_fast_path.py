"""``markup.fragments`` gives exactly ReportLab's fragments, or hands the text back to ReportLab;
markup characters typed by the practice still print as typed."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from app.domain.answers import Answer
from app.domain.assessment import PracticeInfo
from app.domain.questionnaire import Questionnaire
from app.reporting import styles as st
from app.reporting.flowables import Para
from app.reporting.fonts import register_fonts
from app.reporting.hyphenation import narrow_style
from app.reporting.markup import fragments
from app.reporting.sections.common import coloured
from app.reporting.text import esc
from tests.reporting.conftest import COMPLETE, render, snapshot_of
from tests.reporting.pdf_reading import flat, full_text

TYPED = 'Dr A & B <test> "Cabinet" </para> <b>pas gras</b> &amp; 3 < 4 > 2'
# What the sections write: a question id in grey then its text, an answer in its colour and
# bold, a note in italics, a label then a value, line breaks, entities from ``esc``.
WRITTEN = [
    esc(TYPED),
    f'<font size="7" color="#5B6B7B">{esc("BAK-01")}</font>\u00a0\u00a0{esc(TYPED)}',
    coloured("Oui, chaque jour & testé", st.GREEN, bold=True),
    coloured("Non <jamais>", st.RED),
    f"<i>{esc('Vérifié le 3 novembre — « OK »')}</i>",
    f'<font color="#5B6B7B">{esc("Qui")}</font>  {esc("Prestataire")}',
    f'<font size="7" color="#2B7A8C"><b>{esc("GAIN RAPIDE")}</b></font>',
    f"<b>{esc('Art. 32')}</b> — {esc('Sécurité du traitement')}",
    esc("Rue de l’Hôpital 12\n1205 Genève\r\nSuisse"),
    f'<font color="#2B7A8C">6</font>\u00a0\u00a0{esc("Annexe : toutes les réponses")}',
    "   leading and   trailing   spaces   ",
    f"<b>{esc('a')}</b><i>{esc('b')}</i>{esc('&&')}<br/><br/>{esc('c')}",
    esc("Datensicherungsverantwortlicher\u00ad Wiederherstellungsprüfung"),
]
# Texts the fast path must leave to ReportLab.
FOREIGN = [
    "a <u>souligné</u> mot",
    "a stray & ampersand",
    "a stray < bracket",
    "&nbsp;une entité",
    "&#169; 2026",
    "a private use \ue001 character",
    "<font color='#5B6B7B'>single quotes</font>",
    "<B>upper case</B>",
    "",
]


@pytest.fixture(autouse=True)
def _fonts() -> None:
    register_fonts()


def reportlab_frags(text: str, style: Any) -> list[Any]:
    parser = ParaParser()
    parser.caseSensitive = 1
    _style, frags, _bullet = parser.parse(cleanBlockQuotedText(text), style)
    return list(frags)


STYLES = [st.styles().cell, st.styles().body, narrow_style(st.styles().cell_small_ink),
          st.styles().h1]


@pytest.mark.parametrize("text", WRITTEN)
@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
def test_the_fragments_are_reportlabs(text: str, style: Any) -> None:
    for _ in range(2):  # the second time from the cached skeleton
        mine = fragments(cleanBlockQuotedText(text), style)
        assert mine is not None
        theirs = reportlab_frags(text, style)
        assert [vars(f) for f in mine] == [vars(f) for f in theirs]


def test_paragraphs_never_share_fragments() -> None:
    style = st.styles().cell
    first = fragments(coloured("Oui", st.GREEN, bold=True), style)
    second = fragments(coloured("Non", st.GREEN, bold=True), style)
    assert first is not None and second is not None
    assert first[0] is not second[0]
    assert (first[0].text, second[0].text) == ("Oui", "Non")


@pytest.mark.parametrize("text", FOREIGN)
def test_other_markup_is_left_to_reportlab(text: str) -> None:
    style = st.styles().cell
    assert fragments(cleanBlockQuotedText(text), style) is None
    para, theirs = Para(text, style), Paragraph(text, style)
    assert [vars(f) for f in para.frags] == [vars(f) for f in theirs.frags]


@pytest.mark.parametrize("text", WRITTEN + FOREIGN)
def test_a_para_lays_out_and_reads_like_a_paragraph(text: str) -> None:
    style = st.styles().cell
    para, theirs = Para(text, style), Paragraph(text, style)
    assert para.text == theirs.text
    assert para.wrap(140, 1000) == theirs.wrap(140, 1000)
    assert para.getPlainText() == theirs.getPlainText()


def test_markup_typed_by_the_practice_prints_as_typed(questionnaire: Questionnaire) -> None:
    practice = PracticeInfo(name=TYPED, address="Rue <x> & 1\n1000 Lausanne", country="CH",
                            identifiers={"GLN": "7601000123456"})
    answers = dict(COMPLETE)
    answers["SRV-01"] = Answer("no", "Note <b>pas gras</b> & <br/> « ok »")
    pdf = render(snapshot_of(questionnaire, answers, practice=practice), questionnaire, "fr")
    text = flat(full_text(pdf))
    assert flat(TYPED) in text
    assert "Rue <x> & 1" in text
    assert "Note <b>pas gras</b> & <br/> « ok »" in text
