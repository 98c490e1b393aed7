"""Asking for an identity's passphrase: a hidden prompt, or an environment variable for scripts.

Never from the command line (it would stay in the shell history and in the process list), never
stored, never logged. Shared by ``identity``, ``countersign`` and ``report --sign``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from app.errors import ValidationError
from app.i18n import _


def add_passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-env", metavar="VAR",
        help=_("read the passphrase from the environment variable VAR instead of asking for it "
               "(for scripts; never give a passphrase on the command line)"))


def read_passphrase(args: argparse.Namespace, *, prompt: str, confirm: bool = False) -> str:
    """The passphrase from ``--passphrase-env VAR``, else asked (twice when ``confirm``)."""
    variable: str | None = getattr(args, "passphrase_env", None)
    if variable:
        value = os.environ.get(variable)
        if not value:
            raise ValidationError(_("The environment variable {variable} is not set or empty: "
                                    "it should hold the passphrase.").format(variable=variable))
        return value
    if not sys.stdin.isatty():
        raise ValidationError(_("No terminal to ask for the passphrase: use --passphrase-env VAR "
                                "with the passphrase in the variable VAR."))
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Repeat the passphrase: ")) != first:
        raise ValidationError(_("The two passphrases differ: nothing was created."))
    return first
