"""The report of a reviewed assessment: the review section read back with pypdf, numbering,
fingerprint, and the two signatures (practice, then auditor) on a reviewed report."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from app.domain.assessment import AssessmentSnapshot
from app.domain.questionnaire import Questionnaire
from app.domain.review import ReviewItemStatus, reviewed_score
from app.domain.scoring import score_assessment
from app.reporting.metadata import read_metadata
from tests.reporting.conftest import render
from tests.reporting.pdf_reading import flat, outline_titles, page_texts
from tests.reporting.review_helpers import OPINION, item, with_review

ITEMS = {
    # confirmed first in the input: the report must still print the disputed ones first
    "SRV-01": item("SRV-01", ReviewItemStatus.CONFIRMED, "Vu sur place, local fermé à clé"),
    "BAK-02": item("BAK-02", ReviewItemStatus.EVIDENCE_NEEDED, "Montrer le disque hors ligne"),
    "BAK-01": item("BAK-01", ReviewItemStatus.DISPUTED,
                   "Aucun test de restauration depuis 2024", "no"),
    "AWR-01": item("AWR-01", ReviewItemStatus.DISPUTED, "Attestations vues",
                   ("phishing", "passwords")),
}


@pytest.fixture(scope="module")
def reviewed(complete: AssessmentSnapshot) -> AssessmentSnapshot:
    return with_review(complete, ITEMS)


@pytest.fixture(scope="module")
def reviewed_pdf(reviewed: AssessmentSnapshot, questionnaire: Questionnaire) -> bytes:
    return render(reviewed, questionnaire)


def review_text(pdf: bytes) -> str:
    """The text of the review section's pages, flattened (header and footer included)."""
    pages = page_texts(pdf)
    start = next(i for i, t in enumerate(pages) if "6 Auditor's review" in flat(t))
    end = next(i for i, t in enumerate(pages) if "7 Appendix" in flat(t))
    return flat(" ".join(pages[start:end]))


def test_review_section_facts_opinion_and_counts(reviewed_pdf: bytes) -> None:
    text = review_text(reviewed_pdf)
    assert "Marc Audit (Audit Sécurité SA)" in text
    assert "20 November 2026" in text  # Babel, the report's language
    assert flat(OPINION) in text
    assert "Disputed 2" in text and "Evidence needed 1" in text and "Confirmed 1" in text
    assert "4 of 5 questions asked" in text


def test_both_scores_side_by_side(reviewed_pdf: bytes, reviewed: AssessmentSnapshot,
                                  questionnaire: Questionnaire) -> None:
    own = score_assessment(questionnaire, reviewed.values)
    assert reviewed.review is not None
    corrected = reviewed_score(questionnaire, reviewed.answers, reviewed.review)
    assert own.overall is not None and corrected.overall is not None
    mine, theirs = round(own.overall), round(corrected.overall)
    assert mine != theirs
    text = review_text(reviewed_pdf)
    change = theirs - mine
    sign = "+" if change > 0 else "−"
    assert re.search(rf"Overall {mine} {theirs} {sign}{abs(change)}\b", text), text
    assert "Self-assessed Reviewed Change" in text
    # Backups: partly (3) + 0 copies (1) = 1.5/4 → no (3) = 0/4
    assert re.search(r"Backups 38 0 −38\b", text), text
    # Awareness: phishing alone 50 → phishing and passwords 100
    assert re.search(r"Awareness 50 100 \+50\b", text), text
    assert f"Maturity level {own.level.number} · {own.level.name}" in text


def test_reviewed_answers_side_by_side_disputed_first(reviewed_pdf: bytes) -> None:
    text = review_text(reviewed_pdf)
    table = text[text.index("Reviewed answers"):]
    assert ("Question Practice's answer Verdict Auditor's answer Auditor's comment"
            in table)
    # one row: question, the practice's answer (with its note), verdict, proposal, comment
    assert re.search(r"BAK-01 Do you back up daily\? Partly .*Disputed No Aucun test de "
                     r"restauration depuis 2024", table), table
    assert re.search(r"AWR-01 Which training\? Phishing Disputed Phishing, Passwords "
                     r"Attestations vues", table), table
    order = [table.index(qid) for qid in ("BAK-01", "AWR-01", "BAK-02", "SRV-01")]
    assert order == sorted(order)  # disputed (questionnaire order), evidence, confirmed
    assert re.search(r"BAK-02 How many offline copies\? 0 copies Evidence needed — Montrer",
                     table), table


def test_numbering_bookmarks_and_cover(reviewed_pdf: bytes, complete_pdf: bytes) -> None:
    top = [title for title, level, _page in outline_titles(reviewed_pdf) if level == 0]
    assert top[-3:] == ["6. Auditor's review", "7. Appendix: every answer", "8. Signatures"]
    subs = [title for title, level, _page in outline_titles(reviewed_pdf) if level == 1]
    assert {"Opinion", "Self-assessed and reviewed scores", "Reviewed answers"} <= set(subs)
    plain = [title for title, level, _page in outline_titles(complete_pdf) if level == 0]
    assert "Auditor's review" not in " ".join(plain) and plain[-1] == "7. Signatures"
    cover = flat(page_texts(reviewed_pdf)[0])
    assert "Reviewed by Marc Audit (Audit Sécurité SA), 20 November 2026 — reviewed score" in cover
    assert "Reviewed by" not in flat(page_texts(complete_pdf)[0])


def test_signature_page_says_the_auditor_signs_the_review(reviewed_pdf: bytes,
                                                          complete_pdf: bytes) -> None:
    last = flat(page_texts(reviewed_pdf)[-1])
    assert "My signature also covers my review in section 6" in last
    assert "I have read the auditor's review (section 6)" in last
    assert "not of the fingerprint" in last
    assert "My signature also covers" not in flat(page_texts(complete_pdf)[-1])


def test_the_fingerprint_is_the_assessments(reviewed_pdf: bytes, complete_pdf: bytes,
                                            reviewed: AssessmentSnapshot,
                                            complete: AssessmentSnapshot) -> None:
    assert reviewed.fingerprint == complete.fingerprint
    for pdf in (reviewed_pdf, complete_pdf):
        metadata = read_metadata(pdf)
        assert metadata is not None and metadata.fingerprint == complete.fingerprint
        assert complete.fingerprint in flat(page_texts(pdf)[-1])


def test_report_language_for_the_review(reviewed: AssessmentSnapshot,
                                        questionnaire: Questionnaire) -> None:
    french = flat(" ".join(page_texts(render(reviewed, questionnaire, "fr"))))
    assert "20 novembre 2026" in french and "Sauvegardez-vous chaque jour ?" in french
    german = flat(" ".join(page_texts(render(reviewed, questionnaire, "de"))))
    assert "20. November 2026" in german


def test_a_review_in_progress_and_without_opinion(complete: AssessmentSnapshot,
                                                  questionnaire: Questionnaire) -> None:
    pending = with_review(complete, {}, opinion="", reviewed_at=None)
    text = review_text(render(pending, questionnaire))
    assert "In progress: the auditor has not concluded yet" in text
    assert "The auditor has not written an overall opinion." in text
    assert "The auditor has not given a verdict on any answer yet." in text
    assert "0 of 5 questions asked" in text


def test_a_verdict_on_a_question_the_version_lacks_is_left_out(
        complete: AssessmentSnapshot, questionnaire: Questionnaire) -> None:
    stale = with_review(complete, {**ITEMS, "OLD-99": item("OLD-99", ReviewItemStatus.DISPUTED,
                                                           "?", "no")})
    text = review_text(render(stale, questionnaire))
    assert "OLD-99" not in text and "Disputed 2" in text


def test_practice_signs_and_auditor_countersigns_a_reviewed_report(
        reviewed_pdf: bytes, tmp_path: Path) -> None:
    """The two-signature flow on the reviewed report: both validate with pyHanko itself, and
    the revision the practice signed already holds the review."""
    import pyhanko.sign  # noqa: F401  (registers its OIDs first, as the app does)
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from app.reporting.signatures import (
        countersign,
        create_identity,
        export_certificate_pem,
        sign_pdf,
        verify_pdf,
    )
    from app.reporting.signatures.identity import load_certificates

    passphrase = "correct horse battery"
    physician = create_identity(name="Dr Zoë Müller", role="Médecin", practice="Cabinet",
                                email="zoe@cabinet.ch", country="CH", passphrase=passphrase,
                                path=tmp_path / "physician.p12")
    auditor = create_identity(name="Marc Audit", role="Auditeur", practice="Audit Sécurité SA",
                              email="marc@audit.ch", country="CH", key_type="ec-p256",
                              passphrase=passphrase, path=tmp_path / "auditor.p12")
    assert physician.path is not None and auditor.path is not None
    signed = sign_pdf(reviewed_pdf, physician.path, passphrase, location="Genève")
    final = countersign(signed, auditor.path, passphrase, location="Lausanne")

    trust = [*load_certificates(export_certificate_pem(physician.path)),
             *load_certificates(export_certificate_pem(auditor.path))]
    report = verify_pdf(final, trust=trust)
    assert [s.field for s in report.signatures] == ["SignaturePractice", "SignatureAuditor"]
    assert all(s.intact and s.trusted for s in report.signatures)
    assert report.signatures[0].only_signatures_added_after
    assert report.passed(require_trust=True)
    metadata = read_metadata(reviewed_pdf)
    assert metadata is not None and report.fingerprint == metadata.fingerprint

    context = ValidationContext(trust_roots=[
        asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in trust])
    embedded = PdfFileReader(io.BytesIO(final)).embedded_signatures
    assert [e.field_name for e in embedded] == ["SignaturePractice", "SignatureAuditor"]
    for signature in embedded:
        status = validate_pdf_signature(signature, context)
        assert status.intact and status.valid and status.trusted and status.docmdp_ok

    # the file as the practice signed it (up to the end of its signed byte range)
    _start, _first, second, length = (int(v) for v in embedded[0].sig_object["/ByteRange"])
    practice_revision = final[:second + length]
    assert "6 Auditor's review" in flat(" ".join(page_texts(practice_revision)))


def test_long_german_words_break_at_syllables_with_a_hyphen(complete: AssessmentSnapshot,
                                                            questionnaire: Questionnaire) -> None:
    """A compound wider than its column is hyphenated where German breaks it, never cut
    anywhere; the soft hyphens where it does not break are not printed."""
    from reportlab.pdfbase.ttfonts import TTFont

    from app.reporting.fonts import REGULAR, fonts_dir

    word = "Datensicherungsverantwortlicher"
    items = {"SRV-01": item("SRV-01", ReviewItemStatus.CONFIRMED,
                            f"Kein {word} und kein Wiederherstellungstest (Online-Backup-Dienst)")}
    pdf = render(with_review(complete, items), questionnaire, "de")
    text = " ".join(page_texts(pdf))
    assert "\u00ad" not in text
    assert word not in text  # wider than the comment column: it had to break
    # every break inside it ends with a hyphen: remove "-<line break>" and it is whole again
    rejoined = re.sub(r"-\n", "", text)
    assert word in rejoined and "Wiederherstellungstest" in rejoined
    assert re.search(r"Datensicherungs?ver-\n", text)  # at a syllable, not just anywhere
    assert "Online-Backup-Dienst" in re.sub(r"-\n", "-", text)
    glyphs = TTFont(REGULAR, str(fonts_dir() / "Vera.ttf")).face.charToGlyph
    assert not {ch for ch in text if not ch.isspace() and ord(ch) not in glyphs}


def test_soften_without_pyphen_leaves_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.reporting import hyphenation

    assert hyphenation.soften("Fernwartungswerkzeug kurz", "de_DE") == (
        "Fern\u00adwar\u00adtungs\u00adwerk\u00adzeug kurz")
    monkeypatch.setattr(hyphenation, "_hyphenator", lambda code: None)
    assert hyphenation.soften("Fernwartungswerkzeug", "de_DE") == "Fernwartungswerkzeug"
    assert hyphenation.dictionary_code("de", "CH") == "de_CH"
    assert hyphenation.dictionary_code("fr", "CH") == "fr"
