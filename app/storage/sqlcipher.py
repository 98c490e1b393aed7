"""An SQLite file encrypted with a passphrase: SQLCipher, through the optional ``sqlcipher3``.

SQLCipher encrypts every page of the database and of its WAL (AES-256, a key derived from the
passphrase with PBKDF2-HMAC-SHA512, an HMAC on each page): a copied file, a lost backup or USB
stick shows nothing without the passphrase. ``pip install 'cybercabinet[encryption]'``
installs it (self-contained wheels for Windows, Linux and macOS; docs/security.md).

Which files are opened with the passphrase: an existing file that starts with SQLite's plain
header is read as it is (no passphrase needed, none used); any other file — an encrypted one, or
a new empty one — is opened with the passphrase configured for this process, if there is one:
``set_passphrase()`` (the window, after asking), else ``CYBERCABINET_DB_PASSPHRASE`` (scripts).
``encryption.py`` converts a database (and its backups) between the two.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from app.errors import ValidationError
from app.i18n import _
from app.storage.errors import StorageError

ENVIRONMENT_VARIABLE = "CYBERCABINET_DB_PASSPHRASE"
SQLITE_HEADER = b"SQLite format 3\x00"
_configured: str | None = None


class DatabaseEncryptedError(StorageError):
    """The database is encrypted and no passphrase was given for it."""


class WrongDatabasePassphraseError(StorageError):
    """The passphrase given does not open the database."""


class EncryptionUnavailableError(StorageError):
    """An encrypted database, but SQLCipher (``sqlcipher3``) is not installed."""


def set_passphrase(passphrase: str | None) -> None:
    """The passphrase of this process's encrypted databases (None: forget it)."""
    global _configured
    if passphrase is not None:
        check_passphrase(passphrase)
    _configured = passphrase or None
    _RAW_KEYS.clear()


def configured_passphrase() -> str | None:
    return _configured or os.environ.get(ENVIRONMENT_VARIABLE) or None


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

    Deriving the key from the passphrase is slow on purpose (PBKDF2, 256,000 rounds: about
    0.1–0.5 s) and opening the app makes several connections: the key derived for a file's salt
    is kept for the life of the process and given to SQLCipher as a raw key. Should SQLCipher
    not accept it, the passphrase itself is given.
    """
    raw = _raw_key(path, passphrase)
    connection = _keyed(path, raw or quote(passphrase), read_only=read_only, timeout=timeout)
    if raw is None:
        return connection
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi().DatabaseError:
        connection.close()
        _RAW_KEYS.clear()
        return _keyed(path, quote(passphrase), read_only=read_only, timeout=timeout)
    return connection


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


SALT_BYTES = 16
KDF_ITERATIONS = 256_000  # SQLCipher 4's default: PBKDF2-HMAC-SHA512, 32-byte key
_RAW_KEYS: dict[tuple[str, bytes], str] = {}


def _raw_key(path: Path, passphrase: str) -> str | None:
    """SQLCipher's key for this file's salt, as a raw-key literal; None for a new file."""
    try:
        with path.open("rb") as handle:
            salt = handle.read(SALT_BYTES)
    except OSError:
        return None
    if len(salt) < SALT_BYTES or salt == SQLITE_HEADER[:SALT_BYTES]:
        return None
    cached = _RAW_KEYS.get((passphrase, salt))
    if cached is None:
        derived = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt,
                                      KDF_ITERATIONS, 32)
        cached = _RAW_KEYS[(passphrase, salt)] = f"\"x'{derived.hex()}'\""
    return cached


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
