"""``cybercabinet identity create|import|export|list``: the signer's key and certificate."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509

from app.cli.common import EXIT_OK, print_json, print_table
from app.cli.passphrase import add_passphrase_option, read_passphrase
from app.errors import ValidationError
from app.i18n import _
from app.reporting.files import replace_atomically
from app.reporting.signatures import create_identity as create
from app.reporting.signatures import describe_certificate, export_certificate_pem
from app.reporting.signatures import import_identity as import_
from app.reporting.signatures import list_identities as listing

if TYPE_CHECKING:
    from app.reporting.signatures import IdentityInfo


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             parents: list[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("identity", parents=parents,
                                help=_("create, import and export signing identities"))
    sub = group.add_subparsers(dest="action", required=True, metavar="ACTION")

    create = sub.add_parser(
        "create", parents=parents,
        help=_("create a key and a self-signed certificate, protected by a passphrase"))
    create.add_argument("--name", required=True, help=_("the signer's full name"))
    create.add_argument("--role", required=True,
                        help=_("the signer's role, e.g. physician or auditor"))
    create.add_argument("--practice", required=True,
                        help=_("the practice (or firm) the signer signs for"))
    create.add_argument("--email", required=True, help=_("the signer's e-mail address"))
    create.add_argument("--country", default="CH",
                        help=_("two-letter country code (default: CH)"))
    create.add_argument("--key-type", choices=("rsa3072", "ec-p256"), default="rsa3072",
                        help=_("key type (default: rsa3072, read by every PDF reader)"))
    create.add_argument("-o", "--output", type=Path, metavar="FILE.p12",
                        help=_("where to write the identity (default: the identities folder)"))
    add_passphrase_option(create)
    create.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    create.set_defaults(handler=create_identity)

    imported = sub.add_parser(
        "import", parents=parents,
        help=_("check a .p12/.pfx you already have and keep it among the identities"))
    imported.add_argument("source", type=Path, metavar="FILE.p12")
    imported.add_argument("-o", "--output", type=Path, metavar="FILE.p12",
                          help=_("where to keep it (default: the identities folder)"))
    add_passphrase_option(imported)
    imported.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    imported.set_defaults(handler=import_identity)

    export = sub.add_parser(
        "export", parents=parents,
        help=_("write the identity's certificate (PEM) for a recipient to trust"))
    export.add_argument("identity", type=Path, metavar="IDENTITY.p12")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="CERT.pem")
    add_passphrase_option(export)
    export.set_defaults(handler=export_certificate)

    listing = sub.add_parser("list", parents=parents,
                             help=_("list the identities in the identities folder"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    listing.set_defaults(handler=list_identities)


def create_identity(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args, prompt=_("Passphrase for the new identity: "),
                                 confirm=True)
    info = create(name=args.name, role=args.role, practice=args.practice, email=args.email,
                  country=args.country, key_type=args.key_type, path=args.output,
                  passphrase=passphrase)
    if args.json:
        print_json(identity_json(info))
        return EXIT_OK
    print(_("Created the identity {path} for {name} ({key_type}, valid until {date}).").format(
        path=info.path, name=info.name, key_type=info.key_type, date=_day(info.not_after)))
    _print_certificate_hint(info)
    return EXIT_OK


def import_identity(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args, prompt=_("Passphrase of {path}: ").format(
        path=args.source))
    info = import_(args.source, passphrase, destination=args.output)
    if args.json:
        print_json(identity_json(info))
        return EXIT_OK
    print(_("Imported {name} ({organization}), issued by {issuer}, valid until {date}, into "
            "{path}.").format(name=info.name, organization=info.organization or "-",
                              issuer=info.issuer, date=_day(info.not_after), path=info.path))
    _print_certificate_hint(info)
    return EXIT_OK


def export_certificate(args: argparse.Namespace) -> int:
    beside = Path(args.identity).with_suffix(".pem")
    passphrase = None
    if not beside.exists() or args.passphrase_env:
        passphrase = read_passphrase(args, prompt=_("Passphrase of {path}: ").format(
            path=args.identity))
    pem = export_certificate_pem(args.identity, passphrase)
    try:
        replace_atomically(args.output, pem)
    except OSError as error:

        raise ValidationError(_("Cannot write {path} ({error}).").format(
            path=args.output, error=error.strerror or error)) from error
    info = describe_certificate(x509.load_pem_x509_certificate(pem))
    print(_("Wrote the certificate of {name} to {path}.").format(name=info.name,
                                                                  path=args.output))
    print(_("SHA-256 fingerprint: {fingerprint}").format(fingerprint=info.sha256))
    return EXIT_OK


def list_identities(args: argparse.Namespace) -> int:
    found = listing()
    if args.json:
        print_json([identity_json(info) for info in found])
        return EXIT_OK
    if not found:
        print(_("No identity yet: create one with 'cybercabinet identity create' or import "
                "yours with 'cybercabinet identity import'."))
        return EXIT_OK
    rows = [[str(info.path.name if info.path else ""), info.name, info.role,
             info.organization, info.email, _day(info.not_after) if info.sha256 else "?",
             _("self-signed") if info.self_signed else info.issuer] for info in found]
    print_table(rows, [_("FILE"), _("NAME"), _("ROLE"), _("PRACTICE"), _("E-MAIL"),
                       _("VALID UNTIL"), _("ISSUER")])
    return EXIT_OK


def identity_json(info: IdentityInfo) -> dict[str, Any]:
    return {
        "path": str(info.path) if info.path else None,
        "name": info.name,
        "role": info.role,
        "organization": info.organization,
        "email": info.email,
        "country": info.country,
        "issuer": info.issuer,
        "self_signed": info.self_signed,
        "not_before": info.not_before.isoformat(),
        "not_after": info.not_after.isoformat(),
        "sha256": info.sha256,
        "key_type": info.key_type,
    }


def _print_certificate_hint(info: IdentityInfo) -> None:
    print(_("SHA-256 fingerprint of the certificate: {fingerprint}").format(
        fingerprint=info.sha256))
    if info.self_signed:
        print(_("This certificate is self-signed: give its PEM file ('cybercabinet identity "
                "export') to whoever must verify your reports, and read them the fingerprint "
                "above by phone."))


def _day(moment: Any) -> str:
    return str(moment.strftime("%Y-%m-%d"))
