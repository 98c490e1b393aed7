"""Signatures: the record that a PDF of the assessment was signed (by the practice, then
countersigned by an auditor), which locks the assessment."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.domain.assessment import AssessmentStatus
from app.errors import ValidationError
from app.i18n import _
from app.storage.checks import clean_name, clean_sha256, enum_value
from app.storage.convert import info_to_json, practice_record, signature_record
from app.storage.core import DatabaseCore, guarded
from app.storage.lookup import find_assessment
from app.storage.models import Practice, Signature, utcnow
from app.storage.records import SignatureKind, SignatureRecord
from app.storage.snapshots import build_snapshot


class Signatures(DatabaseCore):
    @guarded
    def record_signature(self, assessment_id: str, *, kind: SignatureKind | str,
                         file_sha256: str, signer_name: str, role: str = "",
                         signed_at: dt.datetime | None = None,
                         fingerprint: str | None = None) -> SignatureRecord:
        """Record that a PDF of the assessment was signed, and lock the assessment.

        The practice signs a completed assessment (it becomes ``signed``, read-only, its
        practice details frozen); an auditor countersigns a signed one (``reviewed``).
        ``fingerprint``, if given, must be the assessment's current fingerprint (the one printed
        in the signed PDF).
        """
        which = enum_value(SignatureKind, kind, _("signature kind"))
        digest = clean_sha256(file_sha256)
        signer = clean_name(signer_name, _("signer's name"))
        when = signed_at or utcnow()
        if when.tzinfo is None:
            raise ValidationError(_("The signing time needs a time zone."))
        with self._writing() as session:
            assessment = find_assessment(session, assessment_id, for_update=True)
            if which is SignatureKind.PRACTICE:
                allowed = (AssessmentStatus.COMPLETED, AssessmentStatus.SIGNED)
                advice = _("Mark it completed first.")
                new_status = AssessmentStatus.SIGNED
            else:
                allowed = (AssessmentStatus.SIGNED, AssessmentStatus.REVIEWED)
                advice = _("The practice signs it first.")
                new_status = AssessmentStatus.REVIEWED
            if assessment.status not in allowed:
                raise ValidationError(
                    _("The assessment {id} is {status}: it cannot be signed by {kind} "
                      "yet.").format(id=assessment.id, status=assessment.status.value,
                                     kind=which.value), hint=advice)
            if assessment.practice_info is None:
                practice = session.get_one(Practice, assessment.practice_id)
                assessment.practice_info = info_to_json(practice_record(practice).info())
            snapshot = build_snapshot(session, assessment)
            if fingerprint is not None and fingerprint != snapshot.fingerprint:
                raise ValidationError(
                    _("The signed file does not show the assessment as it is now (fingerprint "
                      "{given}, expected {expected})."
                      ).format(given=fingerprint[:12], expected=snapshot.fingerprint[:12]),
                    hint=_("Export the report again and sign that."))
            signature = Signature(assessment_id=assessment.id, kind=which, file_sha256=digest,
                                  signer_name=signer,
                                  role=clean_name(role, _("role"), required=False),
                                  signed_at=when, fingerprint=snapshot.fingerprint)
            session.add(signature)
            if assessment.status is not new_status:
                assessment.status = new_status
                assessment.updated_at = utcnow()
            session.flush()
            return signature_record(signature)

    @guarded
    def signatures(self, assessment_id: str) -> list[SignatureRecord]:
        with self._reading() as session:
            assessment = find_assessment(session, assessment_id)
            return [signature_record(s) for s in session.scalars(
                select(Signature).where(Signature.assessment_id == assessment.id)
                .order_by(Signature.signed_at, Signature.id))]
