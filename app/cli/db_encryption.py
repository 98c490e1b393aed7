"""``cybercabinet db encrypt|decrypt|passphrase``: the database's passphrase (SQLCipher).

The conversions themselves live in ``app.storage.encryption`` (each one atomic: the file is the
old database or the converted one at every moment, its backups converted with it). Here: which
file, which passphrases, and what to tell the user. Passphrases are asked with a hidden prompt
or read from an environment variable, never from the command line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import EXIT_CHECK_FAILED, EXIT_OK, database_url
from app.cli.passphrase import read_passphrase
from app.errors import ValidationError
from app.i18n import _
from app.storage.encryption import change_passphrase, decrypt_database, encrypt_database
from app.storage.engine import parse_target
from app.storage.sqlcipher import configured_passphrase


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             parents: list[argparse.ArgumentParser]) -> None:
    encrypt = sub.add_parser(
        "encrypt", parents=parents, help=_("protect the database with a passphrase"),
        description=_("Encrypt the SQLite database and its backups with a passphrase "
                      "(SQLCipher, AES-256): without it, a copied file or a lost backup disk "
                      "shows nothing. The window then asks for the passphrase when it opens "
                      "the database; scripts give it in the environment variable "
                      "CYBERCABINET_DB_PASSPHRASE. Nothing can recover a forgotten passphrase. "
                      "Close the application first."))
    _new_passphrase_option(encrypt, "--passphrase-env")
    encrypt.set_defaults(handler=encrypt_command)

    decrypt = sub.add_parser(
        "decrypt", parents=parents, help=_("remove the database's passphrase"),
        description=_("Store the encrypted database and its backups without a passphrase "
                      "again. Close the application first."))
    _current_passphrase_option(decrypt)
    decrypt.set_defaults(handler=decrypt_command)

    change = sub.add_parser(
        "passphrase", parents=parents, help=_("change the database's passphrase"),
        description=_("Re-encrypt the database and its backups under a new passphrase. Close "
                      "the application first."))
    _current_passphrase_option(change)
    _new_passphrase_option(change, "--new-passphrase-env")
    change.set_defaults(handler=change_command)


def _current_passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-env", metavar="VAR",
        help=_("read the current passphrase from the environment variable VAR (default: "
               "CYBERCABINET_DB_PASSPHRASE if it is set, else it is asked)"))


def _new_passphrase_option(parser: argparse.ArgumentParser, option: str) -> None:
    parser.add_argument(
        option, metavar="VAR", dest="new_passphrase_env",
        help=_("read the new passphrase from the environment variable VAR instead of asking "
               "for it twice (for scripts; never give a passphrase on the command line)"))


def _sqlite_path(args: argparse.Namespace) -> Path:
    target = parse_target(database_url(args))
    if target.path is None:
        raise ValidationError(_("Only a SQLite database can be encrypted by CyberCabinet."),
                              hint=_("Protect a PostgreSQL database on its server."))
    return target.path


def _current(args: argparse.Namespace) -> str:
    if not args.passphrase_env and (known := configured_passphrase()):
        return known
    return read_passphrase(args, prompt=_("Current passphrase of the database: "))


def _new(args: argparse.Namespace) -> str:
    asked = argparse.Namespace(passphrase_env=args.new_passphrase_env)
    return read_passphrase(asked, prompt=_("New passphrase of the database: "), confirm=True)


def encrypt_command(args: argparse.Namespace) -> int:
    path = _sqlite_path(args)
    conversion = encrypt_database(path, _new(args))
    print(_("{path} is now encrypted with a passphrase. Keep it where the practice keeps its "
            "vital passwords: nothing can recover a forgotten one.").format(path=path))
    return _report_backups(conversion.backups_converted, conversion.backups_left)


def decrypt_command(args: argparse.Namespace) -> int:
    path = _sqlite_path(args)
    conversion = decrypt_database(path, _current(args))
    print(_("{path} is no longer encrypted.").format(path=path))
    return _report_backups(conversion.backups_converted, conversion.backups_left)


def change_command(args: argparse.Namespace) -> int:
    path = _sqlite_path(args)
    conversion = change_passphrase(path, _current(args), _new(args))
    print(_("{path}: the passphrase was changed.").format(path=path))
    return _report_backups(conversion.backups_converted, conversion.backups_left)


def _report_backups(converted: list[Path], left: list[Path]) -> int:
    """Say what happened to the backups; exit 1 when one could not follow the database."""
    if converted:
        print(_("Backups converted with it: {count}.").format(count=len(converted)))
    for path in left:
        print(_("Not converted (damaged, or under another passphrase), delete it or keep it "
                "safe: {path}").format(path=path))
    return EXIT_CHECK_FAILED if left else EXIT_OK
