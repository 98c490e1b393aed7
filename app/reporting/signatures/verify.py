"""Verifying a signed report: every signature, in words an insurer can act on.

For each signature the report lists the field, the signer (name, organisation, e-mail), the
signing time (and the timestamp's time and authority, if any), whether the signed bytes are
intact, whether it covers the whole file and, if not, what was added after it (pyHanko's
modification analysis: only further signatures, or something else), and whether the signer is
trusted — and if not, why: a self-signed certificate nobody vouched for, not in the trust list,
expired, revoked, not meant for signing. It also reads the report's assessment fingerprint from
the Info dictionary, and says whether that fingerprint is the one the signatures cover.

Trust is explicit: only the certificates passed in ``trust`` are trust anchors (never the
operating system's list); no network is used, so revocation is not checked for certificates
issued by an authority. Untrusted input never raises anything but a ``SignatureError``.

pyHanko is imported by the functions that use it (~0.4 s; see ``sign.py``'s docstring).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from app.i18n import N_, _
from app.reporting.signatures._common import (
    INFO_ASSESSMENT,
    INFO_FINGERPRINT,
    INFO_QUESTIONNAIRE,
    open_pdf,
    quiet_pyhanko,
    read_info,
)
from app.reporting.signatures.errors import PdfDamaged
from app.reporting.signatures.identity import describe_certificate


class TrustStatus(StrEnum):
    TRUSTED = "trusted"
    SELF_SIGNED = "untrusted_self_signed"
    NOT_IN_TRUST_LIST = "not_in_trust_list"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REVOKED = "revoked"
    REVOCATION_UNKNOWN = "revocation_unknown"
    NOT_FOR_SIGNING = "not_for_signing"
    INVALID_CHAIN = "invalid_chain"
    NOT_CHECKED = "not_checked"

    def describe(self) -> str:
        return _(_TRUST_TEXT[self])


_TRUST_TEXT: dict[TrustStatus, str] = {
    TrustStatus.TRUSTED: N_("trusted: the certificate is in the trust list (or issued by a "
                            "certificate in it)"),
    TrustStatus.SELF_SIGNED: N_("not trusted: self-signed certificate that is not in the trust "
                                "list; nobody but the signer vouches for the name in it"),
    TrustStatus.NOT_IN_TRUST_LIST: N_("not trusted: the certificate does not lead to any "
                                      "certificate of the trust list"),
    TrustStatus.EXPIRED: N_("not trusted: the certificate has expired and no trusted timestamp "
                            "proves the signature was made before"),
    TrustStatus.NOT_YET_VALID: N_("not trusted: the certificate was not yet valid"),
    TrustStatus.REVOKED: N_("not trusted: the certificate was revoked"),
    TrustStatus.REVOCATION_UNKNOWN: N_("not trusted: whether the certificate was revoked "
                                       "cannot be known"),
    TrustStatus.NOT_FOR_SIGNING: N_("not trusted: the certificate is not allowed to sign "
                                    "documents, or its chain breaks a constraint"),
    TrustStatus.INVALID_CHAIN: N_("not trusted: the certificate chain is not valid"),
    TrustStatus.NOT_CHECKED: N_("not checked: the signature itself is not intact"),
}


@dataclass(frozen=True)
class SignerInfo:
    common_name: str
    organization: str
    email: str
    role: str
    country: str
    issuer: str
    self_signed: bool
    certificate_sha256: str
    not_before: dt.datetime | None = None
    not_after: dt.datetime | None = None

    def valid_at(self, moment: dt.datetime) -> bool:
        return ((self.not_before is None or self.not_before <= moment)
                and (self.not_after is None or moment <= self.not_after))


@dataclass(frozen=True)
class SignatureReport:
    """One signature of the file, as verified."""

    field: str
    signer: SignerInfo | None
    intact: bool
    """The signed bytes are unchanged and the signature is cryptographically valid."""
    covers_whole_file: bool
    coverage: str
    """``entire_file``, ``entire_revision`` (something was appended after it) or ``unclear``."""
    modification_level: str | None
    """pyHanko's judgement of what was appended: ``none``, ``lta_updates`` (validation data),
    ``form_filling`` (signing and form filling), ``annotations``, ``other``; ``None`` if the
    analysis could not run."""
    modifications_allowed: bool | None
    """Whether what was appended is allowed by the document's modification policy (DocMDP)."""
    changed_fields: tuple[str, ...]
    added_after: tuple[str, ...]
    """The fields of the signatures that were added after this one."""
    only_signatures_added_after: bool
    trust: TrustStatus
    signing_time: dt.datetime | None = None
    timestamp_time: dt.datetime | None = None
    timestamp_authority: str | None = None
    timestamp_intact: bool | None = None
    """``None`` when the signature has no timestamp."""
    timestamp_trusted: bool | None = None
    level: str = ""
    certification: bool = False
    reason: str = ""
    location: str = ""
    problem: str | None = None
    """Why the signature could not be checked at all (then it is not intact)."""
    notes: tuple[str, ...] = ()

    @property
    def trusted(self) -> bool:
        return self.trust is TrustStatus.TRUSTED

    @property
    def ok(self) -> bool:
        """Intact, nothing but signatures added after it, and its timestamp (if any) intact."""
        return (self.intact and self.only_signatures_added_after
                and self.timestamp_intact is not False)

    def later_changes(self) -> str:
        """What was added after this signature, in plain words."""
        if self.problem is not None:
            return _("unknown: the signature could not be checked")
        if self.covers_whole_file:
            return _("nothing")
        if self.only_signatures_added_after:
            if self.added_after:
                return _("only the later signature(s) in {fields}").format(
                    fields=", ".join(self.added_after))
            return _("only validation data or document information, no content")
        if self.modification_level is None:
            return _("unknown changes (they could not be analysed)")
        return _("other changes than signatures ({level}): the content may have been altered "
                 "after this signature").format(level=self.modification_level)


@dataclass(frozen=True)
class VerificationReport:
    """Every signature of a file, and what the file says about its assessment."""

    signatures: tuple[SignatureReport, ...]
    fingerprint: str | None
    assessment_id: str | None
    questionnaire: str | None
    fingerprint_signed: bool
    """The fingerprint, assessment and questionnaire read from the Info dictionary are the ones
    the first signature covers (not changed by a later revision)."""
    sha256: str
    size: int
    trust_list_given: bool
    damaged_signatures: tuple[str, ...] = field(default=())

    @property
    def intact(self) -> bool:
        """At least one signature, every one intact and followed only by signatures."""
        return bool(self.signatures) and all(s.ok for s in self.signatures) and (
            self.fingerprint is None or self.fingerprint_signed)

    @property
    def trusted(self) -> bool:
        return bool(self.signatures) and all(s.trusted for s in self.signatures)

    def passed(self, *, require_trust: bool) -> bool:
        """The verdict: intact (and trusted, when a trust list was given)."""
        return self.intact and (self.trusted or not require_trust)


def verify_pdf(data: bytes, *, trust: Sequence[x509.Certificate] = (),
               moment: dt.datetime | None = None) -> VerificationReport:
    """Verify every signature of ``data`` against the certificates of ``trust``.

    ``moment`` is the time at which certificates are judged (default: now).
    Raises ``PdfNotAccepted`` (not a PDF, too large, encrypted) or ``PdfDamaged`` (unreadable);
    a signature that is present but broken is reported, not raised.
    """
    with quiet_pyhanko():
        return _verify(data, list(trust), moment)


def _verify(data: bytes, trust: list[x509.Certificate], moment: dt.datetime | None,
            ) -> VerificationReport:
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation import EmbeddedPdfSignature

    reader = open_pdf(data)
    info = read_info(reader)
    try:
        filled = list(enumerate_sig_fields(reader, filled_status=True))
    except Exception as error:  # a damaged form: the signatures cannot even be found
        raise PdfDamaged(_("The PDF is damaged or was altered: its signature fields cannot be "
                           "read ({error}).").format(error=_short(error))) from error

    embedded: list[Any] = []
    broken: list[SignatureReport] = []
    for name, _value, sig_field in filled:
        try:
            embedded.append(EmbeddedPdfSignature(reader, sig_field, name))
        except Exception as error:  # a damaged signature object or CMS blob
            broken.append(_broken(str(name), error))
    embedded.sort(key=lambda e: e.signed_revision)
    later_fields = [str(e.field_name) for e in embedded]

    reports: list[SignatureReport] = []
    for index, signature in enumerate(embedded):
        after = tuple(later_fields[index + 1:])
        try:
            reports.append(_check(signature, trust, moment, after))
        except Exception as error:  # anything pyHanko raises on a damaged signature
            reports.append(_broken(str(signature.field_name), error))
    reports.extend(broken)

    fingerprint = info.get(INFO_FINGERPRINT)
    return VerificationReport(
        signatures=tuple(reports),
        fingerprint=fingerprint,
        assessment_id=info.get(INFO_ASSESSMENT),
        questionnaire=info.get(INFO_QUESTIONNAIRE),
        fingerprint_signed=_info_signed(reader, embedded, info),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        trust_list_given=bool(trust),
        damaged_signatures=tuple(r.field for r in broken),
    )


def _check(signature: Any, trust: list[x509.Certificate], moment: dt.datetime | None,
           after: tuple[str, ...]) -> SignatureReport:
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if signature.sig_object_type != "/Sig":
        return _document_timestamp(signature, trust, moment, after)
    status = validate_pdf_signature(signature, _context(trust, moment), _context(trust, moment),
                                    key_usage_settings=_key_usage())
    signer = _signer(status.signing_cert)
    intact = bool(status.intact and status.valid)
    trust_status = _trust(status, signer, intact)
    notes: list[str] = []
    timestamp = status.timestamp_validity
    at = moment or dt.datetime.now(dt.UTC)
    if trust_status is TrustStatus.TRUSTED and signer is not None and not signer.valid_at(at):
        # A trust anchor's own dates are not checked by path validation: a trusted self-signed
        # certificate must still be within its validity.
        trust_status = (TrustStatus.NOT_YET_VALID if signer.not_before and at < signer.not_before
                        else TrustStatus.EXPIRED)
    if (trust_status is TrustStatus.EXPIRED and timestamp is not None and timestamp.trusted
            and timestamp.valid and timestamp.intact and signer is not None
            and signer.valid_at(timestamp.timestamp)):
        # B-T: a trusted timestamp proves the signature existed while the certificate was valid
        again = validate_pdf_signature(signature, _context(trust, timestamp.timestamp),
                                       _context(trust, moment), key_usage_settings=_key_usage())
        if again.trusted:
            trust_status = TrustStatus.TRUSTED
            notes.append(_("The certificate has expired since, but a trusted timestamp proves "
                           "the signature was made while it was valid."))
    if trust_status is TrustStatus.TRUSTED and signer is not None and not signer.self_signed:
        notes.append(_("Revocation was not checked (no network is used)."))

    coverage = status.coverage
    level = status.modification_level
    diff = status.diff_result
    changed = tuple(sorted(getattr(diff, "changed_form_fields", None) or ()))
    whole = coverage == SignatureCoverageLevel.ENTIRE_FILE
    harmless = level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES,
                         ModificationLevel.FORM_FILLING)
    only_signatures = whole or (
        coverage == SignatureCoverageLevel.ENTIRE_REVISION and harmless
        and set(changed) <= set(after) and status.docmdp_ok is not False)

    sig_object = signature.sig_object
    return SignatureReport(
        field=str(signature.field_name),
        signer=signer,
        intact=intact,
        covers_whole_file=whole,
        coverage=_coverage_name(coverage),
        modification_level=level.name.lower() if level is not None else None,
        modifications_allowed=status.docmdp_ok,
        changed_fields=changed,
        added_after=after,
        only_signatures_added_after=bool(only_signatures),
        trust=trust_status,
        signing_time=status.signer_reported_dt,
        timestamp_time=timestamp.timestamp if timestamp is not None else None,
        timestamp_authority=(_name_of(timestamp.signing_cert)
                             if timestamp is not None else None),
        timestamp_intact=(bool(timestamp.intact and timestamp.valid)
                          if timestamp is not None else None),
        timestamp_trusted=bool(timestamp.trusted) if timestamp is not None else None,
        level=_level(sig_object, timestamp is not None),
        certification=signature.docmdp_level is not None,
        reason=_text(sig_object.get("/Reason")),
        location=_text(sig_object.get("/Location")),
        notes=tuple(notes),
    )


def _document_timestamp(signature: Any, trust: list[x509.Certificate],
                        moment: dt.datetime | None, after: tuple[str, ...]) -> SignatureReport:
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from pyhanko.sign.validation import validate_pdf_timestamp
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    status = validate_pdf_timestamp(signature, _context(trust, moment))
    signer = _signer(status.signing_cert)
    intact = bool(status.intact and status.valid)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    return SignatureReport(
        field=str(signature.field_name), signer=signer, intact=intact,
        covers_whole_file=whole, coverage=_coverage_name(status.coverage),
        modification_level=level.name.lower() if level is not None else None,
        modifications_allowed=status.docmdp_ok, changed_fields=(), added_after=after,
        only_signatures_added_after=whole or (level is not None and level.value <= 1),
        trust=_trust(status, signer, intact), timestamp_time=status.timestamp,
        timestamp_authority=signer.common_name if signer else None,
        timestamp_intact=intact, timestamp_trusted=bool(status.trusted),
        level=_("document timestamp"))


def _context(trust: list[x509.Certificate], moment: dt.datetime | None) -> Any:
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import ValidationContext

    roots = [asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in trust]
    return ValidationContext(trust_roots=roots, allow_fetching=False, moment=moment,
                             revocation_mode="soft-fail")


def _key_usage() -> Any:
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    # A qualified certificate may carry nonRepudiation alone; ours carry both.
    return KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"},
                               match_all_key_usages=False)


def _trust(status: Any, signer: SignerInfo | None, intact: bool) -> TrustStatus:
    if not intact:
        return TrustStatus.NOT_CHECKED
    if status.trusted:
        return TrustStatus.TRUSTED
    if status.revoked:
        return TrustStatus.REVOKED
    name = getattr(status.trust_problem_indic, "name", "")
    if status.validation_path is None and signer is not None and signer.self_signed:
        return TrustStatus.SELF_SIGNED  # certvalidator refuses a self-signed certificate outright
    if name in ("OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED", "EXPIRED"):
        return TrustStatus.EXPIRED
    if name == "NOT_YET_VALID":
        return TrustStatus.NOT_YET_VALID
    if name in ("REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE"):
        return TrustStatus.REVOKED
    if name in ("TRY_LATER", "REVOCATION_OUT_OF_BOUNDS_NO_POE"):
        return TrustStatus.REVOCATION_UNKNOWN
    if name in ("CHAIN_CONSTRAINTS_FAILURE", "SIG_CONSTRAINTS_FAILURE"):
        return TrustStatus.NOT_FOR_SIGNING
    if name == "NO_CERTIFICATE_CHAIN_FOUND" or status.validation_path is None:
        return (TrustStatus.SELF_SIGNED if signer is not None and signer.self_signed
                else TrustStatus.NOT_IN_TRUST_LIST)
    return TrustStatus.INVALID_CHAIN


def _signer(certificate: Any) -> SignerInfo | None:
    if certificate is None:
        return None
    try:
        info = describe_certificate(x509.load_der_x509_certificate(certificate.dump()))
    except Exception:  # a certificate cryptography refuses: keep what asn1crypto can say
        return SignerInfo(common_name=_name_of(certificate), organization="", email="", role="",
                          country="", issuer="", self_signed=False,
                          certificate_sha256=certificate.sha256.hex().upper())
    return SignerInfo(common_name=info.name, organization=info.organization, email=info.email,
                      role=info.role, country=info.country, issuer=info.issuer,
                      self_signed=info.self_signed, certificate_sha256=info.sha256,
                      not_before=info.not_before, not_after=info.not_after)


def _info_signed(reader: Any, embedded: list[Any], info: dict[str, str]) -> bool:
    """Whether the assessment keys now in the Info dictionary are those the first signature
    covers (pyHanko lets later revisions change document metadata as "LTA updates")."""
    keys = (INFO_FINGERPRINT, INFO_ASSESSMENT, INFO_QUESTIONNAIRE)
    if info.get(INFO_FINGERPRINT) is None or not embedded:
        return False
    try:
        historical = reader.get_historical_resolver(embedded[0].signed_revision)
        reference = historical.trailer_view.raw_get("/Info")
        signed_info = historical.get_object(reference.reference)
        signed = {key: _text(signed_info.get("/" + key)) if "/" + key in signed_info else None
                  for key in keys}
    except Exception:  # a damaged revision history: the information is not proven
        return False
    return all(signed[key] == info.get(key) for key in keys)


def _broken(field_name: str, error: BaseException) -> SignatureReport:
    return SignatureReport(
        field=field_name, signer=None, intact=False, covers_whole_file=False,
        coverage="unclear", modification_level=None, modifications_allowed=None,
        changed_fields=(), added_after=(), only_signatures_added_after=False,
        trust=TrustStatus.NOT_CHECKED,
        problem=_("the signature is damaged and cannot be checked ({error})").format(
            error=_short(error)))


def _coverage_name(coverage: Any) -> str:
    # lazy: pyHanko takes ~0.4 s to import (module docstring)
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return "entire_file"
    if coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        return "entire_revision"
    return "unclear"


def _level(sig_object: Any, timestamped: bool) -> str:
    subfilter = str(sig_object.get("/SubFilter", ""))
    if subfilter == "/ETSI.CAdES.detached":
        return "PAdES B-T" if timestamped else "PAdES B-B"
    return subfilter.lstrip("/") or "?"


def _name_of(certificate: Any) -> str:
    try:
        subject = certificate.subject.native
        return str(subject.get("common_name") or certificate.subject.human_friendly)
    except Exception:  # an odd subject: show nothing rather than fail
        return ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def _short(error: BaseException) -> str:
    text = str(error).strip()
    return (text.splitlines()[0] if text else type(error).__name__)[:200]
