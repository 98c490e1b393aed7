"""Signing identities: what a created certificate says, how it is stored, what is refused."""

from __future__ import annotations

import datetime as dt
import logging
import stat
from pathlib import Path

import pytest
from asn1crypto import cms as asn1_cms
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from app.errors import CyberCabinetError
from app.reporting.signatures import (
    CertificateNotUsable,
    IdentityError,
    IdentityInfo,
    WrongPassphrase,
    create_identity,
    export_certificate_pem,
    import_identity,
    list_identities,
    load_certificates,
    load_identity,
)
from app.reporting.signatures.identity import ID_KP_DOCUMENT_SIGNING
from tests.signatures.helpers import PASSPHRASE, certificate_of, make_p12


def _encryption_algorithms(data: bytes) -> set[str]:
    """The algorithms protecting a PKCS#12: its encrypted bags and its shrouded key bags."""
    found: set[str] = set()

    def note(algorithm: asn1_cms.EncryptionAlgorithm) -> None:
        found.add(algorithm["algorithm"].native)
        if algorithm["algorithm"].native == "pbes2":
            found.add(algorithm["parameters"]["encryption_scheme"]["algorithm"].native)

    for content_info in asn1_pkcs12.Pfx.load(data).authenticated_safe:
        if content_info["content_type"].native == "encrypted_data":
            note(content_info["content"]["encrypted_content_info"][
                "content_encryption_algorithm"])
            continue
        for bag in asn1_pkcs12.SafeContents.load(content_info["content"].native):
            if bag["bag_id"].native == "pkcs8_shrouded_key_bag":
                note(bag["bag_value"]["encryption_algorithm"])
    return found


def test_created_certificate_says_who_signs_and_may_sign(physician: IdentityInfo) -> None:
    certificate = certificate_of(physician)
    subject = certificate.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Dr Jeanne Dupont"
    assert subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "Médecin"
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Cabinet Dupont"
    assert subject.get_attributes_for_oid(NameOID.EMAIL_ADDRESS)[0].value == (
        "jeanne@cabinet-dupont.ch")
    assert subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value == "CH"
    assert certificate.issuer == subject and physician.self_signed
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert dt.timedelta(days=3 * 365) <= lifetime <= dt.timedelta(days=3 * 366)
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    purposes = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in purposes
    assert ID_KP_DOCUMENT_SIGNING in purposes
    assert physician.key_type == "RSA 3072"


def test_ec_identity(auditor: IdentityInfo) -> None:
    assert auditor.key_type == "EC secp256r1"
    assert auditor.country == "FR"


def test_identity_is_an_aes_protected_pkcs12_readable_by_its_owner_only(
        physician: IdentityInfo) -> None:
    assert physician.path is not None
    mode = stat.S_IMODE(physician.path.stat().st_mode)
    assert mode == 0o600
    data = physician.path.read_bytes()
    assert _encryption_algorithms(data) == {"pbes2", "aes256_cbc"}
    assert PASSPHRASE.encode() not in data
    assert b"PRIVATE KEY" not in physician.path.with_suffix(".pem").read_bytes()
    key, certificate, _chain = pkcs12.load_key_and_certificates(data, PASSPHRASE.encode())
    assert key is not None and certificate is not None
    # no temporary file is left behind by the atomic write
    assert sorted(p.name for p in physician.path.parent.iterdir() if p.name.startswith("."))\
        == []


def test_default_location_is_the_identities_folder(data_home: Path) -> None:
    info = create_identity(name="Dr Élise Müller", role="Médecin", practice="Cabinet Müller",
                           email="elise@mueller.ch", passphrase=PASSPHRASE, key_type="ec-p256")
    assert info.path == data_home / "identities" / "dr-elise-muller.p12"
    assert [i.name for i in list_identities()] == ["Dr Élise Müller"]


def test_an_identity_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "me.p12"
    target.write_bytes(b"precious")
    with pytest.raises(IdentityError, match="already exists"):
        create_identity(name="A", role="B", practice="C", email="a@b.ch",
                        passphrase=PASSPHRASE, path=target)
    assert target.read_bytes() == b"precious"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("email", "not-an-address", "not an e-mail address"),
    ("country", "Suisse", "two-letter code"),
    ("name", "  ", "name is missing"),
    ("practice", "x" * 65, "too long"),
    ("passphrase", "short", "too short"),
])
def test_bad_identity_details_are_refused(tmp_path: Path, field: str, value: str,
                                          message: str) -> None:
    details = {"name": "Dr A", "role": "Médecin", "practice": "Cabinet", "email": "a@b.ch",
               "country": "CH", "passphrase": PASSPHRASE}
    details[field] = value
    with pytest.raises(IdentityError, match=message):
        create_identity(path=tmp_path / "x.p12", **details)
    assert not (tmp_path / "x.p12").exists()


def test_wrong_passphrase(physician: IdentityInfo) -> None:
    assert physician.path is not None
    with pytest.raises(WrongPassphrase, match="passphrase does not open"):
        load_identity(physician.path, "not the passphrase")


def test_the_passphrase_is_never_logged(physician: IdentityInfo,
                                        caplog: pytest.LogCaptureFixture) -> None:
    assert physician.path is not None
    with caplog.at_level(logging.DEBUG):
        load_identity(physician.path, PASSPHRASE)
        with pytest.raises(WrongPassphrase) as raised:
            load_identity(physician.path, "wrong-" + PASSPHRASE)
    assert PASSPHRASE not in caplog.text
    assert PASSPHRASE not in str(raised.value)


def test_import_reprotects_a_legacy_pkcs12(tmp_path: Path, data_home: Path) -> None:
    source = make_p12(tmp_path / "from-my-ca.pfx", legacy=True)
    assert "pbes2" not in _encryption_algorithms(source.read_bytes())
    info = import_identity(source, PASSPHRASE)
    assert info.path == data_home / "identities" / "from-my-ca.p12"
    assert info.path is not None
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert _encryption_algorithms(info.path.read_bytes()) == {"pbes2", "aes256_cbc"}
    assert load_identity(info.path, PASSPHRASE).info.name == "Test Signer"


def test_import_accepts_non_repudiation_alone(tmp_path: Path) -> None:
    """Qualified certificates often carry nonRepudiation only: they must be importable."""
    source = make_p12(tmp_path / "qualified.p12", key_usage={"digital_signature": False})
    info = import_identity(source, PASSPHRASE, destination=tmp_path / "kept.p12")
    assert info.name == "Test Signer"


@pytest.mark.parametrize(("shape", "message"), [
    ({"not_before": dt.datetime(2019, 1, 1, tzinfo=dt.UTC),
      "not_after": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)}, "expired on 2020-01-01"),
    ({"not_before": dt.datetime.now(dt.UTC) + dt.timedelta(days=10)}, "not valid before"),
    ({"key_usage": {"digital_signature": False, "content_commitment": False,
                    "key_encipherment": True}}, "not allowed to sign documents"),
    ({"extended": [ExtendedKeyUsageOID.SERVER_AUTH]}, "websites"),
])
def test_import_refuses_certificates_that_cannot_sign(tmp_path: Path, shape: dict[str, object],
                                                      message: str) -> None:
    source = make_p12(tmp_path / "bad.p12", **shape)  # type: ignore[arg-type]
    with pytest.raises(CertificateNotUsable, match=message):
        import_identity(source, PASSPHRASE, destination=tmp_path / "kept.p12")
    assert not (tmp_path / "kept.p12").exists()


def test_import_refuses_what_is_not_an_identity(tmp_path: Path) -> None:
    not_p12 = tmp_path / "letter.p12"
    not_p12.write_bytes(b"%PDF-1.7 this is not a key")
    with pytest.raises(IdentityError, match="not a PKCS#12"):
        import_identity(not_p12, PASSPHRASE)
    without_key = make_p12(tmp_path / "cert-only.p12", with_key=False)
    with pytest.raises(IdentityError, match="no private key"):
        import_identity(without_key, PASSPHRASE)
    with pytest.raises(IdentityError, match="No identity at"):
        import_identity(tmp_path / "missing.p12", PASSPHRASE)


def test_export_gives_the_certificate_and_nothing_secret(physician: IdentityInfo) -> None:
    assert physician.path is not None
    pem = export_certificate_pem(physician.path)
    assert pem == export_certificate_pem(physician.path, PASSPHRASE)
    assert b"PRIVATE" not in pem
    (certificate,) = load_certificates(pem)
    assert certificate == certificate_of(physician)


def test_load_certificates_refuses_garbage() -> None:
    with pytest.raises(IdentityError, match="not a certificate"):
        load_certificates(b"-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")
    with pytest.raises(CyberCabinetError):
        load_certificates(b"\x00\x01")


def test_list_shows_an_identity_without_its_certificate_by_name(tmp_path: Path) -> None:
    (tmp_path / "lost.p12").write_bytes(b"x")
    (found,) = list_identities(tmp_path)
    assert found.name == "lost" and found.sha256 == ""
