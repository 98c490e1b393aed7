"""Logging into the data folder, rotated, private, with no secrets.

Logs are for us and for the IT provider: the user sees messages, never tracebacks. They live in
``<data folder>/logs`` (0700), as ``cybercabinet.log`` plus at most five rotated copies of 1 MB
each, every one created readable by the user only (0600) whatever the umask.

No secret may reach them:

- passphrases are never passed to a logger; should one slip into a message as
  ``passphrase=…`` / ``password: …`` (in four languages), or as the password of a database URL,
  the formatter masks it — in the message *and* in any traceback printed with it;
- answers, notes and evidence are never logged; SQLAlchemy engines are made with
  ``hide_parameters=True`` (``app/storage/engine.py``), so a database error's text carries the
  SQL but never the values;
- only the app's own loggers (``cybercabinet.*``) write here: libraries' loggers (SQLAlchemy,
  pyHanko) do not.

``tests/reliability/test_logs.py`` runs the flows with recognisable secrets and greps the folder.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import re
import warnings
from pathlib import Path

from app.paths import logs_dir

LOG_FILE_NAME = "cybercabinet.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
PRIVATE_FILE_MODE = 0o600

_SECRETS = (
    # passphrase=…, password: …, mot de passe = …, Passwort: …, secret=…, token=…
    (re.compile(r"(?i)(passphrase|password|passwd|mot de passe|passwort|kennwort|"
                r"secret|token)(\s*[=:]\s*)(\S+)"), r"\1\2***"),
    # scheme://user:password@host
    (re.compile(r"(://[^:/@\s]+:)([^@\s]+)(@)"), r"\1***\3"),
)


def mask_secrets(text: str) -> str:
    """``text`` with anything that looks like a passphrase or a password replaced by ***."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class _MaskingFormatter(logging.Formatter):
    """Masks the whole formatted record: the message, and the traceback printed after it."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_secrets(super().format(record))


def open_private(path: Path, mode: str = "a") -> io.TextIOWrapper:
    """Open a text file for writing, creating it 0600 (and tightening an older, wider one)."""
    append = "a" in mode
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    try:
        if os.name == "posix":
            os.fchmod(fd, PRIVATE_FILE_MODE)
        if append:
            return open(fd, "a", encoding="utf-8", errors="backslashreplace")
        return open(fd, "w", encoding="utf-8", errors="backslashreplace")
    except BaseException:
        os.close(fd)
        raise


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file whose every file (the current one and each rotated one) is 0600.

    A logging failure (disk full, a rotation refused because another CyberCabinet has the file
    open on Windows) is dropped silently: logging must never put a traceback in front of the
    user nor stop the app.
    """

    def _open(self) -> io.TextIOWrapper:
        return open_private(Path(self.baseFilename), self.mode)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        return None


def route_warnings_to_log() -> None:
    """Library warnings (a deprecation in pyHanko's imports, say) go to the log, never to the
    user's terminal or window: they are for us, and a physician can do nothing about them.

    Replaces ``warnings.showwarning`` for the process; a NullHandler on the app's logger keeps
    logging's last-resort handler from printing them when the log folder cannot be opened.
    """
    library_log = logging.getLogger("cybercabinet.warnings")

    def _log_warning(message: Warning | str, category: type[Warning], filename: str,
                     lineno: int, file: object = None, line: str | None = None) -> None:
        library_log.warning("%s:%s: %s: %s", filename, lineno, category.__name__, message)

    logging.getLogger("cybercabinet").addHandler(logging.NullHandler())
    warnings.showwarning = _log_warning


def log_file() -> Path:
    return logs_dir() / LOG_FILE_NAME


def configure_logging(level: int = logging.INFO) -> Path:
    """Send the app's logs to a rotating file in the data folder (1 MB × 5), once per process."""
    path = log_file()
    root = logging.getLogger("cybercabinet")
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        return path
    handler = PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                         encoding="utf-8")
    handler.setFormatter(_MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
