"""An SQLite file encrypted with a passphrase: SQLCipher, through the optional ``sqlcipher3``.

SQLCipher encrypts every page of the database and of its WAL (AES-256, a key derived from the
passphrase with PBKDF2-HMAC-SHA512, an HMAC on each page): a copied file, a lost backup or USB
stick shows nothing without the passphrase. ``pip install 'cybercabinet[encryption]'``
installs it (self-contained wheels for Windows, Linux and macOS; docs/security.md).

Which files are opened with the passphrase: an existing file that starts with SQLite's plain
header is read as it is (no passphrase needed, none used); any other file — an encrypted one, or
a new empty one — is opened with the passphrase configured for this process, if there is one:
``set_passphrase()`` (the window, after asking), else ``CYBERCABINET_DB_PASSPHRASE`` (scripts),
taken out of the environment when it is read (processes started afterwards do not inherit it).
``encryption.py`` converts a database (and its backups) between the two.
"""

from __future__ import annotations

import importlib
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.errors import ValidationError
from app.i18n import _
from app.storage.errors import StorageError

ENVIRONMENT_VARIABLE = "CYBERCABINET_DB_PASSPHRASE"
SQLITE_HEADER = b"SQLite format 3\x00"
_configured: str | None = None
_from_environment: str | None = None


class DatabaseEncryptedError(StorageError):
    """The database is encrypted and no passphrase was given for it."""


class WrongDatabasePassphraseError(StorageError):
    """The passphrase given does not open the database."""


class EncryptionUnavailableError(StorageError):
    """An encrypted database, but SQLCipher (``sqlcipher3``) is not installed."""


def set_passphrase(passphrase: str | None) -> None:
    """The passphrase of this process's encrypted databases (None: forget it, and the one
    read from the environment)."""
    global _configured, _from_environment
    if passphrase is not None:
        check_passphrase(passphrase)
    _configured = passphrase or None
    if passphrase is None:
        _from_environment = None


def configured_passphrase() -> str | None:
    """``set_passphrase``'s, else ``CYBERCABINET_DB_PASSPHRASE``'s. The variable is removed
    from ``os.environ`` as it is read: the process keeps the passphrase, its children do not
    get it."""
    global _from_environment
    value = os.environ.pop(ENVIRONMENT_VARIABLE, None)
    if value:
        _from_environment = value
    return _configured or _from_environment


def check_passphrase(passphrase: str) -> None:
    if not passphrase or "\x00" in passphrase:
        raise ValidationError(_("A database passphrase cannot be empty or contain a NUL "
                                "character."))


def is_plain(path: Path) -> bool:
    """An existing, non-empty file with SQLite's plain header."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def looks_encrypted(path: Path) -> bool:
    """Page-aligned bytes that look random from the first byte: SQLCipher's files (its salt,
    then encrypted pages). A text or a truncated file does not look like this."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return False
    return (size >= 1024 and size % 512 == 0 and not head.startswith(SQLITE_HEADER)
            and len(set(head)) > 180)


def key_for(path: Path) -> str | None:
    """The passphrase to open ``path`` with: none for a plain SQLite file."""
    if is_plain(path):
        return None
    return configured_passphrase()


def dbapi() -> Any:
    """The ``sqlcipher3.dbapi2`` module (a drop-in for ``sqlite3``), or a clear error."""
    try:
        return importlib.import_module("sqlcipher3.dbapi2")
    except ImportError:
        raise EncryptionUnavailableError(
            _("This database is encrypted with a passphrase, but SQLCipher is not installed."),
            hint=_("Install it with: pip install 'cybercabinet[encryption]'.")) from None


def driver_errors() -> tuple[type[Exception], ...]:
    """The exception classes of both drivers (SQLCipher's only if it was loaded)."""
    module = sys.modules.get("sqlcipher3.dbapi2")
    if module is None:
        return (sqlite3.Error,)
    return (sqlite3.Error, module.Error)


def connect(path: Path, passphrase: str, *, read_only: bool, timeout: float) -> Any:
    """An SQLCipher connection on ``path``, keyed, in the sqlite3 module's shape.

    SQLCipher derives the key from the passphrase for each new connection, slowly on purpose
    (PBKDF2, 256,000 rounds: 0.05-0.3 s). While ``one_keyed_connection(path)`` is open, the
    connections asked for ``path`` are one connection, handed on when closed.
    """
    lender: _Lender | None = getattr(_lending, "lender", None)
    if lender is not None and lender.path == path:
        kept = lender.take(passphrase, read_only)
        if kept is not None:
            return kept
        return _Lent(_keyed(path, quote(passphrase), read_only=read_only, timeout=timeout),
                     lender, passphrase, read_only)
    return _keyed(path, quote(passphrase), read_only=read_only, timeout=timeout)


def _keyed(path: Path, key: str, *, read_only: bool, timeout: float) -> Any:
    module = dbapi()
    target = path.as_uri() + "?mode=ro" if read_only else str(path)
    connection = module.connect(target, uri=read_only, isolation_level=None,
                                check_same_thread=False, timeout=timeout)
    try:
        # SQLCipher prints its own errors (a wrong key) on stderr: the app says it in words.
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = {key}")
    except BaseException:
        connection.close()
        raise
    return connection


# --- one keyed connection while a database is opened --------------------------------------

_lending = threading.local()


@contextmanager
def one_keyed_connection(path: Path) -> Iterator[None]:
    """While opening the database at ``path`` (this thread): its health check, the reading of
    its schema version, the source of its backup, the switch to WAL and the pool of the open
    database use one keyed connection in turn, so that SQLCipher derives the key once, not
    five times: opening an encrypted database (with its backup) and listing its assessments
    takes 0.19-0.26 s instead of 0.56-0.75 s (``.venv/bin/python bench/hack_gains.py
    sqlcipher``, median of 15 alternated openings). A connection still held when another is
    asked for is not shared: the other is a new one. At the end, the connection nobody took is
    closed; the one the pool kept is the pool's.
    """
    previous = getattr(_lending, "lender", None)
    lender = _Lender(path)
    _lending.lender = lender
    try:
        yield
    finally:
        _lending.lender = previous
        lender.close()


class _Lender:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._idle: dict[bool, _Lent] = {}  # by read_only
        self._open = True
        self._lock = threading.Lock()

    def take(self, passphrase: str, read_only: bool) -> _Lent | None:
        with self._lock:
            kept = self._idle.pop(read_only, None)
        if kept is not None and kept._passphrase != passphrase:
            kept._connection.close()
            return None
        return kept

    def keep(self, lent: _Lent) -> bool:
        """Take ``lent`` back for the next one (False: the opening is over, or one is kept)."""
        with self._lock:
            if not self._open or lent._read_only in self._idle:
                return False
            if lent._connection.in_transaction:
                lent._connection.rollback()
            self._idle[lent._read_only] = lent
            return True

    def close(self) -> None:
        with self._lock:
            self._open = False
            idle, self._idle = list(self._idle.values()), {}
        for lent in idle:
            lent._connection.close()


class _Lent:
    """A keyed connection of an opening: closing it hands it to the next use while the opening
    lasts, and really closes it after. Everything else is the connection's own."""

    __slots__ = ("_connection", "_lender", "_passphrase", "_read_only")

    def __init__(self, connection: Any, lender: _Lender, passphrase: str,
                 read_only: bool) -> None:
        object.__setattr__(self, "_connection", connection)
        object.__setattr__(self, "_lender", lender)
        object.__setattr__(self, "_passphrase", passphrase)
        object.__setattr__(self, "_read_only", read_only)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._connection, name, value)

    def close(self) -> None:
        if not self._lender.keep(self):
            self._connection.close()


def quote(text: str) -> str:
    """An SQL string literal (PRAGMA takes no bound parameters)."""
    check_passphrase(text)
    return "'" + text.replace("'", "''") + "'"


def not_a_database_error(path: Path, *,
                         passphrase_given: bool | None = None) -> StorageError | None:
    """What "file is not a database" means for ``path`` when it looks encrypted.

    ``passphrase_given``: whether one was tried (default: whether one is configured)."""
    if not looks_encrypted(path):
        return None
    if passphrase_given is None:
        passphrase_given = configured_passphrase() is not None
    if not passphrase_given:
        return DatabaseEncryptedError(
            _("The database {path} is encrypted with a passphrase.").format(path=path),
            hint=_("Give its passphrase (scripts: in the environment variable {variable}).")
            .format(variable=ENVIRONMENT_VARIABLE))
    return WrongDatabasePassphraseError(
        _("The passphrase does not open the database {path}.").format(path=path),
        hint=_("Check the passphrase (letters are case-sensitive) and try again; nothing was "
               "changed."))
