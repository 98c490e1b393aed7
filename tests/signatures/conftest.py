"""Fixtures for the signature tests: reports, identities, certificates and a test TSA.

Until the report engineer's PDF is wired in, a "report" is a two-page ReportLab PDF with the
report's /Info keys and its two empty signature fields, added with pyHanko as the report does.
Test certificates that the app refuses to make (expired, without signing usage, for websites)
are made here with ``cryptography`` directly.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyhanko.sign  # noqa: F401  (registers its OIDs before any test parses ASN.1; see identity.py)
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from app.reporting.signatures import IdentityInfo, create_identity
from tests.signatures.helpers import PASSPHRASE, make_report


@pytest.fixture(scope="session")
def report() -> bytes:
    return make_report()


@pytest.fixture(scope="session")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys")


@pytest.fixture(scope="session")
def physician(keys_dir: Path) -> IdentityInfo:
    return create_identity(name="Dr Jeanne Dupont", role="Médecin", practice="Cabinet Dupont",
                           email="jeanne@cabinet-dupont.ch", country="CH",
                           passphrase=PASSPHRASE, path=keys_dir / "physician.p12")


@pytest.fixture(scope="session")
def auditor(keys_dir: Path) -> IdentityInfo:
    return create_identity(name="Marc Audit", role="Auditeur", practice="Audit Sécurité SA",
                           email="marc@audit.ch", country="FR", key_type="ec-p256",
                           passphrase=PASSPHRASE, path=keys_dir / "auditor.p12")


@pytest.fixture(scope="session")
def signed(report: bytes, physician: IdentityInfo) -> bytes:
    from app.reporting.signatures import sign_pdf

    assert physician.path is not None
    return sign_pdf(report, physician.path, PASSPHRASE, location="Genève")


@pytest.fixture(scope="session")
def countersigned(signed: bytes, auditor: IdentityInfo) -> bytes:
    from app.reporting.signatures import countersign

    assert auditor.path is not None
    return countersign(signed, auditor.path, PASSPHRASE, location="Lausanne")


# --- a test timestamping authority ----------------------------------------------------------


@dataclass(frozen=True)
class TimestampAuthority:
    certificate: x509.Certificate
    timestamper: Any


@pytest.fixture(scope="session")
def tsa() -> TimestampAuthority:
    """An RSA TSA certificate (timeStamping, critical) and pyHanko's in-process DummyTimeStamper."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import DummyTimeStamper

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CyberCabinet Test TSA")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256()))
    der = serialization.Encoding.DER
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(certificate.public_bytes(der)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())))
    return TimestampAuthority(certificate=certificate, timestamper=stamper)


@pytest.fixture
def tsa_url(tsa: TimestampAuthority) -> Iterator[str]:
    """A real RFC 3161 endpoint over HTTP on 127.0.0.1, answered by the test TSA in a thread."""
    from asn1crypto import tsp

    requests: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = min(int(self.headers.get("Content-Length", "0")), 64 * 1024)
            request = tsp.TimeStampReq.load(self.rfile.read(length))
            response = tsa.timestamper.request_tsa_response(request).dump()
            requests.append(len(response))
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(response)))
            self.end_headers()
            self.wfile.write(response)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
