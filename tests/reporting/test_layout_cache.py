"""``flowables.Para``: lines broken once per width, the same lines as a fresh paragraph, and no
hyphen lost when ReportLab would break its own output again."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.platypus import Paragraph

from app.reporting import styles as st
from app.reporting.flowables import Para
from app.reporting.fonts import register_fonts
from app.reporting.hyphenation import narrow_style

QUESTION = ('<font size="7" color="#5B6B7B">NET-07</font>\u00a0\u00a0Quand le serveur est-il '
            "allumé ? Le prestataire et les éditeurs ne se connectent-ils qu'avec votre accord ?")
PLAIN = ("Les données des patients sont protégées par des sauvegardes régulières, des mots de "
         "passe robustes et des mises à jour appliquées sans délai.")


@pytest.fixture(autouse=True)
def _fonts() -> None:
    register_fonts()


def lines(paragraph: Paragraph) -> list[str]:
    """The text of each line, as ReportLab will draw it."""
    para = paragraph.blPara
    if para.kind == 0:
        return [" ".join(str(word) for word in line[1]) for line in para.lines]
    return ["".join(getattr(word, "text", "") for word in line.words) for line in para.lines]


def count_breaks(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    calls: list[float] = []
    original = Paragraph.breakLines

    def counted(self: Paragraph, width: Any) -> Any:
        calls.append(width)
        return original(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counted)
    return calls


@pytest.mark.parametrize("text", [PLAIN, QUESTION])
def test_lines_are_broken_once_per_width(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_breaks(monkeypatch)
    para = Para(text, st.styles().cell)
    first = para.wrap(120, 1000)
    assert para.wrap(120, 50) == first  # the height offered does not matter
    assert para.wrap(120, 1000) == first
    assert len(calls) == 1


@pytest.mark.parametrize("text", [PLAIN, QUESTION])
def test_another_width_gives_a_fresh_paragraphs_layout(text: str) -> None:
    style = narrow_style(st.styles().cell)
    para = Para(text, style)
    para.wrap(200, 1000)
    assert para.wrap(90, 1000) == Paragraph(text, style).wrap(90, 1000)
    fresh = Paragraph(text, style)
    fresh.wrap(90, 1000)
    assert lines(para) == lines(fresh)
    # and back to the first width: the layout of a fresh paragraph at that width
    wide = Paragraph(text, style)
    assert para.wrap(200, 1000) == wide.wrap(200, 1000)
    assert lines(para) == lines(wide)


def test_embedded_hyphens_survive_repeated_wraps() -> None:
    """ReportLab's own Paragraph loses the hyphen when it breaks its lines a second time (at
    some widths with one more line than it measured, which overflows a table cell)."""
    style = narrow_style(st.styles().cell)
    para = Para(QUESTION, style)
    shown = []
    for width in (125, 125, 65, 125):
        para.wrap(width, 1000)
        shown.append("".join(lines(para)).replace(" ", ""))
    for text in shown:
        assert "est-il" in text and "connectent-ils" in text
    plain = Paragraph(QUESTION, style)
    plain.wrap(125, 1000)
    plain.wrap(125, 1000)
    assert "estil" in "".join(lines(plain)), "ReportLab fixed it: Para's restore can go"


def test_split_parts_lay_out_like_the_whole() -> None:
    style = st.styles().cell
    text = " ".join([PLAIN] * 6)
    para = Para(text, style)
    _width, height = para.wrap(150, 1000)
    whole = lines(para)
    parts = para.split(150, height / 2)
    assert len(parts) == 2 and all(isinstance(part, Para) for part in parts)
    heights = [part.wrap(150, 1000)[1] for part in parts]
    assert sum(heights) == pytest.approx(height)
    assert lines(parts[0]) + lines(parts[1]) == whole
    # nothing fits: split forgets the lines, and the next wrap breaks them again
    assert para.split(150, 5) == []
    assert para.wrap(150, 1000) == (150, height)
    assert "blPara" in para.__dict__


def test_the_reviewed_real_bank_keeps_its_hyphens_in_the_narrow_columns() -> None:
    """NET-07 and RMT-04 in the French review table: "est-il", "connectent-ils" (before the
    fix, drawn "estil" and "connectentils", lines that the table had not measured)."""
    from app.domain.catalog import get_entry
    from app.reporting.report import build_report
    from tests.reporting.helpers import GENERATED_AT, make_snapshot, mixed_answers
    from tests.reporting.pdf_reading import page_texts
    from tests.reporting.review_helpers import sample_review, with_review

    questionnaire = get_entry("cabinet-medical").questionnaire
    snapshot = make_snapshot(questionnaire, mixed_answers(questionnaire))
    pdf = build_report(with_review(snapshot, sample_review(questionnaire, snapshot.answers)),
                       questionnaire, language="fr", generated_at=GENERATED_AT)
    text = "".join(page_texts(pdf)).replace("\n", "").replace(" ", "")
    assert "Quandleserveurest-ilallumé" in text
    assert "connectent-ils" in text
    assert "estil" not in text and "connectentils" not in text


def test_softened_words_are_remembered_and_the_same_as_pyphens() -> None:
    from app.reporting import hyphenation

    text = "Datensicherungsverantwortlicher und Datensicherungsverantwortlicher kurz"
    first = hyphenation.soften(text, "de_CH")
    hits = hyphenation._softened.cache_info().hits
    assert hyphenation.soften(text, "de_CH") == first
    assert hyphenation._softened.cache_info().hits >= hits + 2
    word = hyphenation._hyphenator("de_CH").inserted("Datensicherungsverantwortlicher",
                                                     hyphenation.SOFT_HYPHEN)
    assert first == f"{word} und {word} kurz"
