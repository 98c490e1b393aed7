"""The report's look: a calm palette, one type scale, the table styles every section shares."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from app.domain.compliance import ComplianceStatus
from app.reporting.fonts import BOLD, ITALIC, REGULAR

PAGE_WIDTH, PAGE_HEIGHT = A4
MM = mm
"""One millimetre in points."""
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

# Palette: deep navy for structure, a muted teal accent, soft greys; status colours are muted
# so that a page full of gaps reads as serious, not alarming.
INK = colors.HexColor("#1E2A36")
MUTED = colors.HexColor("#5B6B7B")
NAVY = colors.HexColor("#1F3A5F")
TEAL = colors.HexColor("#2B7A8C")
RULE = colors.HexColor("#D3DAE2")
ZEBRA = colors.HexColor("#F3F6F9")
HEADER_FILL = colors.HexColor("#E4EBF2")
PANEL = colors.HexColor("#F6F8FA")
WHITE = colors.white

RED = colors.HexColor("#B5483F")
ORANGE = colors.HexColor("#D27A3C")
AMBER = colors.HexColor("#C99A2E")
GREEN = colors.HexColor("#3F8A5A")
DEEP_GREEN = colors.HexColor("#2D6E4E")
SLATE = colors.HexColor("#7A8896")
WARN_FILL = colors.HexColor("#FBF1E4")
WARN_EDGE = colors.HexColor("#E2B77A")

LEVEL_COLOURS: dict[int, colors.Color] = {1: RED, 2: ORANGE, 3: AMBER, 4: GREEN, 5: DEEP_GREEN}
STATUS_COLOURS: dict[ComplianceStatus, colors.Color] = {
    ComplianceStatus.COMPLIANT: GREEN,
    ComplianceStatus.PARTLY: AMBER,
    ComplianceStatus.NOT_COMPLIANT: RED,
    ComplianceStatus.TO_CHECK: SLATE,
}


def score_colour(score: float | None) -> colors.Color:
    """The colour of a score (0..100): the maturity bands, grey when nothing counts yet."""
    if score is None:
        return SLATE
    if score >= 75:
        return GREEN
    if score >= 55:
        return AMBER
    if score >= 35:
        return ORANGE
    return RED


def worth_colour(worth: float | None) -> colors.Color:
    """The colour of one answer's worth (0..1)."""
    if worth is None:
        return SLATE
    if worth >= 1.0:
        return GREEN
    if worth > 0.0:
        return AMBER
    return RED


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    tiny: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_small: ParagraphStyle
    cell_small_ink: ParagraphStyle
    cell_head: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    lead: ParagraphStyle
    cover_kicker: ParagraphStyle
    cover_title: ParagraphStyle
    cover_practice: ParagraphStyle
    cover_text: ParagraphStyle
    big_score: ParagraphStyle
    figure: ParagraphStyle
    badge: ParagraphStyle


@cache
def styles() -> Styles:
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13.5, textColor=INK,
                          spaceAfter=6)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11.5),
        tiny=ParagraphStyle("tiny", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED),
        note=ParagraphStyle("note", parent=body, fontName=ITALIC, fontSize=8.5, leading=11.5,
                            textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=BOLD),
        cell_small=ParagraphStyle("cell_small", parent=cell, fontSize=7.5, leading=9.5,
                                  textColor=MUTED),
        cell_small_ink=ParagraphStyle("cell_small_ink", parent=cell, fontSize=7.5,
                                      leading=10),
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=BOLD, fontSize=8,
                                 leading=10, textColor=NAVY),
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        h1=ParagraphStyle("h1", parent=body, fontName=BOLD, fontSize=18, leading=22,
                          textColor=NAVY, spaceBefore=0, spaceAfter=10),
        h2=ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=12.5, leading=16,
                          textColor=NAVY, spaceBefore=12, spaceAfter=6),
        h3=ParagraphStyle("h3", parent=body, fontName=BOLD, fontSize=10, leading=13,
                          textColor=TEAL, spaceBefore=8, spaceAfter=4),
        lead=ParagraphStyle("lead", parent=body, fontSize=10.5, leading=15.5, spaceAfter=10),
        cover_kicker=ParagraphStyle("cover_kicker", parent=body, fontName=BOLD, fontSize=9,
                                    leading=12, textColor=TEAL, spaceAfter=4),
        cover_title=ParagraphStyle("cover_title", parent=body, fontName=BOLD, fontSize=24,
                                   leading=29, textColor=NAVY, spaceAfter=6),
        cover_practice=ParagraphStyle("cover_practice", parent=body, fontName=BOLD,
                                      fontSize=15, leading=19, textColor=INK, spaceAfter=3),
        cover_text=ParagraphStyle("cover_text", parent=body, fontSize=10, leading=14,
                                  textColor=INK, spaceAfter=0),
        big_score=ParagraphStyle("big_score", parent=body, fontName=BOLD, fontSize=40,
                                 leading=44, alignment=TA_LEFT, spaceAfter=0),
        figure=ParagraphStyle("figure", parent=body, fontName=BOLD, fontSize=20, leading=24,
                              spaceAfter=2),
        badge=ParagraphStyle("badge", parent=body, fontName=BOLD, fontSize=9.5, leading=12,
                             textColor=WHITE, alignment=TA_CENTER, spaceAfter=0),
    )


def table_style(*commands: tuple[object, ...]) -> TableStyle:
    """A TableStyle that sets Vera first: a table's default font is a non-embedded Helvetica,
    which it would declare even for a cell that holds only flowables."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])


def grid_table_style(*, header: bool = True, zebra: bool = True) -> TableStyle:
    """Light rules, a tinted header row, zebra rows: the look of every table in the report."""
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    first = 1 if header else 0
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, first), (-1, -1), [WHITE, ZEBRA]))
    return table_style(*commands)
