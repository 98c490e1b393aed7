"""``cybercabinet report ... --sign IDENTITY.p12``: sign the rendered report, and lock the
assessment.

``report`` renders the PDF, hands the bytes to ``sign_report`` (through its ``finish_pdf``
hook), and writes what comes back atomically. Here the practice's signature goes into the
report's ``SignaturePractice`` field; then the signature is recorded in the database with the
signed file's SHA-256, which locks the assessment (it becomes "signed", read-only). If anything
fails — wrong passphrase, unusable certificate, an assessment not completed yet, a timestamping
service that does not answer — nothing is written and nothing is recorded.

``record_signature`` is shared with ``countersign``, for which the database is optional.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any

from app.cli.common import database_url
from app.cli.passphrase import add_passphrase_option, read_passphrase
from app.errors import CyberCabinetError, NotFoundError
from app.i18n import _
from app.reporting.signatures import load_identity, sign_pdf, verify_pdf
from app.storage.database import open_database


def add_signing_options(parser: argparse.ArgumentParser) -> None:
    """The options ``report`` gains for signing."""
    parser.add_argument("--sign", type=Path, metavar="IDENTITY.p12",
                        help=_("sign the report with this identity (PAdES) and lock the "
                               "assessment"))
    add_passphrase_option(parser)
    parser.add_argument("--timestamp-url", metavar="URL",
                        help=_("an RFC 3161 timestamping service (makes the signature PAdES "
                               "B-T)"))
    parser.add_argument("--location", default="", help=_("place of signing, shown on the stamp"))


def sign_report(pdf: bytes, args: argparse.Namespace) -> bytes:
    """Sign the rendered report into ``SignaturePractice`` and record it; the signed bytes."""
    passphrase = read_passphrase(args, prompt=_("Passphrase of {path}: ").format(path=args.sign))
    identity = load_identity(args.sign, passphrase)
    signed = sign_pdf(pdf, identity, "", location=args.location,
                      timestamp_url=args.timestamp_url)
    check = verify_pdf(signed)
    (signature,) = check.signatures
    record_signature(args, kind="practice", assessment_id=str(args.assessment), signed=signed,
                     signer=identity.info.name, role=identity.info.role,
                     signed_at=signature.timestamp_time or signature.signing_time,
                     fingerprint=check.fingerprint, required=True)
    print(_("Signed by {name} ({level}); the assessment is now locked.").format(
        name=identity.info.name, level=signature.level))
    return signed


def record_signature(args: argparse.Namespace, *, kind: str, assessment_id: str | None,
                     signed: bytes, signer: str, role: str, signed_at: Any,
                     fingerprint: str | None, required: bool) -> bool:
    """Record the signed file in the database (and so lock the assessment).

    ``required``: a failure is an error (nothing gets written); otherwise it is a warning on
    standard error and the signed file is still written (an auditor often has no copy of the
    practice's database). Returns whether it was recorded.
    """
    try:
        if not assessment_id:
            raise NotFoundError(_("The report names no assessment."))
        url = database_url(args)
        if (not required and url.startswith("sqlite:///")
                and not Path(url.removeprefix("sqlite:///")).exists()):
            raise NotFoundError(_("There is no database on this computer."))

        with open_database(url) as db:
            db.record_signature(assessment_id, kind=kind,
                                file_sha256=hashlib.sha256(signed).hexdigest(),
                                signer_name=signer, role=role, signed_at=signed_at,
                                fingerprint=fingerprint)
    except CyberCabinetError as error:
        if required:
            raise
        print(_("note: the signature was not recorded in the database ({error}).").format(
            error=error), file=sys.stderr)
        return False
    return True
