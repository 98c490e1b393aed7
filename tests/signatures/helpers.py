"""Helpers for the signature tests: report-shaped PDFs and certificates the app refuses to make."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from app.reporting.signatures import IdentityInfo

PASSPHRASE = "correct horse battery"
FINGERPRINT = "ab" * 32
ASSESSMENT = "5f0c7a4e-0000-4000-8000-000000000001"
QUESTIONNAIRE = "cabinet-medical 1.0"


def make_report(*, fields: tuple[str, ...] = ("SignaturePractice", "SignatureAuditor"),
                info: bool = True, pages: int = 2, encrypt: str | None = None,
                fingerprint: str = FINGERPRINT, assessment: str = ASSESSMENT) -> bytes:
    """A small PDF shaped like a report: Info keys and empty signature fields on the last page."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt, pageCompression=0)  # readable page text
    pdf.setTitle("Rapport de cybersécurité")
    for page in range(pages):
        pdf.drawString(72, 760, f"Cabinet Dupont — page {page + 1}: sauvegardes hors ligne, MFA")
        pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    if encrypt:
        return data
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    if info:
        info_dict = writer.trailer["/Info"]
        for key, value in (("/CyberCabinetFingerprint", fingerprint),
                           ("/CyberCabinetAssessment", assessment),
                           ("/CyberCabinetQuestionnaire", QUESTIONNAIRE)):
            info_dict[generic.NameObject(key)] = generic.pdf_string(value)
        writer.update_container(info_dict)
    for index, name in enumerate(fields):
        left = 50 + index * 260
        append_signature_field(writer, SigFieldSpec(sig_field_name=name, on_page=-1,
                                                    box=(left, 80, left + 240, 170)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def certificate_of(identity: IdentityInfo) -> x509.Certificate:
    assert identity.path is not None
    return x509.load_pem_x509_certificate(identity.path.with_suffix(".pem").read_bytes())


# --- certificates the app would refuse to make --------------------------------------------


def make_p12(path: Path, *, not_before: dt.datetime | None = None,
             not_after: dt.datetime | None = None, key_usage: dict[str, bool] | None = None,
             extended: list[x509.ObjectIdentifier] | None = None, with_key: bool = True,
             legacy: bool = False, passphrase: str = PASSPHRASE) -> Path:
    """A PKCS#12 with a self-signed certificate shaped as asked."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Signer"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cabinet Test")])
    now = dt.datetime.now(dt.UTC)
    usage = {"digital_signature": True, "content_commitment": True, "key_encipherment": False,
             "data_encipherment": False, "key_agreement": False, "key_cert_sign": False,
             "crl_sign": False, "encipher_only": False, "decipher_only": False}
    usage.update(key_usage or {})
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(not_before or now - dt.timedelta(days=1))
               .not_valid_after(not_after or now + dt.timedelta(days=365))
               .add_extension(x509.KeyUsage(**usage), critical=True))
    if extended is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage(extended), critical=False)
    certificate = builder.sign(key, hashes.SHA256())
    if legacy:
        encryption: Any = (serialization.PrivateFormat.PKCS12.encryption_builder()
                           .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
                           .hmac_hash(hashes.SHA1())  # noqa: S303  (a CA's legacy .p12)
                           .build(passphrase.encode()))
    else:
        encryption = serialization.BestAvailableEncryption(passphrase.encode())
    data = pkcs12.serialize_key_and_certificates(
        b"test", key if with_key else None, certificate, None, encryption)
    path.write_bytes(data)
    return path


def make_ca_issued_p12(path: Path, passphrase: str = PASSPHRASE) -> tuple[Path, x509.Certificate]:
    """A PKCS#12 whose certificate a (test) certificate authority issued, with the CA inside."""
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Qualified CA"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Trust Services AG")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=10))
          .not_valid_after(now + dt.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, key_cert_sign=True, crl_sign=True,
                                       encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Dr Qualified Signer"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cabinet Qualifié")])
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(ca_name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=730))
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .sign(ca_key, hashes.SHA256()))
    data = pkcs12.serialize_key_and_certificates(
        b"qualified", key, certificate, [ca],
        serialization.BestAvailableEncryption(passphrase.encode()))
    path.write_bytes(data)
    return path, ca
