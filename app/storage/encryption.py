"""Encrypt a database with a passphrase, decrypt it, change its passphrase — and its backups.

Each conversion takes the writer's lock (nobody may have the database open), folds the WAL into
the file, exports every page into a new file next to it with SQLCipher's ``sqlcipher_export``
(under the new key, or none), checks the copy (``integrity_check``, the same rows in every
table, the same schema version), syncs it and renames it over the original: at every moment the
file is the old database or the converted one. The database's backups are converted the same
way, so that no plain copy of an encrypted database stays in the backups folder (a backup that
cannot be converted — damaged, or under another passphrase — is left as it is and reported).

What this does not do: wipe the disk blocks that held the plain file (a file system, an SSD
above all, may keep them), nor reach copies made elsewhere before. Encrypt early.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.atomic_files import fsync_file, fsync_folder
from app.errors import NotFoundError, ValidationError
from app.i18n import _
from app.storage import backup as backups
from app.storage import sqlcipher
from app.storage.engine import FileLock, create_private_file, os_error, sidecars
from app.storage.errors import DatabaseCorruptError, StorageError

MIN_NEW_PASSPHRASE = 10
"""A passphrase chosen now guards a list of weak spots: a few words, not a short one. (An
existing database opens with whatever passphrase it was given.)"""


@dataclass(frozen=True)
class Conversion:
    database: Path
    backups_converted: list[Path] = field(default_factory=list)
    backups_left: list[Path] = field(default_factory=list)
    """Backups that could not be converted (damaged, another passphrase): still as they were."""


def encrypt_database(path: Path, passphrase: str) -> Conversion:
    """Encrypt a plain database (and its backups) with ``passphrase``."""
    check_new_passphrase(passphrase)
    if not sqlcipher.is_plain(path):
        _refuse(path, _("The database {path} is not a plain SQLite file (already encrypted, or "
                        "not a database)."))
    return _convert_all(path, None, passphrase)


def decrypt_database(path: Path, passphrase: str) -> Conversion:
    """Store an encrypted database (and its backups) in plain form again."""
    return _convert_all(_encrypted(path), passphrase, None)


def change_passphrase(path: Path, old: str, new: str) -> Conversion:
    check_new_passphrase(new)
    return _convert_all(_encrypted(path), old, new)


def sqlcipher_installed() -> bool:
    return importlib.util.find_spec("sqlcipher3") is not None


def require_sqlcipher() -> None:
    if not sqlcipher_installed():
        raise sqlcipher.EncryptionUnavailableError(
            _("Encrypting a database needs SQLCipher, which is not installed; nothing was "
              "changed."),
            hint=_("Install it with: pip install 'cybercabinet[encryption]'."))
    sqlcipher.dbapi()


def check_new_passphrase(passphrase: str) -> None:
    sqlcipher.check_passphrase(passphrase)
    if len(passphrase) < MIN_NEW_PASSPHRASE:
        raise ValidationError(
            _("The new passphrase is shorter than {count} characters.").format(
                count=MIN_NEW_PASSPHRASE),
            hint=_("Choose a longer one (a few words); nothing was changed."))


def _encrypted(path: Path) -> Path:
    if not path.is_file():
        raise NotFoundError(_("There is no database at {path}.").format(path=path))
    if sqlcipher.is_plain(path):
        _refuse(path, _("The database {path} is not encrypted."))
    return path


def _refuse(path: Path, message: str) -> None:
    raise ValidationError(message.format(path=path), hint=_("Nothing was changed."))


def _convert_all(path: Path, old: str | None, new: str | None) -> Conversion:
    require_sqlcipher()  # before anything happens
    lock = FileLock(path)
    lock.acquire()
    try:
        try:
            _fold_wal(path, old)
        except sqlcipher.driver_errors() as error:
            raise _mapped(path, error, old) from error
        convert_file(path, old, new, wal=True)
        done, left = [], []
        for item in backups.list_backups(path):
            if sqlcipher.is_plain(item.path) != (old is None):
                continue  # already in the target form, or not in the source form
            try:
                convert_file(item.path, old, new, wal=False)
                done.append(item.path)
            except StorageError:
                left.append(item.path)
        return Conversion(path, done, left)
    finally:
        lock.release()


def _fold_wal(path: Path, key: str | None) -> None:
    """Checkpoint the WAL into the file and empty it (nobody else has the file open)."""
    connection = _open(path, key)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def convert_file(path: Path, old: str | None, new: str | None, *, wal: bool) -> None:
    """Rewrite one database file under a new key (``None``: plain), atomically."""
    partial = path.with_name(f".{path.name}.converting")
    partial.unlink(missing_ok=True)
    create_private_file(partial)
    try:
        source = _open(path, old)
        try:
            version = source.execute("PRAGMA user_version").fetchone()[0]
            counts = _row_counts(source, "main")
            source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(partial), new or ""))
            source.execute("SELECT sqlcipher_export('converted')")
            source.execute(f"PRAGMA converted.user_version = {int(version)}")
            if wal:
                source.execute("PRAGMA converted.journal_mode = WAL")
            _check_copy(source, counts)
            source.execute("DETACH DATABASE converted")
        finally:
            source.close()
        fsync_file(partial)
        for sidecar in sidecars(path):
            sidecar.unlink(missing_ok=True)  # empty: the WAL was folded in first
        os.replace(partial, path)
        fsync_folder(path.parent)
    except sqlcipher.driver_errors() as error:
        partial.unlink(missing_ok=True)
        raise _mapped(path, error, old) from error
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise os_error(error, path) from error
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise


def _mapped(path: Path, error: Exception, key: str | None) -> StorageError:
    """A driver error during a conversion, said for people (wrong passphrase, damaged…)."""
    mapped = sqlcipher.not_a_database_error(path, passphrase_given=key is not None) if (
        "not a database" in str(error)) else None
    return mapped or DatabaseCorruptError(
        _("The database {path} could not be converted ({reason}); nothing was "
          "changed.").format(path=path, reason=error))


def _open(path: Path, key: str | None) -> Any:
    """SQLCipher's connection (plain files too: it reads them without a key)."""
    if key is None and not sqlcipher.is_plain(path):
        raise sqlcipher.not_a_database_error(path, passphrase_given=False) or DatabaseCorruptError(
            _("{path} is not a database.").format(path=path))
    if key is None:
        connection = sqlcipher.dbapi().connect(str(path), isolation_level=None)
        connection.execute("PRAGMA cipher_log_level = NONE")
        return connection
    return sqlcipher.connect(path, key, read_only=False, timeout=5.0)


def _row_counts(connection: Any, schema: str) -> dict[str, int]:
    names = [row[0] for row in connection.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "  # noqa: S608 (ours)
        "AND name NOT LIKE 'sqlite_%'")]
    return {name: connection.execute(
        f'SELECT count(*) FROM {schema}."' + name.replace('"', '""') + '"'  # noqa: S608
    ).fetchone()[0] for name in names}


def _check_copy(connection: Any, counts: dict[str, int]) -> None:
    """The copy (attached as ``converted``, keyed already) is whole and holds every row."""
    result = [row[0] for row in connection.execute("PRAGMA converted.integrity_check")]
    copied = _row_counts(connection, "converted")
    if result != ["ok"] or copied != counts:
        raise DatabaseCorruptError(
            _("The converted copy of the database differs from it ({reason}); nothing was "
              "changed.").format(reason=result[0] if result != ["ok"] else "row counts"))
