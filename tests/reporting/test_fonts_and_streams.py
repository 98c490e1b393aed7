"""The fonts' memory of widths gives ReportLab's widths; the report's streams are binary (no
ASCII85) and ReportLab's setting is left as it was."""

from __future__ import annotations

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.domain.assessment import AssessmentSnapshot
from app.domain.questionnaire import Questionnaire
from app.reporting.fonts import (
    BOLD,
    REGULAR,
    MeasuredFont,
    fonts_dir,
    forget_widths,
    register_fonts,
)
from app.reporting.report import binary_streams
from tests.reporting.conftest import render
from tests.reporting.pdf_reading import all_objects, reader

WORDS = ["de", "sauvegarde", "Datensicherungsverantwortlicher", "àâäçéèêëîïôöùûüÿœæ € « » ’ —",
         "", "\u00a0\u00a0", "Wiederherstellungs\u00adprüfung"]


@pytest.mark.parametrize("size", [7, 8.5, 9.5, 18])
def test_remembered_widths_are_reportlabs(size: float) -> None:
    register_fonts()
    font = pdfmetrics.getFont(REGULAR)
    assert isinstance(font, MeasuredFont)
    plain = TTFont("plain-vera", str(fonts_dir() / "Vera.ttf"))
    for _ in range(2):  # measured, then remembered
        for word in WORDS:
            assert font.stringWidth(word, size) == plain.stringWidth(word, size)
            assert pdfmetrics.stringWidth(word, REGULAR, size) == plain.stringWidth(word, size)
    assert font.stringWidth(b"bytes", size) == plain.stringWidth(b"bytes", size)


def test_forget_widths_empties_every_font() -> None:
    register_fonts()
    for name in (REGULAR, BOLD):
        pdfmetrics.stringWidth("mot", name, 9)
    forget_widths()
    for name in (REGULAR, BOLD):
        font = pdfmetrics.getFont(name)
        assert isinstance(font, MeasuredFont) and not font._widths


def test_streams_are_binary_and_the_setting_is_put_back(
        complete: AssessmentSnapshot, questionnaire: Questionnaire) -> None:
    before = rl_config.useA85, rl_config.shapeChecking
    pdf = render(complete, questionnaire)
    assert (rl_config.useA85, rl_config.shapeChecking) == before
    filters = [str(obj.get("/Filter")) for obj in all_objects(reader(pdf))
               if hasattr(obj, "get_data")]
    assert filters and all("ASCII85" not in f for f in filters)
    assert b"/ASCII85Decode" not in pdf


def test_the_settings_are_put_back_after_an_error() -> None:
    before = rl_config.useA85, rl_config.shapeChecking
    assert before == (1, 1)  # ReportLab's defaults
    seen = []

    def fail() -> None:
        with binary_streams():
            seen.append((rl_config.useA85, rl_config.shapeChecking))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    assert seen == [(0, 0)]
    assert (rl_config.useA85, rl_config.shapeChecking) == before
