"""What every command shares: the ``--db`` option, output helpers, exit codes.

Exit codes are a contract with users' scripts: 0 success, 1 a check failed, 2 bad input (with a
one-line message on standard error, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.errors import ValidationError
from app.i18n import _
from app.paths import DB_ENV, default_database_url

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2


def db_parent() -> argparse.ArgumentParser:
    """The ``--db`` option, shared by every command (given before or after the subcommand)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db", metavar="URL", default=argparse.SUPPRESS,
        help=f"SQLAlchemy database URL (default: ${DB_ENV}, else the SQLite file in the "
             "user's data folder)")
    return parent


def database_url(args: argparse.Namespace) -> str:
    url: str | None = getattr(args, "db", None)
    return url or default_database_url()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False, default=str)
    sys.stdout.write("\n")


def print_table(rows: list[list[str]], headers: list[str]) -> None:
    """Plain aligned columns for people; scripts use ``--json``."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def check_writable(path: Path) -> None:
    """Fail before the work when the file cannot be written where asked."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ValidationError(_("{path} is a folder; give a file name.").format(path=path))
    if not folder.is_dir():
        raise ValidationError(_("The folder {folder} does not exist.").format(folder=folder))
