"""``cybercabinet countersign FILE.pdf --sign IDENTITY.p12 -o OUT.pdf``: the auditor's signature.

Adds a second signature into the report's ``SignatureAuditor`` field as an incremental update:
the practice's signature stays valid. Nothing is written unless everything succeeded (the output
is written atomically). When the assessment is in this computer's database, the countersignature
is recorded there too (the assessment becomes "reviewed"); an auditor without it gets a note.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from app.cli.common import EXIT_OK
from app.cli.passphrase import add_passphrase_option, read_passphrase
from app.cli.report_signing import record_signature
from app.errors import ValidationError
from app.i18n import _
from app.reporting.files import replace_atomically
from app.reporting.signatures import countersign, load_identity, verify_pdf

MAX_INPUT_BYTES = 50 * 1024 * 1024


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             parents: list[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "countersign", parents=parents,
        help=_("add the auditor's signature to a report the practice has signed"))
    parser.add_argument("file", type=Path, metavar="FILE.pdf")
    parser.add_argument("--sign", type=Path, required=True, metavar="IDENTITY.p12",
                        help=_("the auditor's identity (PKCS#12)"))
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
    add_passphrase_option(parser)
    parser.add_argument("--name", help=_("name shown on the stamp (default: the certificate's)"))
    parser.add_argument("--role", help=_("role shown on the stamp (default: the certificate's)"))
    parser.add_argument("--reason", help=_("reason for signing, shown on the stamp"))
    parser.add_argument("--location", default="", help=_("place of signing"))
    parser.add_argument("--timestamp-url", metavar="URL",
                        help=_("an RFC 3161 timestamping service (makes the signature PAdES B-T)"))
    parser.set_defaults(handler=countersign_report)


def countersign_report(args: argparse.Namespace) -> int:
    data = read_input(args.file)
    passphrase = read_passphrase(args, prompt=_("Passphrase of {path}: ").format(path=args.sign))
    identity = load_identity(args.sign, passphrase)
    signed = countersign(data, identity, "", name=args.name, role=args.role,
                         reason=args.reason, location=args.location,
                         timestamp_url=args.timestamp_url)
    check = verify_pdf(signed)
    last = check.signatures[-1]
    recorded = record_signature(args, kind="auditor", assessment_id=check.assessment_id,
                                signed=signed, signer=identity.info.name,
                                role=identity.info.role,
                                signed_at=last.timestamp_time or last.signing_time,
                                fingerprint=check.fingerprint, required=False)
    write_output(args.output, signed)
    print(_("Countersigned by {name}: {path} (SHA-256 {sha256}).").format(
        name=identity.info.name, path=args.output, sha256=hashlib.sha256(signed).hexdigest()))
    if recorded:
        print(_("Recorded in the database: the assessment {id} is now reviewed.").format(
            id=check.assessment_id))
    return EXIT_OK


def read_input(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise ValidationError(_("{path} is too large to be a report.").format(path=path))
        return path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(_("{path}: no such file.").format(path=path)) from None
    except OSError as error:
        raise ValidationError(_("{path} cannot be read ({error}).").format(
            path=path, error=error.strerror or error)) from error


def write_output(path: Path, data: bytes) -> None:
    """Write ``data`` atomically (temp file + fsync + rename), or raise a one-line error."""
    try:
        replace_atomically(path, data)
    except OSError as error:
        raise ValidationError(_("Cannot write {path} ({error}); nothing was written.").format(
            path=path, error=error.strerror or error)) from error
