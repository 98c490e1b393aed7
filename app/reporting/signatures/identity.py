"""Signing identities: a private key and its certificate, kept in a passphrase-protected PKCS#12.

A practice either **imports** the ``.p12``/``.pfx`` it already has (for instance a qualified
certificate from a Swiss or French trust service provider), or **creates** a self-signed one
here: an RSA 3072 or EC P-256 key and an X.509 certificate carrying the signer's name, role
(title), practice (organisation), e-mail and country, valid three years, with the key usages
digitalSignature + contentCommitment (non-repudiation) and the extended key usages for document
signing (emailProtection, id-kp-documentSigning, Adobe's "Authentic Documents").

The private key is written only inside a PKCS#12 encrypted with PBES2 (PBKDF2-HMAC-SHA256 and
AES-256-CBC, HMAC-SHA256 integrity), with file mode 0600, atomically. The passphrase is asked
for each time it is needed: it is never stored or logged. The certificate, which is public, is
also written beside it as ``NAME.pem`` so identities can be listed and their certificate handed
to the insurer without the passphrase.

The cryptography is the ``cryptography`` package's; nothing here invents any.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from app.i18n import _
from app.paths import identities_dir
from app.reporting.files import replace_atomically
from app.reporting.signatures.errors import CertificateNotUsable, IdentityError, WrongPassphrase

KEY_TYPES: tuple[str, ...] = ("rsa3072", "ec-p256")
"""The key types ``create_identity`` makes: RSA 3072 (the widest support) or EC P-256."""

VALIDITY = dt.timedelta(days=3 * 365 + 1)
"""A created certificate is valid three years."""

MIN_PASSPHRASE_LENGTH = 8
PKCS12_KDF_ROUNDS = 200_000
IDENTITY_SUFFIX = ".p12"

ID_KP_DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")  # RFC 9336
ADOBE_AUTHENTIC_DOCUMENTS = ObjectIdentifier("1.2.840.113583.1.1.5")
MICROSOFT_DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")

SIGNING_PURPOSES: frozenset[ObjectIdentifier] = frozenset({
    ExtendedKeyUsageOID.EMAIL_PROTECTION,
    ExtendedKeyUsageOID.CODE_SIGNING,
    ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE,
    ID_KP_DOCUMENT_SIGNING,
    ADOBE_AUTHENTIC_DOCUMENTS,
    MICROSOFT_DOCUMENT_SIGNING,
})
"""Extended key usages under which PDF readers (Adobe's included) accept a document signature."""

PrivateKey = (rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
              | ed448.Ed448PrivateKey)


@dataclass(frozen=True)
class IdentityInfo:
    """What a signing identity says about its owner, read from its certificate."""

    path: Path | None
    name: str
    role: str
    organization: str
    email: str
    country: str
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime
    self_signed: bool
    sha256: str
    """SHA-256 fingerprint of the certificate, as colon-separated upper-case hex."""
    key_type: str

    def expired(self, now: dt.datetime | None = None) -> bool:
        return (now or _now()) > self.not_after


@dataclass(frozen=True)
class LoadedIdentity:
    """An opened identity: the private key, its certificate and any chain certificates."""

    key: PrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    info: IdentityInfo


# --- creating ------------------------------------------------------------------------------


def create_identity(*, name: str, role: str, practice: str, email: str, passphrase: str,
                    country: str = "CH", path: Path | None = None, key_type: str = "rsa3072",
                    now: dt.datetime | None = None) -> IdentityInfo:
    """Make a key and a self-signed certificate, and store them as a protected PKCS#12.

    ``path`` defaults to a file named after the signer in ``identities_dir()``. An existing file
    is never overwritten. Returns what the new certificate says.
    """
    name, role, practice, email = (_clean(v) for v in (name, role, practice, email))
    country = country.strip().upper()
    _check_subject(name=name, role=role, practice=practice, email=email, country=country)
    _check_new_passphrase(passphrase)
    if key_type not in KEY_TYPES:
        raise IdentityError(_("Unknown key type '{key_type}': choose one of {choices}.").format(
            key_type=key_type, choices=", ".join(KEY_TYPES)))
    target = Path(path) if path is not None else identities_dir() / (_slug(name) + IDENTITY_SUFFIX)
    if target.exists():
        raise IdentityError(_("{path} already exists: choose another file name (an identity "
                              "is never overwritten).").format(path=target))

    key: PrivateKey
    if key_type == "ec-p256":
        key = ec.generate_private_key(ec.SECP256R1())
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    moment = now or _now()
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, name),
        x509.NameAttribute(NameOID.TITLE, role),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, practice),
        x509.NameAttribute(NameOID.EMAIL_ADDRESS, email),
        x509.NameAttribute(NameOID.COUNTRY_NAME, country),
    ])
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(moment - dt.timedelta(minutes=5))
        .not_valid_after(moment + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([
            ExtendedKeyUsageOID.EMAIL_PROTECTION, ID_KP_DOCUMENT_SIGNING,
            ADOBE_AUTHENTIC_DOCUMENTS]), critical=False)
        .add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public_key),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    _store(target, key, certificate, (), passphrase, friendly_name=name)
    return describe_certificate(certificate, target)


# --- importing and opening -----------------------------------------------------------------


def import_identity(source: Path, passphrase: str, *, destination: Path | None = None,
                    now: dt.datetime | None = None) -> IdentityInfo:
    """Check a PKCS#12 the signer already has and store it, re-protected, among the identities.

    The file must open with ``passphrase``, hold a private key and its certificate, and the
    certificate must be valid now and allowed to sign documents. It is re-encrypted (same
    passphrase, PBES2-AES) into ``destination`` (default: ``identities_dir()``, same name).
    """
    source = Path(source)
    loaded = _open(_read(source), passphrase, source, now=now)
    target = Path(destination) if destination is not None else identities_dir() / (
        source.stem + IDENTITY_SUFFIX)
    if target.exists():
        raise IdentityError(_("{path} already exists: choose another file name (an identity "
                              "is never overwritten).").format(path=target))
    _store(target, loaded.key, loaded.certificate, loaded.chain, passphrase,
           friendly_name=loaded.info.name)
    return describe_certificate(loaded.certificate, target)


def load_identity(path: Path, passphrase: str, *, now: dt.datetime | None = None,
                  ) -> LoadedIdentity:
    """Open an identity for signing, checking it as ``import_identity`` does."""
    path = Path(path)
    return _open(_read(path), passphrase, path, now=now)


def list_identities(folder: Path | None = None) -> list[IdentityInfo]:
    """The identities in ``folder`` (default ``identities_dir()``), from their public certificates.

    An identity whose certificate file is missing is listed by file name only (its details
    need the passphrase).
    """
    folder = Path(folder) if folder is not None else identities_dir()
    found: list[IdentityInfo] = []
    for p12 in sorted(folder.glob("*" + IDENTITY_SUFFIX)):
        pem = _certificate_path(p12)
        try:
            certificate = x509.load_pem_x509_certificate(pem.read_bytes())
        except (OSError, ValueError):
            found.append(_unknown(p12))
            continue
        found.append(describe_certificate(certificate, p12))
    return found


def export_certificate_pem(path: Path, passphrase: str | None = None) -> bytes:
    """The identity's certificate as PEM, for a recipient to trust.

    With a passphrase, it is read from the PKCS#12 itself; without one, from the public
    certificate kept beside it (an error says so when there is none).
    """
    path = Path(path)
    if passphrase is None:
        pem = _certificate_path(path)
        try:
            certificate = x509.load_pem_x509_certificate(pem.read_bytes())
        except FileNotFoundError:
            if not path.exists():
                raise IdentityError(_("No identity at {path}.").format(path=path)) from None
            raise IdentityError(_("{path} has no certificate file beside it: the passphrase is "
                                  "needed to read it.").format(path=path)) from None
        except (OSError, ValueError) as error:
            raise IdentityError(_("The certificate {path} cannot be read ({error}).").format(
                path=pem, error=error)) from error
    else:
        certificate = _open(_read(path), passphrase, path, check=False).certificate
    return certificate.public_bytes(serialization.Encoding.PEM)


def load_certificates(data: bytes, *, source: str = "") -> list[x509.Certificate]:
    """Certificates from a PEM file (one or several) or a DER file, for a trust list."""
    try:
        if b"-----BEGIN" in data:
            certificates = x509.load_pem_x509_certificates(data)
        else:
            certificates = [x509.load_der_x509_certificate(data)]
    except ValueError as error:
        raise IdentityError(_("{source} is not a certificate (PEM or DER) ({error}).").format(
            source=source or _("the file"), error=error)) from error
    return certificates


def describe_certificate(certificate: x509.Certificate, path: Path | None = None,
                         ) -> IdentityInfo:
    """What a certificate says about its owner."""
    subject = certificate.subject
    public_key = certificate.public_key()
    if isinstance(public_key, rsa.RSAPublicKey):
        key_type = f"RSA {public_key.key_size}"
    elif isinstance(public_key, ec.EllipticCurvePublicKey):
        key_type = f"EC {public_key.curve.name}"
    else:
        key_type = type(public_key).__name__.removesuffix("PublicKey").lstrip("_")
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex().upper()
    email = _attribute(subject, NameOID.EMAIL_ADDRESS)
    if not email:
        try:
            alternative = certificate.extensions.get_extension_for_class(
                x509.SubjectAlternativeName).value
            emails = alternative.get_values_for_type(x509.RFC822Name)
            email = emails[0] if emails else ""
        except x509.ExtensionNotFound:
            pass
    return IdentityInfo(
        path=path,
        name=_attribute(subject, NameOID.COMMON_NAME),
        role=_attribute(subject, NameOID.TITLE),
        organization=_attribute(subject, NameOID.ORGANIZATION_NAME),
        email=email,
        country=_attribute(subject, NameOID.COUNTRY_NAME),
        issuer=certificate.issuer.rfc4514_string(),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        self_signed=certificate.issuer == certificate.subject,
        sha256=":".join(fingerprint[i:i + 2] for i in range(0, len(fingerprint), 2)),
        key_type=key_type,
    )


def check_certificate(certificate: x509.Certificate, now: dt.datetime | None = None) -> None:
    """Refuse a certificate that cannot sign a report now, saying why."""
    moment = now or _now()
    info = describe_certificate(certificate)
    who = info.name or certificate.subject.rfc4514_string()
    if moment < certificate.not_valid_before_utc:
        raise CertificateNotUsable(_("The certificate of {who} is not valid before {date}.")
                                   .format(who=who, date=_day(certificate.not_valid_before_utc)))
    if moment > certificate.not_valid_after_utc:
        raise CertificateNotUsable(
            _("The certificate of {who} expired on {date}: it can no longer sign. Create a new "
              "identity or import a current certificate.").format(
                who=who, date=_day(certificate.not_valid_after_utc)))
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        raise CertificateNotUsable(
            _("The certificate of {who} does not say it may sign documents (it has no key "
              "usage). Use a certificate made for signing.").format(who=who)) from None
    if not (usage.digital_signature or usage.content_commitment):
        raise CertificateNotUsable(
            _("The certificate of {who} is not allowed to sign documents (its key usage has "
              "neither digitalSignature nor nonRepudiation). Use a certificate made for "
              "signing.").format(who=who))
    try:
        purposes = set(certificate.extensions.get_extension_for_class(
            x509.ExtendedKeyUsage).value)
    except x509.ExtensionNotFound:
        purposes = None
    if purposes is not None and not purposes & SIGNING_PURPOSES:
        raise CertificateNotUsable(
            _("The certificate of {who} is meant for other uses (websites, log-in…), not for "
              "signing documents. Use a certificate made for signing.").format(who=who))
    public_key = certificate.public_key()
    if isinstance(public_key, rsa.RSAPublicKey) and public_key.key_size < 2048:
        raise CertificateNotUsable(_("The key of {who} is too short ({bits} bits; at least 2048 "
                                     "are needed).").format(who=who, bits=public_key.key_size))
    if not isinstance(public_key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey
                      | ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
        raise CertificateNotUsable(_("The key type of {who} cannot sign PDF documents.").format(
            who=who))


# --- internals ----------------------------------------------------------------------------


def _open(data: bytes, passphrase: str, path: Path, *, now: dt.datetime | None = None,
          check: bool = True) -> LoadedIdentity:
    _check_pkcs12_structure(data, path)
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(
            data, passphrase.encode("utf-8") if passphrase else None)
    except ValueError:
        raise WrongPassphrase(_("The passphrase does not open {path}. Check it and try again.")
                              .format(path=path)) from None
    except Exception as error:  # unsupported algorithms in a foreign PKCS#12, and the like
        raise IdentityError(_("{path} cannot be opened ({error}).").format(
            path=path, error=error)) from error
    if key is None:
        raise IdentityError(_("{path} holds a certificate but no private key: it cannot be "
                              "used to sign (ask for the .p12 that includes the key).")
                            .format(path=path))
    if certificate is None:
        raise IdentityError(_("{path} holds no certificate: it cannot be used to sign.")
                            .format(path=path))
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
                      | ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey):
        raise IdentityError(_("{path} holds a key of a type that cannot sign PDF documents.")
                            .format(path=path))
    der = serialization.Encoding.DER
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(der, spki) != certificate.public_key().public_bytes(der, spki):
        raise IdentityError(_("In {path} the private key does not belong to the certificate.")
                            .format(path=path))
    if check:
        check_certificate(certificate, now)
    return LoadedIdentity(key=key, certificate=certificate, chain=tuple(chain),
                          info=describe_certificate(certificate, path))


def _check_pkcs12_structure(data: bytes, path: Path) -> None:
    """Tell "not a PKCS#12 file" from "wrong passphrase" by parsing the outer structure."""
    # pyHanko (and asn1crypto.tsp, which it imports) add object identifiers to asn1crypto's
    # tables when imported; asn1crypto builds its name-to-OID tables once, on first use. Parsing
    # anything with asn1crypto before pyHanko is loaded would leave "tst_info" unknown, and
    # every timestamped (B-T) signature of this process would then fail.
    # lazy: pyHanko takes ~0.4 s to import; listing or making identities does not need it
    import pyhanko.sign  # noqa: F401
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        parsed = asn1_pkcs12.Pfx.load(data, strict=True)
        parsed["auth_safe"]["content_type"].native  # noqa: B018  (forces parsing)
    except Exception:  # asn1crypto raises assorted errors on garbage
        raise IdentityError(_("{path} is not a PKCS#12 identity file (.p12 or .pfx).")
                            .format(path=path)) from None


def _store(target: Path, key: PrivateKey, certificate: x509.Certificate,
           chain: tuple[x509.Certificate, ...], passphrase: str, *, friendly_name: str) -> None:
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(PKCS12_KDF_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase.encode("utf-8"))
    )
    data = pkcs12.serialize_key_and_certificates(
        friendly_name.encode("utf-8"), key, certificate, list(chain) or None, encryption)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        replace_atomically(target, data, mode=0o600)
        replace_atomically(_certificate_path(target),
                         certificate.public_bytes(serialization.Encoding.PEM), mode=0o644)
    except OSError as error:
        raise IdentityError(_("The identity cannot be written to {path} ({error}).").format(
            path=target, error=error.strerror or error)) from error


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > 1024 * 1024:
            raise IdentityError(_("{path} is too large to be an identity file.").format(
                path=path))
        return path.read_bytes()
    except FileNotFoundError:
        raise IdentityError(_("No identity at {path}.").format(path=path)) from None
    except OSError as error:
        raise IdentityError(_("{path} cannot be read ({error}).").format(
            path=path, error=error.strerror or error)) from error


def _certificate_path(p12: Path) -> Path:
    return p12.with_suffix(".pem")


def _unknown(p12: Path) -> IdentityInfo:
    epoch = dt.datetime.fromtimestamp(0, dt.UTC)
    return IdentityInfo(path=p12, name=p12.stem, role="", organization="", email="", country="",
                        issuer="", not_before=epoch, not_after=epoch, self_signed=False,
                        sha256="", key_type="")


def _check_subject(*, name: str, role: str, practice: str, email: str, country: str) -> None:
    for label, value in ((_("name"), name), (_("role"), role), (_("practice"), practice),
                         (_("e-mail"), email)):
        if not value:
            raise IdentityError(_("The {field} is missing.").format(field=label))
        if len(value) > 64:
            raise IdentityError(_("The {field} is too long (at most 64 characters).").format(
                field=label))
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) or not email.isascii():
        raise IdentityError(_("'{email}' is not an e-mail address.").format(email=email))
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise IdentityError(_("The country must be a two-letter code such as CH or FR, not "
                              "'{country}'.").format(country=country))


def _check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise IdentityError(_("The passphrase is too short: use at least {count} characters.")
                            .format(count=MIN_PASSPHRASE_LENGTH))


def _clean(value: str) -> str:
    return " ".join(value.split())


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "identity"


def _attribute(name: x509.Name, oid: ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    if not values:
        return ""
    value = values[0].value
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def _day(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
