"""``cybercabinet db backup|backups|restore|upgrade`` (and ``encrypt|decrypt|passphrase``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import db_encryption
from app.cli.common import EXIT_OK, database_url, print_json, print_table
from app.cli.storage_options import iso, local, open_for_writing
from app.errors import ValidationError
from app.i18n import _
from app.storage.backup import list_backups as backups_of
from app.storage.database import backup_database, restore_database
from app.storage.engine import parse_target


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             parents: list[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("db", parents=parents,
                                help=_("back up, restore, upgrade and encrypt the database"))
    sub = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    backup = sub.add_parser(
        "backup", parents=parents, help=_("back up the database now and print the backup's path"),
        description=_("Back up the SQLite database now (also while the application has it "
                      "open); the last backups are kept, the oldest deleted."))
    backup.set_defaults(handler=backup_now)
    listing = sub.add_parser("backups", parents=parents, help=_("list the database's backups"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    listing.set_defaults(handler=list_backups)
    restore = sub.add_parser(
        "restore", parents=parents, help=_("replace the database by a backup"),
        description=_("Replace the SQLite database by a backup (default: the newest). The "
                      "backup is checked first and the current database is backed up before "
                      "it is replaced. Close the application first."))
    restore.add_argument("backup", metavar="BACKUP", nargs="?", type=Path,
                         help=_("the backup file (default: the newest backup)"))
    restore.set_defaults(handler=restore_backup)
    upgrade = sub.add_parser(
        "upgrade", parents=parents, help=_("bring the database to this version's schema"),
        description=_("Upgrade the database's schema to this version of CyberCabinet (the "
                      "application also does it when it opens the database)."))
    upgrade.set_defaults(handler=upgrade_database)
    db_encryption.register(sub, parents)


def backup_now(args: argparse.Namespace) -> int:
    print(backup_database(database_url(args)))
    return EXIT_OK


def list_backups(args: argparse.Namespace) -> int:
    target = parse_target(database_url(args))
    if target.path is None:
        raise ValidationError(_("CyberCabinet backs up SQLite files only."),
                              hint=_("Back up a PostgreSQL database with pg_dump."))
    found = list(reversed(backups_of(target.path)))
    if args.json:
        print_json([{"path": str(b.path), "made_at": iso(b.made_at), "kind": b.label or "backup",
                     "size": b.path.stat().st_size} for b in found])
        return EXIT_OK
    print_table([[local(b.made_at), b.label or _("backup"), str(b.path)] for b in found],
                [_("MADE"), _("KIND"), _("FILE")])
    return EXIT_OK


def restore_backup(args: argparse.Namespace) -> int:
    restored, saved = restore_database(args.backup, database_url(args))
    print(_("Restored {backup}.").format(backup=restored))
    if saved is not None:
        print(_("The replaced database was saved as {path}.").format(path=saved))
    return EXIT_OK


def upgrade_database(args: argparse.Namespace) -> int:
    with open_for_writing(args) as db:
        if db.upgraded_from is not None:
            print(_("{database}: upgraded from schema {old} to {new}.").format(
                database=db.url, old=db.upgraded_from, new=db.revision))
        elif db.created:
            print(_("{database}: created at schema {new}.").format(database=db.url,
                                                                   new=db.revision))
        else:
            print(_("{database}: already at schema {new}.").format(database=db.url,
                                                                   new=db.revision))
    return EXIT_OK
