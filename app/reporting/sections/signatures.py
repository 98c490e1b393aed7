"""The signature page: one box for the practice, one for the auditor (name, role, date lines),
each with a framed area over which an empty PAdES signature field is placed after the build."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from app.i18n import N_
from app.reporting import styles as st
from app.reporting.flowables import SignatureArea
from app.reporting.sections.common import Layout, markup, p, section_heading
from app.reporting.text import esc

TITLE = N_("Signatures")
PRACTICE_FIELD = "SignaturePractice"
AUDITOR_FIELD = "SignatureAuditor"
SIGNATURE_FIELDS = (PRACTICE_FIELD, AUDITOR_FIELD)


def _panel(layout: Layout, field: str, title: str, explanation: str, width: float) -> Table:
    s, w = layout.styles, layout.data.words
    inner = width - 20
    rows: list[list[object]] = [
        [markup(f"<b>{esc(title)}</b>", s.h3)],
        [p(explanation, s.cell_small)],
        [SignatureArea(field, w(N_("Signature")), layout.signature_boxes, width=inner,
                       height=34 * st.MM)],
    ]
    for label in (w(N_("Name")), w(N_("Role")), w(N_("Date"))):
        rows.append([Table([[p(label, s.cell_small), ""]],
                           colWidths=[22 * st.MM, inner - 22 * st.MM],
                           style=st.table_style(("LEFTPADDING", (0, 0), (-1, -1), 0),
                                             ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                             ("TOPPADDING", (0, 0), (-1, -1), 8),
                                             ("LINEBELOW", (1, 0), (1, 0), 0.6, st.SLATE),
                                             ("VALIGN", (0, 0), (-1, -1), "BOTTOM")))])
    panel = Table(rows, colWidths=[width])
    panel.setStyle(st.table_style(
        ("BOX", (0, 0), (-1, -1), 0.6, st.RULE),
        ("BACKGROUND", (0, 0), (-1, -1), st.PANEL),
        ("LINEABOVE", (0, 0), (-1, 0), 3, st.NAVY),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 2), (-1, 2), 6),
        ("BOTTOMPADDING", (0, 2), (-1, 2), 8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
    ))
    return panel


def _explanations(layout: Layout) -> tuple[str, str]:
    """What each signer confirms; with a review, the auditor's signature covers it too."""
    w = layout.data.words
    practice = w(N_("I confirm that the answers describe the practice as it was on the "
                    "assessment date."))
    auditor = w(N_("I have reviewed the answers and the evidence I was shown."))
    if layout.data.review is not None:
        number = layout.numbers["review"]
        practice += " " + w(N_("I have read the auditor's review (section {number}).")).format(
            number=number)
        auditor += " " + w(N_("My signature also covers my review in section {number}: the "
                              "opinion, the verdicts and the answers I propose.")).format(
            number=number)
    return practice, auditor


def build(layout: Layout) -> list[Flowable]:
    data, s, w = layout.data, layout.styles, layout.data.words
    gap = 8 * st.MM
    width = (st.CONTENT_WIDTH - gap) / 2
    practice_text, auditor_text = _explanations(layout)
    practice = _panel(layout, PRACTICE_FIELD, w(N_("For the practice")), practice_text, width)
    auditor = _panel(layout, AUDITOR_FIELD, w(N_("For the auditor")), auditor_text, width)
    pair = Table([[practice, "", auditor]], colWidths=[width, gap, width])
    pair.setStyle(st.table_style(("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")))
    note = w(N_("This report is about assessment {assessment}, fingerprint {fingerprint}. A "
                "signature covers the whole document as it is when signed.")).format(
        assessment=data.snapshot.id, fingerprint=data.fingerprint)
    if data.review is not None:
        note += " " + w(N_("The auditor's review is part of the document, and so of what each "
                           "signature covers, but not of the fingerprint: the fingerprint "
                           "identifies the practice's answers, which a review never changes."))
    return [KeepTogether([
        section_heading(layout, w(TITLE), "signatures"),
        p(w(N_("Sign in the framed area of each box with a digital signature (any PDF reader "
               "shows who signed, when, and whether a single byte changed since), or print "
               "this page and sign by hand.")), s.body),
        Spacer(1, 4 * st.MM),
        pair,
        Spacer(1, 8 * st.MM),
        p(note, s.note),
    ])]
