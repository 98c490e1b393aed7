"""The ``cybercabinet`` command: the GUI with no argument, subcommands for scripts.

Each command group lives in its own module with a ``register(commands, parents)`` function,
and imports what its handlers need at its top. This module is the CLI's one seam for imports:
it imports only the module of the command given (``COMMANDS``), the window's modules only for
the window, and every command's module only for ``cybercabinet --help`` or a command it does
not know. Every error the user can fix ends with a one-line message and exit 2; a bug is
logged with its traceback and reported in one line.
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
from app.logs import configure_logging, route_warnings_to_log

log = logging.getLogger("cybercabinet.cli")

# Each command, and the module that registers it, in the order ``--help`` lists them.
COMMANDS: dict[str, str] = {
    "questionnaire": "app.cli.questionnaire",
    "practice": "app.cli.practice",
    "assessment": "app.cli.assessment",
    "db": "app.cli.db",
    "report": "app.cli.report",
    "identity": "app.cli.identity",
    "countersign": "app.cli.countersign",
    "verify": "app.cli.verify",
    "compare": "app.cli.compare",
    "export": "app.cli.exchange",
    "import": "app.cli.exchange",
    "review": "app.cli.review",
    "provider-questions": "app.cli.provider",
}
COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit 2 (argparse's own code for it)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        hint = _("Try '{command} --help'.").format(command=self.prog)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n{hint}\n")


def build_parser(command: str | None = None, *, every: bool = True) -> argparse.ArgumentParser:
    """The parser of every command; with a ``command`` of ``COMMANDS``, of that one only (only
    its module is imported: each imports storage, the domain or the reporting at its top);
    without ``every``, of none (``--version``)."""
    parents = [db_parent()]
    description = _("Cybersecurity self-assessment for medical practices. Without a command, "
                    "opens the application window.")
    parser = _Parser(prog="cybercabinet", parents=parents, description=description)
    parser.add_argument("--version", action="version",
                        version=f"{app.APP_NAME} {app.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND",
                                     parser_class=_Parser)
    modules = ((COMMANDS[command],) if command in COMMANDS
               else COMMAND_MODULES if every or command is not None else ())
    for name in modules:
        importlib.import_module(name).register(commands, parents)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    from app.gui.application import run  # the seam: Qt and the window only for the window

    return run(database_url(args))


def _window_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The arguments when they only open the window (no command, no --help or --version),
    read without importing every command's module; else None (the full parser reads them)."""
    known, rest = _light_parser().parse_known_args(argv)
    return None if rest else known


def command_in(argv: list[str]) -> str | None:
    """The command named in ``argv`` (``report`` in ``--db x report 3 -o r.pdf``), if any."""
    _known, rest = _light_parser().parse_known_args(argv)
    return next((word for word in rest if not word.startswith("-")), None)


def _light_parser() -> argparse.ArgumentParser:
    return _Parser(prog="cybercabinet", parents=[db_parent()], add_help=False)


def main(argv: Sequence[str] | None = None) -> int:
    route_warnings_to_log()
    try:
        log_path = configure_logging()
    except OSError:
        log_path = None
    set_language(system_language())
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _window_arguments(argv) or build_parser(
        command_in(argv), every=bool({"-h", "--help"} & set(argv))).parse_args(argv)
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
