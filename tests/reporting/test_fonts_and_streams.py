"""The report uses ReportLab's plain API for its fonts and streams: the Vera family registered as
ReportLab's own ``TTFont``, and ReportLab's global settings (``rl_config``) never changed, even
for the time of a build (issue 20: switching them paid 4 %, under the 10 % a hack must pay)."""

from __future__ import annotations

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.domain.assessment import AssessmentSnapshot
from app.domain.questionnaire import Questionnaire
from app.reporting.fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR, register_fonts
from tests.reporting.conftest import render
from tests.reporting.pdf_reading import all_objects, reader


def test_the_fonts_are_reportlabs_own() -> None:
    register_fonts()
    for name in (REGULAR, BOLD, ITALIC, BOLD_ITALIC):
        assert type(pdfmetrics.getFont(name)) is TTFont


def test_a_build_leaves_reportlabs_settings_alone(
        complete: AssessmentSnapshot, questionnaire: Questionnaire) -> None:
    settings = rl_config.useA85, rl_config.shapeChecking
    pdf = render(complete, questionnaire)
    assert (rl_config.useA85, rl_config.shapeChecking) == settings
    filters = [str(obj.get("/Filter")) for obj in all_objects(reader(pdf))
               if hasattr(obj, "get_data")]
    assert filters  # compressed streams, as ReportLab writes them by default
