"""The ``cybercabinet`` command: the GUI with no argument, subcommands for scripts.

Each command group lives in its own module with a ``register(commands, parents)`` function;
heavy libraries (Qt, ReportLab, pyHanko) are imported inside the handlers so that a quick
command starts quickly. Every error the user can fix ends with a one-line message and exit 2;
a bug is logged with its traceback and reported in one line.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

import app
from app.cli.common import EXIT_BAD_INPUT, database_url, db_parent
from app.errors import CyberCabinetError
from app.i18n import _, set_language, system_language

log = logging.getLogger("cybercabinet.cli")

# The command groups, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "app.cli.questionnaire",
    "app.cli.practice",
    "app.cli.assessment",
    "app.cli.db",
    "app.cli.report",
    "app.cli.identity",
    "app.cli.countersign",
    "app.cli.verify",
    "app.cli.compare",
    "app.cli.exchange",
    "app.cli.review",
    "app.cli.provider",
)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit 2 (argparse's own code for it)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        hint = _("Try '{command} --help'.").format(command=self.prog)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n{hint}\n")


def build_parser() -> argparse.ArgumentParser:
    parents = [db_parent()]
    description = _("Cybersecurity self-assessment for medical practices. Without a command, "
                    "opens the application window.")
    parser = _Parser(prog="cybercabinet", parents=parents, description=description)
    parser.add_argument("--version", action="version",
                        version=f"{app.APP_NAME} {app.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND",
                                     parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands, parents)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    from app.gui.application import run

    return run(database_url(args))


def _window_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The arguments when they only open the window (no command, no --help or --version),
    read without importing every command's module; else None (the full parser reads them)."""
    parser = _Parser(prog="cybercabinet", parents=[db_parent()], add_help=False)
    known, rest = parser.parse_known_args(argv)
    return None if rest else known


def main(argv: Sequence[str] | None = None) -> int:
    from app.logs import configure_logging, route_warnings_to_log

    route_warnings_to_log()
    try:
        log_path = configure_logging()
    except OSError:
        log_path = None
    set_language(system_language())
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _window_arguments(argv) or build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", _run_gui)
    try:
        return handler(args)
    except CyberCabinetError as error:
        print(f"cybercabinet: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("cybercabinet: " + _("interrupted"), file=sys.stderr)
        return 130
    except Exception as error:
        log.exception("unexpected error in %s", getattr(args, "command", None))
        message = _("internal error: {error}.").format(error=f"{type(error).__name__}: {error}")
        if log_path:
            message += " " + _("Details are in {path}.").format(path=log_path)
        print(f"cybercabinet: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
