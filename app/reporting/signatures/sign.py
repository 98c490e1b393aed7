"""Signing a report (PAdES) and countersigning it, with pyHanko.

- ``sign_pdf`` — the practice's signature: PAdES B-B (``/SubFilter /ETSI.CAdES.detached``),
  B-T when a timestamping service (RFC 3161) is configured, drawn in the report's empty
  ``SignaturePractice`` field. It is a *certification* signature that allows form filling and
  signing only (DocMDP P=2): the auditor may countersign, nothing else may change.
- ``countersign`` — the auditor's signature, appended as an incremental update into
  ``SignatureAuditor``: the practice's signature stays valid; it then "does not cover the entire
  file", and verification shows that what was added after it is only the countersignature.

The stamp shows name, role, date, reason and place in Bitstream Vera (shipped with ReportLab),
embedded as a subset so every reader draws the same letters. When the report has no such field
(an older or foreign layout), the field is created at the bottom of the last page: the practice
on the left, the auditor on the right.

Signing is always the last thing done to the bytes: anything rewritten afterwards breaks the
signature. Nothing here writes a file: callers write the returned bytes atomically.

pyHanko (and fontTools) are imported by the functions that use them: importing pyHanko takes
~0.4 s (measured, a fresh interpreter), and this package is also imported to list and make
identities (the sign dialog, on the window's thread; ``cybercabinet identity``), which never
need it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from io import BytesIO
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15

from app.i18n import LANGUAGES, N_, _, current_language, gettext_for
from app.reporting.signatures._common import INFO_FINGERPRINT, open_pdf, quiet_pyhanko, read_info
from app.reporting.signatures.errors import NotAReport, PdfDamaged, SigningFailed
from app.reporting.signatures.identity import LoadedIdentity, check_certificate, load_identity
from app.reporting.signatures.verify import verify_pdf

PRACTICE_FIELD = "SignaturePractice"
AUDITOR_FIELD = "SignatureAuditor"

STAMP_FONT_SIZE = 8
_MAX_STAMP_VALUE = 80


def sign_pdf(pdf: bytes, identity_path: Path | LoadedIdentity, passphrase: str, *,
             field_name: str = PRACTICE_FIELD, name: str | None = None,
             role: str | None = None, reason: str | None = None, location: str = "",
             timestamp_url: str | None = None, timestamper: Any = None,
             language: str | None = None, require_report: bool = True) -> bytes:
    """Sign ``pdf`` with the identity at ``identity_path``; return the signed bytes.

    ``identity_path`` may also be an identity the caller opened with ``load_identity`` (then
    ``passphrase`` is not used).
    ``name`` and ``role`` default to the certificate's common name and title; ``reason`` to a
    standard sentence. ``timestamp_url`` (an RFC 3161 service) or a ``timestamper`` object makes
    the signature PAdES B-T. ``language`` is the stamp's labels' language (default: the
    report's own /Lang, else the interface's). Raises a ``SignatureError`` with a message for
    people when the passphrase is wrong, the certificate cannot sign, the PDF is not a report or
    its field is already signed.
    """
    reader = _open_for_signing(pdf, require_report=require_report)
    language = language or _document_language(reader)
    if _signed_fields(reader):
        raise SigningFailed(_("This report is already signed: an auditor adds a second signature "
                              "with 'countersign'; the practice signs a freshly exported report."))
    identity = _identity(identity_path, passphrase)
    return _sign(pdf, reader, identity, field_name=field_name, certify=True,
                 name=name, role=role,
                 reason=reason if reason is not None else _label(
                     language, N_("Cybersecurity self-assessment of the practice")),
                 location=location, timestamp_url=timestamp_url, timestamper=timestamper,
                 language=language)


def countersign(pdf: bytes, identity_path: Path | LoadedIdentity, passphrase: str, *,
                field_name: str = AUDITOR_FIELD, name: str | None = None,
                role: str | None = None, reason: str | None = None, location: str = "",
                timestamp_url: str | None = None, timestamper: Any = None,
                language: str | None = None, require_report: bool = True) -> bytes:
    """Add a second signature (the auditor's) to an already signed report, incrementally.

    Refuses a report that carries no signature yet, or whose existing signatures are not
    intact or were followed by changes other than signing: an auditor never countersigns a
    document that changed after the practice signed it.
    """
    reader = _open_for_signing(pdf, require_report=require_report)
    language = language or _document_language(reader)
    if not _signed_fields(reader):
        raise SigningFailed(_("This report carries no signature yet: the practice signs it "
                              "first, the auditor countersigns afterwards."))
    report = verify_pdf(pdf, trust=[])
    for signature in report.signatures:
        if not signature.intact or not signature.only_signatures_added_after:
            raise SigningFailed(
                _("The signature in {field} is not intact or the report was changed after it: "
                  "it will not be countersigned.").format(field=signature.field))
    if field_name not in {f.name for f in _fields(reader)} and any(
            s.certification for s in report.signatures):
        raise SigningFailed(
            _("The report has no {field} field, and its certified signature does not allow "
              "adding one: it cannot be countersigned without breaking the first signature.")
            .format(field=field_name))
    identity = _identity(identity_path, passphrase)
    return _sign(pdf, reader, identity, field_name=field_name, certify=False,
                 name=name, role=role,
                 reason=reason if reason is not None else _label(
                     language, N_("Reviewed and countersigned by the auditor")),
                 location=location, timestamp_url=timestamp_url, timestamper=timestamper,
                 language=language)


def _identity(identity: Path | LoadedIdentity, passphrase: str) -> LoadedIdentity:
    """An identity already opened by the caller (checked again now), or one to open."""
    if isinstance(identity, LoadedIdentity):
        check_certificate(identity.certificate)
        return identity
    return load_identity(Path(identity), passphrase)


def make_timestamper(timestamp_url: str, *, timeout: int = 15) -> Any:
    """An RFC 3161 client for ``timestamp_url`` (http or https)."""
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from pyhanko.sign.timestamps import HTTPTimeStamper

    if not timestamp_url.startswith(("http://", "https://")):
        raise SigningFailed(_("The timestamping service address must start with http:// or "
                              "https://, not '{url}'.").format(url=timestamp_url))
    return HTTPTimeStamper(timestamp_url, timeout=timeout)


# --- internals ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    name: str
    filled: bool


def _open_for_signing(pdf: bytes, *, require_report: bool) -> Any:
    reader = open_pdf(pdf)
    if require_report and INFO_FINGERPRINT not in read_info(reader):
        raise NotAReport(_("This PDF is not a CyberCabinet report (it carries no assessment "
                           "fingerprint): only reports made by the app are signed."))
    return reader


def _fields(reader: Any) -> list[_Field]:
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from pyhanko.sign.fields import enumerate_sig_fields

    try:
        with quiet_pyhanko():
            return [_Field(name=str(name), filled=value is not None)
                    for name, value, _ref in enumerate_sig_fields(reader)]
    except Exception as error:  # a broken form in untrusted bytes
        raise PdfDamaged(_("The PDF is damaged: its signature fields cannot be read ({error})."
                           ).format(error=str(error)[:200] or type(error).__name__)) from error


def _signed_fields(reader: Any) -> list[str]:
    return [f.name for f in _fields(reader) if f.filled]


def _sign(pdf: bytes, reader: Any, identity: LoadedIdentity, *, field_name: str, certify: bool,
          name: str | None, role: str | None, reason: str, location: str,
          timestamp_url: str | None, timestamper: Any, language: str | None) -> bytes:
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter

    existing = {f.name: f for f in _fields(reader)}
    if field_name in existing and existing[field_name].filled:
        raise SigningFailed(_("The signature field {field} is already signed.").format(
            field=field_name))

    signer = _simple_signer(identity)
    shown_name = _fit(name or identity.info.name)
    shown_role = _fit(role if role is not None else identity.info.role)
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=SigSeedSubFilter.PADES,
        name=shown_name,
        reason=reason or None,
        location=location or None,
        contact_info=identity.info.email or None,
        certify=certify,
        docmdp_permissions=MDPPerm.FILL_FORMS,
    )
    if timestamper is None and timestamp_url:
        timestamper = make_timestamper(timestamp_url)
    # Missing fields are created in the revision this signature covers. The practice's
    # (certification) signature also creates the auditor's field: pyHanko, like Acrobat,
    # counts a field *added* after a certification signature as a change to the document,
    # while signing an existing empty field is form filling.
    missing = [name for name in ((field_name, AUDITOR_FIELD) if certify else (field_name,))
               if name not in existing]
    pdf_signer = signers.PdfSigner(metadata, signer, timestamper=timestamper,
                                   stamp_style=_stamp_style(language))
    text = {
        "role": shown_role,
        "reason": _fit(reason),
        "location": _fit(location) or "—",
        "l_date": _with_colon(language, _label(language, N_("Date"))),
        "l_reason": _with_colon(language, _label(language, N_("Reason"))),
        "l_location": _with_colon(language, _label(language, N_("Place"))),
    }
    try:
        with quiet_pyhanko():
            writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=True)
            for name in dict.fromkeys(missing):
                fields.append_signature_field(writer, fields.SigFieldSpec(
                    sig_field_name=name, on_page=-1, box=_fallback_box(reader, name)))
            output = pdf_signer.sign_pdf(writer, existing_fields_only=True,
                                         appearance_text_params=text)
    except Exception as error:
        raise _signing_error(error, timestamp_url) from error
    signed: bytes = output.getvalue()
    return signed


def _simple_signer(identity: LoadedIdentity) -> Any:
    """pyHanko's SimpleSigner for ``identity``, signing with its key already opened."""
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = serialization.Encoding.DER
    signing_cert = asn1_x509.Certificate.load(identity.certificate.public_bytes(der))
    signing_key = asn1_keys.PrivateKeyInfo.load(identity.key.private_bytes(
        der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    chain = [asn1_x509.Certificate.load(c.public_bytes(der)) for c in identity.chain]
    registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    registry.register_multiple(chain)
    return _open_key_signer(identity.key)(signing_cert=signing_cert, signing_key=signing_key,
                                          cert_registry=registry)


def _open_key_signer(key: Any) -> Any:
    """pyHanko's SimpleSigner, signing with the key already opened.

    SimpleSigner re-reads its private key from DER for every signature it computes (twice per
    PDF: a dry run sizes the signature container first), and ``cryptography`` re-checks an RSA
    key each time it is read: 0.1-0.2 s each for RSA 3072. The identity's key was opened (and
    checked) once by ``load_identity``; PKCS#1 v1.5 and ECDSA are signed with it directly,
    anything else goes through pyHanko's own code.

    Measured gain (issue 20: kept for >= 10 %): 195 ms of 0.71 s, 28 % of the report +
    signature row (CPU, median of 41 paired rounds), with
    ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/hack_gains.py report``. It overrides
    pyHanko's ``SimpleSigner.sign_raw`` (pinned; tests/signatures/test_pyhanko_contract.py).
    """
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from pyhanko.sign import signers
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class _Signer(signers.SimpleSigner):  # type: ignore[misc]
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                name = mechanism.signature_algo
            except ValueError:
                name = mechanism["algorithm"].native
            hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
            if name == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
                return key.sign(data, PKCS1v15(), hash_algorithm)
            if name == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
                return key.sign(data, ec.ECDSA(hash_algorithm))
            return bytes(super().sign_raw(data, digest_algorithm))

    return _Signer


def _signing_error(error: Exception, timestamp_url: str | None) -> Exception:
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from pyhanko.sign.timestamps import TimestampRequestError

    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(e, TimestampRequestError) for e in chain) or (
            timestamp_url and any(type(e).__module__.startswith("aiohttp") for e in chain)):
        return SigningFailed(_("The timestamping service {url} did not answer properly ({error}); "
                               "nothing was signed. Try again later or sign without a "
                               "timestamp.").format(url=timestamp_url or "", error=chain[-1]))
    return SigningFailed(_("The report could not be signed ({error}).").format(
        error=f"{type(error).__name__}: {error}"))


def _fallback_box(reader: Any, field_name: str) -> tuple[int, int, int, int]:
    """Where a missing signature field goes: the bottom of the last page, left or right."""
    width = 595
    try:
        with quiet_pyhanko():
            pages = reader.root["/Pages"]
            page = pages
            while "/Kids" in page:
                page = page["/Kids"][-1].get_object()
            box = page.get("/MediaBox") or pages.get("/MediaBox")
            if box is not None:
                width = int(float(box[2]) - float(box[0]))
    except Exception:  # keep A4 when the page tree is odd
        width = 595
    margin, gap, height = 40, 20, 90
    half = (width - 2 * margin - gap) // 2
    if field_name == AUDITOR_FIELD:
        return (margin + half + gap, margin, width - margin, margin + height)
    return (margin, margin, margin + half, margin + height)


def _stamp_style(language: str | None) -> Any:
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    signed_by = _with_colon(language, _label(language, N_("Signed by"))).replace("%", "%%")
    return TextStampStyle(
        stamp_text=(signed_by + " %(signer)s\n%(role)s\n%(l_date)s %(ts)s\n"
                    "%(l_reason)s %(reason)s\n%(l_location)s %(location)s"),
        timestamp_format="%Y-%m-%d %H:%M:%S %Z",
        border_width=0,  # the report draws the frame of the field
        text_box_style=TextBoxStyle(font=_embedded_font_factory(STAMP_FONT_SIZE),
                                    font_size=STAMP_FONT_SIZE, leading=STAMP_FONT_SIZE + 2),
    )


def _embedded_font_factory(size: int) -> Any:
    """A pyHanko font engine factory embedding (a subset of) Bitstream Vera."""
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    class _Vera(FontEngineFactory):  # type: ignore[misc]
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            if obj_stream is None and writer.stream_xrefs:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(writer=writer, font_handle=BytesIO(stamp_font_bytes()),
                                    font_size=size, obj_stream=obj_stream)

    return _Vera()


@functools.cache
def stamp_font_bytes() -> bytes:
    """ReportLab's Vera.ttf, rescaled to 1000 font units per em.

    pyHanko 0.38 writes the glyph widths of an embedded TrueType font in the font's own units,
    while PDF wants thousandths of an em: with Vera's 2048 units every letter would be drawn
    twice as far apart. Rescaling the font (fontTools) once makes both the same.
    """
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
    from fontTools.ttLib.scaleUpem import scale_upem  # type: ignore[import-untyped]

    with files("reportlab").joinpath("fonts", "Vera.ttf").open("rb") as handle:
        font = TTFont(handle)
        if font["head"].unitsPerEm != 1000:
            with quiet_pyhanko():
                scale_upem(font, 1000)
        buffer = BytesIO()
        font.save(buffer)
    return buffer.getvalue()


def _document_language(reader: Any) -> str | None:
    """The report's own language (its catalog's /Lang, e.g. ``fr-CH``) if it is one of ours."""
    try:
        with quiet_pyhanko():
            value = str(reader.root.get("/Lang", ""))
    except Exception:  # no or odd /Lang: the interface language is used
        return None
    code = value[:2].lower()
    return code if code in LANGUAGES else None


def _with_colon(language: str | None, label: str) -> str:
    """``label:`` as the language writes it: French puts a no-break space before the colon."""
    return label + ("\u00a0:" if (language or current_language()) == "fr" else ":")


def _label(language: str | None, message: str) -> str:
    translate: Callable[[str], str] = (
        _ if language is None else functools.partial(gettext_for, language))
    return translate(message)


def _fit(value: str | None) -> str:
    text = " ".join((value or "").split())
    return text if len(text) <= _MAX_STAMP_VALUE else text[:_MAX_STAMP_VALUE - 1] + "…"
