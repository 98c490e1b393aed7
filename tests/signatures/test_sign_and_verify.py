"""Signing, countersigning and verifying, checked with pyHanko's own validation too."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from app.reporting.signatures import (
    CertificateNotUsable,
    IdentityInfo,
    NotAReport,
    PdfDamaged,
    PdfNotAccepted,
    SigningFailed,
    TrustStatus,
    WrongPassphrase,
    countersign,
    sign_pdf,
    verify_pdf,
)
from tests.signatures.helpers import (
    ASSESSMENT,
    FINGERPRINT,
    PASSPHRASE,
    QUESTIONNAIRE,
    certificate_of,
    make_p12,
    make_report,
)


def _pyhanko_statuses(pdf: bytes, *trusted: IdentityInfo) -> list[Any]:
    """pyHanko's own verdict on every signature, trusting only ``trusted``."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [asn1_x509.Certificate.load(certificate_of(i).public_bytes(Encoding.DER))
             for i in trusted]
    reader = PdfFileReader(io.BytesIO(pdf))
    return [validate_pdf_signature(signature, ValidationContext(trust_roots=roots))
            for signature in reader.embedded_signatures]


def test_signed_report_validates_with_pyhanko(signed: bytes, physician: IdentityInfo) -> None:
    from pyhanko.sign.validation import SignatureCoverageLevel

    (untrusted,) = _pyhanko_statuses(signed)
    assert untrusted.intact and untrusted.valid and not untrusted.trusted
    (status,) = _pyhanko_statuses(signed, physician)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == "Dr Jeanne Dupont"


def test_signature_is_pades_in_the_practice_field_with_an_embedded_stamp_font(
        signed: bytes) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(signed))
    (signature,) = reader.embedded_signatures
    assert signature.field_name == "SignaturePractice"
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.sig_object["/Location"] == "Genève"
    appearance = signature.sig_field["/AP"]["/N"]
    fonts = appearance["/Resources"]["/Font"]
    (font,) = [f.get_object() for f in fonts.values()]
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    assert "/FontFile2" in descriptor  # the TrueType program is in the file
    assert "BitstreamVeraSans" in str(font["/BaseFont"])
    # the widths are in thousandths of an em (the font was rescaled for pyHanko)
    widths = font["/DescendantFonts"][0].get_object()["/W"]
    assert max(max(w) for w in widths if isinstance(w, list)) <= 1100
    # the report's own information survives signing
    info = reader.trailer["/Info"]
    assert info["/CyberCabinetFingerprint"] == FINGERPRINT
    assert info["/CyberCabinetAssessment"] == ASSESSMENT


def test_verify_reports_signer_time_integrity_and_trust(signed: bytes,
                                                        physician: IdentityInfo) -> None:
    report = verify_pdf(signed, trust=[certificate_of(physician)])
    assert report.passed(require_trust=True)
    (signature,) = report.signatures
    assert signature.field == "SignaturePractice"
    assert signature.signer is not None
    assert (signature.signer.common_name, signature.signer.organization,
            signature.signer.email) == ("Dr Jeanne Dupont", "Cabinet Dupont",
                                        "jeanne@cabinet-dupont.ch")
    assert signature.signer.certificate_sha256 == physician.sha256
    assert signature.intact and signature.covers_whole_file and signature.trusted
    assert signature.level == "PAdES B-B" and signature.certification
    assert signature.signing_time is not None
    assert abs(signature.signing_time - dt.datetime.now(dt.UTC)) < dt.timedelta(hours=1)
    assert signature.timestamp_time is None and signature.timestamp_intact is None
    assert (report.fingerprint, report.assessment_id, report.questionnaire) == (
        FINGERPRINT, ASSESSMENT, QUESTIONNAIRE)
    assert report.fingerprint_signed


def test_trust_is_explained(signed: bytes, auditor: IdentityInfo) -> None:
    (alone,) = verify_pdf(signed).signatures
    assert alone.trust is TrustStatus.SELF_SIGNED and "self-signed" in alone.trust.describe()
    report = verify_pdf(signed, trust=[certificate_of(auditor)])
    assert report.signatures[0].trust is TrustStatus.SELF_SIGNED
    assert report.intact and not report.passed(require_trust=True)
    assert report.passed(require_trust=False)


def test_an_expired_signer_is_reported_as_expired(signed: bytes,
                                                   physician: IdentityInfo) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=4 * 365)
    (signature,) = verify_pdf(signed, trust=[certificate_of(physician)], moment=later).signatures
    assert signature.intact and signature.trust is TrustStatus.EXPIRED


def test_countersignature_keeps_the_first_signature_valid(
        signed: bytes, countersigned: bytes, physician: IdentityInfo,
        auditor: IdentityInfo) -> None:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel

    first, second = _pyhanko_statuses(countersigned, physician, auditor)
    assert first.bottom_line and second.bottom_line
    assert first.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert first.modification_level == ModificationLevel.FORM_FILLING
    assert first.docmdp_ok
    assert second.coverage == SignatureCoverageLevel.ENTIRE_FILE

    report = verify_pdf(countersigned, trust=[certificate_of(physician), certificate_of(auditor)])
    assert report.passed(require_trust=True)
    practice, audit = report.signatures
    assert practice.field == "SignaturePractice" and audit.field == "SignatureAuditor"
    assert practice.intact and not practice.covers_whole_file
    assert practice.modification_level == "form_filling"
    assert practice.added_after == ("SignatureAuditor",)
    assert practice.only_signatures_added_after
    assert practice.later_changes() == "only the later signature(s) in SignatureAuditor"
    assert audit.covers_whole_file and audit.later_changes() == "nothing"
    assert audit.signer is not None and audit.signer.organization == "Audit Sécurité SA"
    assert audit.level == "PAdES B-B" and not audit.certification
    # an incremental update: the practice-signed file is, byte for byte, the start of the result
    assert countersigned.startswith(signed)


def test_fields_missing_from_the_report_are_created_on_the_last_page(
        physician: IdentityInfo, auditor: IdentityInfo) -> None:
    assert physician.path is not None and auditor.path is not None
    bare = make_report(fields=(), pages=3)
    once = sign_pdf(bare, physician.path, PASSPHRASE)
    twice = countersign(once, auditor.path, PASSPHRASE)
    report = verify_pdf(twice)
    assert [s.field for s in report.signatures] == ["SignaturePractice", "SignatureAuditor"]
    assert report.intact
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(twice))
    last_page = reader.root["/Pages"]["/Kids"].raw_get(-1).reference
    for signature in reader.embedded_signatures:
        assert signature.sig_field.raw_get("/P").reference == last_page


def test_signing_refuses_what_it_must_not_sign(signed: bytes, report: bytes,
                                               physician: IdentityInfo,
                                               auditor: IdentityInfo) -> None:
    assert physician.path is not None and auditor.path is not None
    with pytest.raises(SigningFailed, match="already signed"):
        sign_pdf(signed, physician.path, PASSPHRASE)
    with pytest.raises(SigningFailed, match="no signature yet"):
        countersign(report, auditor.path, PASSPHRASE)
    with pytest.raises(NotAReport, match="not a CyberCabinet report"):
        sign_pdf(make_report(info=False), physician.path, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        sign_pdf(report, physician.path, "guess")
    with pytest.raises(PdfNotAccepted, match="not a PDF"):
        sign_pdf(b"GIF89a", physician.path, PASSPHRASE)


def test_countersign_refuses_a_report_changed_after_signing(signed: bytes,
                                                             auditor: IdentityInfo) -> None:
    assert auditor.path is not None
    with pytest.raises(SigningFailed, match="not intact or the report was changed"):
        countersign(_append_page_content(signed), auditor.path, PASSPHRASE)


def test_signing_with_an_expired_certificate_is_refused(tmp_path: Path, report: bytes) -> None:
    expired = make_p12(tmp_path / "old.p12",
                       not_before=dt.datetime(2019, 1, 1, tzinfo=dt.UTC),
                       not_after=dt.datetime(2021, 6, 30, tzinfo=dt.UTC))
    with pytest.raises(CertificateNotUsable, match="expired on 2021-06-30"):
        sign_pdf(report, expired, PASSPHRASE)


def test_signing_with_a_certificate_without_signing_usage_is_refused(tmp_path: Path,
                                                                      report: bytes) -> None:
    no_usage = make_p12(tmp_path / "enc.p12", key_usage={
        "digital_signature": False, "content_commitment": False, "key_encipherment": True})
    with pytest.raises(CertificateNotUsable, match="not allowed to sign"):
        sign_pdf(report, no_usage, PASSPHRASE)


def _append_page_content(pdf: bytes) -> bytes:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    stream = generic.StreamObject(stream_data=b"BT /F1 30 Tf 100 400 Td (All good!) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_content_added_after_signing_is_reported(signed: bytes) -> None:
    report = verify_pdf(_append_page_content(signed))
    (signature,) = report.signatures
    assert signature.intact  # the signed bytes are untouched…
    assert not signature.only_signatures_added_after  # …but something else was added
    assert "other changes than signatures" in signature.later_changes()
    assert not report.intact and not report.passed(require_trust=False)


def test_a_fingerprint_changed_after_signing_is_reported(signed: bytes) -> None:
    """pyHanko lets metadata change after a signature: the fingerprint must not."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    info = writer.trailer["/Info"]
    info[generic.NameObject("/CyberCabinetFingerprint")] = generic.pdf_string("cd" * 32)
    writer.update_container(info)
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue())
    assert report.fingerprint == "cd" * 32
    assert not report.fingerprint_signed
    assert not report.intact


@pytest.mark.parametrize(("data", "error", "message"), [
    (b"", PdfNotAccepted, "not a PDF"),
    (b"PK\x03\x04 a zip file", PdfNotAccepted, "not a PDF"),
    (b"%PDF-1.7\n" + b"0" * (50 * 1024 * 1024), PdfNotAccepted, "too large"),
])
def test_bad_input_gives_a_clear_error(data: bytes, error: type[Exception],
                                       message: str) -> None:
    with pytest.raises(error, match=message):
        verify_pdf(data)


def test_truncated_and_encrypted_pdfs(signed: bytes) -> None:
    with pytest.raises(PdfDamaged, match="damaged, truncated"):
        verify_pdf(signed[: len(signed) // 2])
    with pytest.raises(PdfNotAccepted, match="encrypted"):
        verify_pdf(make_report(encrypt="secret"))


def test_an_unsigned_pdf_has_no_signature(report: bytes) -> None:
    result = verify_pdf(report)
    assert result.signatures == () and not result.passed(require_trust=False)


def test_a_certificate_issued_by_an_authority(tmp_path: Path, report: bytes) -> None:
    """The qualified-certificate path: import a .p12 with its chain, trust the authority."""
    from app.reporting.signatures import import_identity
    from tests.signatures.helpers import make_ca_issued_p12

    source, ca = make_ca_issued_p12(tmp_path / "qualified.p12")
    identity = import_identity(source, PASSPHRASE, destination=tmp_path / "kept.p12")
    assert not identity.self_signed and "Test Qualified CA" in identity.issuer
    assert identity.path is not None
    signed = sign_pdf(report, identity.path, PASSPHRASE)
    (untrusted,) = verify_pdf(signed).signatures
    assert untrusted.intact and untrusted.trust is TrustStatus.NOT_IN_TRUST_LIST
    (trusted,) = verify_pdf(signed, trust=[ca]).signatures
    assert trusted.trust is TrustStatus.TRUSTED
    assert trusted.signer is not None and trusted.signer.common_name == "Dr Qualified Signer"
    assert any("Revocation was not checked" in note for note in trusted.notes)
