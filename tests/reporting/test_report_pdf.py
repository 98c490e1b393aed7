"""The PDF as a file: fonts, metadata, bookmarks, signature fields, determinism (its speed is
bench/bench_report.py's)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from app.domain.assessment import AssessmentSnapshot
from app.domain.questionnaire import Questionnaire
from app.reporting.report import render_report
from app.reporting.sections import signatures
from tests.reporting.conftest import PRACTICE, render
from tests.reporting.helpers import GENERATED_AT
from tests.reporting.pdf_reading import fonts, outline_titles, reader, signature_fields

PASSPHRASE = "correct horse battery staple"


def test_every_font_is_embedded(complete_pdf: bytes, draft_pdf: bytes) -> None:
    for pdf in (complete_pdf, draft_pdf):
        found = fonts(pdf)
        assert found
        assert {f.subtype for f in found} == {"/TrueType"}
        assert all(f.embedded for f in found), [f for f in found if not f.embedded]
        assert {f.name.split("+")[-1] for f in found} >= {
            "BitstreamVeraSans-Roman", "BitstreamVeraSans-Bold"}


def test_metadata(complete_pdf: bytes, complete: AssessmentSnapshot) -> None:
    pdf = reader(complete_pdf)
    info = pdf.metadata
    assert info is not None
    assert PRACTICE.name in str(info["/Title"])
    assert str(info["/Author"]) == PRACTICE.name
    assert "Example 1.0" in str(info["/Subject"])
    assert "cybersecurity" in str(info["/Keywords"]) and "nLPD" in str(info["/Keywords"])
    assert str(info["/CyberCabinetFingerprint"]) == complete.fingerprint
    assert str(info["/CyberCabinetAssessment"]) == complete.id
    assert str(info["/CyberCabinetQuestionnaire"]) == "example 1.0"
    assert str(info["/CreationDate"]).startswith("D:20261123103000")
    assert str(pdf.root_object["/Lang"]) == "en-CH"
    assert pdf.pdf_header.startswith("%PDF-1.")
    assert len(pdf.pages) >= 8
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4


def test_language_is_the_reports(draft_pdf: bytes) -> None:
    assert str(reader(draft_pdf).root_object["/Lang"]) == "fr-CH"


def test_bookmarks_for_every_section_in_page_order(complete_pdf: bytes) -> None:
    entries = outline_titles(complete_pdf)
    top = [(title, page) for title, level, page in entries if level == 0]
    assert [title for title, _ in top] == [
        "Cover", "1. Executive summary", "2. Scores by theme", "3. Action plan",
        "4. Data protection compliance", "5. What insurers ask", "6. Appendix: every answer",
        "7. Signatures"]
    pages = [page for _, page in top]
    assert pages == sorted(pages) and pages[0] == 0
    assert pages[-1] == len(reader(complete_pdf).pages) - 1
    subs = [title for title, level, _ in entries if level == 1]
    assert "Backups" in subs and "Critical gaps" in subs


def test_two_empty_signature_fields_over_the_boxes_of_the_last_page(
        complete: AssessmentSnapshot, questionnaire: Questionnaire) -> None:
    rendered = render_report(complete, questionnaire, language="en",
                             generated_at=GENERATED_AT)
    pdf, boxes = rendered.pdf, rendered.signature_boxes
    fields = signature_fields(pdf)
    last = len(reader(pdf).pages) - 1
    assert sorted(f.name for f in fields) == sorted(signatures.SIGNATURE_FIELDS)
    for field in fields:
        assert field.page_index == last
        assert not field.signed
        box = boxes[field.name]
        assert box.page_index == last
        assert field.rect == tuple(float(v) for v in box.as_ints())
        width, height = field.rect[2] - field.rect[0], field.rect[3] - field.rect[1]
        assert width > 150 and height > 80
        assert field.rect[0] > 0 and field.rect[2] < 595 and 0 < field.rect[1] < field.rect[3]
    practice, auditor = sorted(fields, key=lambda f: f.rect[0])
    assert practice.name == "SignaturePractice" and auditor.name == "SignatureAuditor"
    assert practice.rect[2] < auditor.rect[0]  # side by side, no overlap


def test_the_same_inputs_give_the_same_bytes(complete: AssessmentSnapshot,
                                             questionnaire: Questionnaire,
                                             complete_pdf: bytes) -> None:
    time.sleep(1.05)  # a clock anywhere in the chain would show
    assert render(complete, questionnaire) == complete_pdf
    later = render(complete, questionnaire,
                   generated_at=GENERATED_AT + dt.timedelta(days=1))
    assert later != complete_pdf


def test_the_signature_engine_signs_into_our_fields(complete_pdf: bytes,
                                                    tmp_path: Path) -> None:
    from app.reporting import signatures as signing
    from app.reporting.signatures.identity import create_identity

    identities: list[Path] = []
    for name in ("Dr Zoë Müller", "Marc Audit"):
        path = tmp_path / f"{len(identities)}.p12"
        create_identity(name=name, role="Médecin", practice="Cabinet", email="a@b.ch",
                        passphrase=PASSPHRASE, path=path, key_type="ec-p256")
        identities.append(path)
    signed = signing.sign_pdf(complete_pdf, identities[0], PASSPHRASE)
    both = signing.countersign(signed, identities[1], PASSPHRASE)
    assert both.startswith(complete_pdf)  # incremental: our bytes are untouched
    assert {f.name for f in signature_fields(both) if f.signed} == set(
        signatures.SIGNATURE_FIELDS)
    assert signing.verify_pdf(both).passed(require_trust=False)
