"""``cybercabinet practice add|list``."""

from __future__ import annotations

import argparse

from app.cli.common import EXIT_OK, print_json, print_table
from app.cli.storage_options import local, open_for_reading, open_for_writing, practice_json
from app.errors import ValidationError
from app.i18n import _


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             parents: list[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("practice", parents=parents,
                                help=_("add and list the practices"))
    sub = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", parents=parents,
                         help=_("add a practice and print its id"),
                         description=_("Add a practice; its id alone is printed, for scripts."))
    add.add_argument("name", metavar="NAME", help=_("the practice's name"))
    add.add_argument("--address", default="", help=_("postal address"))
    add.add_argument("--country", default="", metavar="CC",
                     help=_("two-letter country code (CH, FR…)"))
    add.add_argument("--id", dest="identifiers", action="append", default=[],
                     metavar="KEY=VALUE",
                     help=_("an identifier printed on the report (GLN, RCC, FINESS, SIRET…); "
                            "repeat for several"))
    add.set_defaults(handler=add_practice)
    listing = sub.add_parser("list", parents=parents, help=_("list the practices"))
    listing.add_argument("--search", metavar="TEXT",
                         help=_("only practices whose name contains TEXT"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    listing.set_defaults(handler=list_practices)


def _identifiers(pairs: list[str]) -> dict[str, str]:
    identifiers = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValidationError(_("--id expects KEY=VALUE, not {pair!r}.").format(pair=pair))
        identifiers[key.strip()] = value.strip()
    return identifiers


def add_practice(args: argparse.Namespace) -> int:
    identifiers = _identifiers(args.identifiers)
    with open_for_writing(args) as db:
        practice = db.create_practice(args.name, address=args.address, country=args.country,
                                      identifiers=identifiers)
    print(practice.id)
    return EXIT_OK


def list_practices(args: argparse.Namespace) -> int:
    db = open_for_reading(args)
    practices = [] if db is None else db.list_practices(search=args.search)
    if db is not None:
        db.close()
    if args.json:
        print_json([practice_json(p) for p in practices])
        return EXIT_OK
    rows = [[p.id, p.country, p.name, local(p.updated_at)] for p in practices]
    print_table(rows, [_("ID"), _("COUNTRY"), _("NAME"), _("UPDATED")])
    return EXIT_OK
