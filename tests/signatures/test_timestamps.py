"""PAdES B-T: a signature timestamp from an RFC 3161 authority (in process, and over HTTP)."""

from __future__ import annotations

import datetime as dt
import io
import socket
import subprocess
import sys

import pytest

from app.reporting.signatures import (
    IdentityInfo,
    SigningFailed,
    TrustStatus,
    countersign,
    sign_pdf,
    verify_pdf,
)
from tests.signatures.conftest import TimestampAuthority
from tests.signatures.helpers import PASSPHRASE, certificate_of


@pytest.fixture(scope="module")
def timestamped(report: bytes, physician: IdentityInfo, tsa: TimestampAuthority) -> bytes:
    assert physician.path is not None
    return sign_pdf(report, physician.path, PASSPHRASE, timestamper=tsa.timestamper)


def test_timestamped_signature_is_b_t_and_validates(timestamped: bytes, physician: IdentityInfo,
                                                    tsa: TimestampAuthority) -> None:
    report = verify_pdf(timestamped, trust=[certificate_of(physician), tsa.certificate])
    (signature,) = report.signatures
    assert signature.level == "PAdES B-T"
    assert signature.timestamp_intact and signature.timestamp_trusted
    assert signature.timestamp_authority == "CyberCabinet Test TSA"
    assert signature.timestamp_time is not None
    assert abs(signature.timestamp_time - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)
    assert report.passed(require_trust=True)


def test_pyhanko_validates_the_timestamp_token(timestamped: bytes, physician: IdentityInfo,
                                               tsa: TimestampAuthority) -> None:
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [asn1_x509.Certificate.load(c.public_bytes(Encoding.DER))
             for c in (certificate_of(physician), tsa.certificate)]
    (embedded,) = PdfFileReader(io.BytesIO(timestamped)).embedded_signatures
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=roots))
    assert status.bottom_line
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.valid and status.timestamp_validity.trusted


def test_an_unknown_timestamp_authority_is_said_so(timestamped: bytes,
                                                   physician: IdentityInfo) -> None:
    (signature,) = verify_pdf(timestamped, trust=[certificate_of(physician)]).signatures
    assert signature.timestamp_intact and signature.timestamp_trusted is False
    assert signature.trusted and signature.ok


def test_a_trusted_timestamp_outlives_the_certificate(timestamped: bytes,
                                                      physician: IdentityInfo,
                                                      tsa: TimestampAuthority) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=4 * 365)
    trust = [certificate_of(physician), tsa.certificate]
    (signature,) = verify_pdf(timestamped, trust=trust, moment=later).signatures
    assert signature.trust is TrustStatus.TRUSTED
    assert any("trusted timestamp proves" in note for note in signature.notes)


def test_rfc3161_over_http(report: bytes, physician: IdentityInfo, auditor: IdentityInfo,
                           tsa: TimestampAuthority, tsa_url: str) -> None:
    assert physician.path is not None and auditor.path is not None
    first = sign_pdf(report, physician.path, PASSPHRASE, timestamp_url=tsa_url)
    both = countersign(first, auditor.path, PASSPHRASE, timestamp_url=tsa_url)
    result = verify_pdf(both, trust=[certificate_of(physician), certificate_of(auditor),
                                     tsa.certificate])
    assert [s.level for s in result.signatures] == ["PAdES B-T", "PAdES B-T"]
    assert all(s.timestamp_trusted for s in result.signatures)
    assert result.passed(require_trust=True)


def test_an_unreachable_timestamping_service_signs_nothing(report: bytes,
                                                           physician: IdentityInfo) -> None:
    assert physician.path is not None
    with socket.socket() as probe:  # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SigningFailed, match=r"timestamping service .* did not answer"):
        sign_pdf(report, physician.path, PASSPHRASE, timestamp_url=f"http://127.0.0.1:{port}/")


def test_a_timestamp_url_must_be_http(report: bytes, physician: IdentityInfo) -> None:
    assert physician.path is not None
    with pytest.raises(SigningFailed, match="must start with http"):
        sign_pdf(report, physician.path, PASSPHRASE, timestamp_url="ftp://tsa.example/")


def test_opening_an_identity_leaves_timestamps_working(physician: IdentityInfo) -> None:
    """Regression: parsing the PKCS#12 with asn1crypto before pyHanko was imported froze
    asn1crypto's name tables without "tst_info", and every B-T signature then failed."""
    code = ("import sys\n"
            "from app.reporting.signatures.identity import load_identity\n"
            "load_identity(sys.argv[1], sys.argv[2])\n"
            "from asn1crypto import cms\n"
            "cms.ContentType('tst_info')\n")
    result = subprocess.run([sys.executable, "-c", code, str(physician.path), PASSPHRASE],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr


def test_a_document_timestamp_added_later_is_listed(timestamped: bytes, physician: IdentityInfo,
                                                    tsa: TimestampAuthority) -> None:
    """A reader or archive may add a document timestamp (PAdES B-LTA): validation data only."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers import PdfTimeStamper

    writer = IncrementalPdfFileWriter(io.BytesIO(timestamped))
    archived = PdfTimeStamper(tsa.timestamper).timestamp_pdf(writer, "sha256").getvalue()
    report = verify_pdf(archived, trust=[certificate_of(physician), tsa.certificate])
    practice, stamp = report.signatures
    assert stamp.level == "document timestamp" and stamp.intact and stamp.trusted
    assert stamp.timestamp_authority == "CyberCabinet Test TSA"
    assert practice.intact and practice.only_signatures_added_after
    assert practice.added_after == (stamp.field,)
    assert report.passed(require_trust=True)
