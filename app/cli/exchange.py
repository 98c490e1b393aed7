"""``cybercabinet export ASSESSMENT_ID -o FILE.ccab`` and ``cybercabinet import FILE.ccab``.

The passphrase that protects a file comes from a file (``--passphrase-file``, its first line) or
an environment variable (``--passphrase-env``); importing a protected file without either asks
for it on a terminal. Never on the command line: it would stay in the shell history and in the
process list. ``import`` prints the assessment's id alone on standard output (for scripts), and
what it did on standard error.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.cli.common import EXIT_OK
from app.cli.storage_options import open_for_reading, open_for_writing
from app.errors import ValidationError
from app.i18n import _
from app.storage.errors import PassphraseNeededError
from app.storage.exchange.methods import is_protected, read_exchange_file


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             parents: list[argparse.ArgumentParser]) -> None:
    export = commands.add_parser(
        "export", parents=parents, help=_("write an assessment to an exchange file (.ccab)"),
        description=_("Write one assessment, with its practice, answers, notes, history, action "
                      "plan, review and signature records, to an exchange file for an auditor "
                      "or for the practice. With a passphrase the file is encrypted "
                      "(AES-256-GCM); without one, send it by a secure channel: it describes "
                      "the practice's weak spots."))
    export.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.ccab",
                        help=_("the file to write (replaced if it exists)"))
    _passphrase_options(export)
    export.set_defaults(handler=export_assessment)

    importing = commands.add_parser(
        "import", parents=parents, help=_("read an exchange file (.ccab) into the database"),
        description=_("Read an exchange file into the database. Everything is checked first "
                      "(format, SHA-256, questionnaire version, every answer); a refused file "
                      "changes nothing. Importing the same file again changes nothing either. "
                      "Prints the assessment's id."))
    importing.add_argument("file", metavar="FILE.ccab", type=Path)
    _passphrase_options(importing)
    importing.set_defaults(handler=import_assessment)


def _passphrase_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--passphrase-file", type=Path, metavar="PATH",
                       help=_("read the passphrase from the first line of this file"))
    group.add_argument("--passphrase-env", metavar="VAR",
                       help=_("read the passphrase from the environment variable VAR"))


def given_passphrase(args: argparse.Namespace) -> str | None:
    """The passphrase named by the options, None if neither option was given."""
    if args.passphrase_file is not None:
        path: Path = args.passphrase_file
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise ValidationError(_("There is no passphrase file {path}.").format(
                path=path)) from None
        except (OSError, UnicodeDecodeError) as error:
            raise ValidationError(_("The passphrase file {path} cannot be read ({reason}).")
                                  .format(path=path, reason=error)) from None
        if not lines or not lines[0]:
            raise ValidationError(_("The passphrase file {path} is empty: its first line "
                                    "should hold the passphrase.").format(path=path))
        return lines[0]
    if args.passphrase_env is not None:
        value = os.environ.get(args.passphrase_env)
        if not value:
            raise ValidationError(_("The environment variable {variable} is not set or empty: "
                                    "it should hold the passphrase.").format(
                                        variable=args.passphrase_env))
        return value
    return None


def export_assessment(args: argparse.Namespace) -> int:
    passphrase = given_passphrase(args)
    db = open_for_reading(args)
    if db is None:
        raise ValidationError(_("There is no assessment {id}.").format(id=args.assessment_id),
                              hint=_("See 'cybercabinet assessment list'."))
    with db:
        result = db.export_exchange(args.assessment_id, args.output.expanduser(), passphrase)
    print(_("{path}: assessment {id}, fingerprint {fingerprint}{protected}.").format(
        path=result.path, id=args.assessment_id, fingerprint=result.fingerprint[:16],
        protected=_(", protected by a passphrase") if result.encrypted else ""))
    if not result.encrypted:
        print(_("Note: the file is not protected by a passphrase and describes the practice's "
                "weak spots; send it by a secure channel, or export it again with "
                "--passphrase-file."), file=sys.stderr)
    return EXIT_OK


def import_assessment(args: argparse.Namespace) -> int:
    path: Path = args.file.expanduser()
    passphrase = given_passphrase(args)
    if passphrase is None and is_protected(path) and sys.stdin.isatty():
        passphrase = getpass.getpass(_("Passphrase of {path}: ").format(path=path.name))
    try:
        content = read_exchange_file(path, passphrase)  # checked before the database opens
    except PassphraseNeededError as error:
        error.hint = _("Give it with --passphrase-file PATH or --passphrase-env VAR.")
        raise
    with open_for_writing(args) as db:
        result = db.import_content(content)
    print(result.assessment_id)
    if result.review_updated:
        print(_("The assessment {id} was already here with the same answers; its review now "
                "is the file's, which is newer.").format(id=result.assessment_id),
              file=sys.stderr)
    elif result.already_imported:
        print(_("Already imported: this database holds the assessment {id} with the same "
                "answers; nothing was changed.").format(id=result.assessment_id),
              file=sys.stderr)
    else:
        print(_("Imported the assessment {id} (fingerprint {fingerprint}){practice}.").format(
            id=result.assessment_id, fingerprint=result.fingerprint[:16],
            practice=_(" and its practice, new here") if result.practice_created else ""),
            file=sys.stderr)
    return EXIT_OK
