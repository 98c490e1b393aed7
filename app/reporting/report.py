"""The PDF report of one assessment: ``build_report`` is the entry point.

The report is built in the language chosen for it, from domain objects only (never from the
database). The same snapshot, questionnaire, language, frameworks and ``generated_at`` give the
same bytes. One layout pass: "page x / y" is drawn when the document is saved
(``canvas.ReportCanvas``), then pyHanko adds the two empty signature fields.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from app import APP_NAME, __version__
from app.domain.assessment import AssessmentSnapshot
from app.domain.compliance import Framework
from app.domain.questionnaire import Questionnaire
from app.i18n import N_
from app.reporting import styles as st
from app.reporting.canvas import PageDecor, ReportCanvas
from app.reporting.flowables import PlacedBox
from app.reporting.fonts import REGULAR, register_fonts
from app.reporting.metadata import custom_info
from app.reporting.model import ReportData, build_report_data
from app.reporting.sections import (
    actions,
    appendix,
    compliance,
    cover,
    insurers,
    review,
    signatures,
    summary,
    themes,
)
from app.reporting.sections.common import Layout
from app.reporting.signature_fields import add_signature_fields
from app.reporting.watermark import draft_word

Section = Callable[[Layout], list[Flowable]]
# (key, builder) in reading order; the cover has no number, the review is there only when the
# assessment has one.
SECTIONS: tuple[tuple[str, Section], ...] = (
    ("cover", cover.build), ("summary", summary.build), ("themes", themes.build),
    ("actions", actions.build), ("compliance", compliance.build),
    ("insurers", insurers.build), ("review", review.build), ("appendix", appendix.build),
    ("signatures", signatures.build),
)
SUBJECT = N_("Cybersecurity self-assessment: score, action plan and data-protection summary")
KEYWORDS = (N_("cybersecurity"), N_("self-assessment"), N_("action plan"),
            N_("data protection"), N_("medical practice"))


@dataclass(frozen=True)
class RenderedReport:
    pdf: bytes
    signature_boxes: Mapping[str, PlacedBox]
    """Where the signature fields are: page index and rectangle, by field name."""


def build_report(snapshot: AssessmentSnapshot, questionnaire: Questionnaire, *,
                 language: str, frameworks: set[Framework] | None = None,
                 generated_at: dt.datetime | None = None) -> bytes:
    """The PDF report of ``snapshot``, in ``language``, as bytes.

    ``frameworks``: the data-protection laws to summarise; by default those of the practice's
    country (nLPD + OPDo for "CH", RGPD otherwise). ``generated_at``: the date printed and
    stored in the PDF (now if not given).
    """
    return render_report(snapshot, questionnaire, language=language, frameworks=frameworks,
                         generated_at=generated_at).pdf


def render_report(snapshot: AssessmentSnapshot, questionnaire: Questionnaire, *,
                  language: str, frameworks: set[Framework] | None = None,
                  generated_at: dt.datetime | None = None) -> RenderedReport:
    """``build_report``, and where the layout put the signature boxes."""
    register_fonts()
    moment = generated_at or dt.datetime.now().astimezone()
    data = build_report_data(snapshot, questionnaire, language=language,
                             frameworks=frameworks, generated_at=moment)
    layout = Layout(data, numbers=section_numbers(data))
    pdf = add_signature_fields(_render(layout), layout.signature_boxes)
    return RenderedReport(pdf, dict(layout.signature_boxes))


def _present(data: ReportData) -> list[tuple[str, Section]]:
    return [(key, build) for key, build in SECTIONS if key != "review" or data.review]


def section_numbers(data: ReportData) -> dict[str, int]:
    """Each present section's number (the cover is 0)."""
    return {key: number for number, (key, _build) in enumerate(_present(data))}


def _story(layout: Layout) -> list[Flowable]:
    story: list[Flowable] = []
    for index, (_key, section) in enumerate(_present(layout.data)):
        if index:
            story.append(PageBreak())
        story.extend(section(layout))
    return story


def _decor(data: ReportData) -> PageDecor:
    w, snapshot = data.words, data.snapshot
    return PageDecor(
        practice=snapshot.practice.name,
        report_title=w(cover.TITLE),
        date=w.date(data.generated_at.date()),
        fingerprint_label=w(N_("Fingerprint")),
        fingerprint=data.fingerprint,
        page_label=w(N_("Page {page} / {pages}")),
        watermark=draft_word(w.language) if data.is_draft else None,
        created=data.generated_at,
        extra_info=custom_info(data.fingerprint, snapshot.id, snapshot.questionnaire_id,
                               snapshot.questionnaire_version),
    )


def _render(layout: Layout) -> bytes:
    data = layout.data
    w, snapshot = data.words, data.snapshot
    buffer = io.BytesIO()
    country = data.words.country
    doc = BaseDocTemplate(
        buffer,
        pagesize=(st.PAGE_WIDTH, st.PAGE_HEIGHT),
        leftMargin=st.MARGIN_X, rightMargin=st.MARGIN_X,
        topMargin=st.MARGIN_TOP, bottomMargin=st.MARGIN_BOTTOM,
        title=f"{w(cover.TITLE)} — {snapshot.practice.name}",
        author=snapshot.practice.name,
        subject=f"{w(SUBJECT)} ({w.text(data.questionnaire.title)} "
                f"{data.questionnaire.version})",
        keywords=[w(k) for k in KEYWORDS] + [f.value for f in data.frameworks],
        creator=f"{APP_NAME} {__version__}",
        lang=f"{w.language}-{country}" if country else w.language,
        invariant=1,
        initialFontName=REGULAR,
        initialFontSize=9.5,
        displayDocTitle=1,
    )
    frame = Frame(st.MARGIN_X, st.MARGIN_BOTTOM, st.CONTENT_WIDTH,
                  st.PAGE_HEIGHT - st.MARGIN_TOP - st.MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(_story(layout), canvasmaker=partial(ReportCanvas, decor=_decor(data)))
    return buffer.getvalue()

