"""Backups of the SQLite file: made with SQLite's online backup API, rotated, restorable.

Never a file copy: the recent commits of a live database are in its ``-wal`` file, which a copy
of the main file would miss; ``sqlite3.Connection.backup`` reads a consistent snapshot through
SQLite. Backups go to ``app.paths.backups_dir()`` as ``<name>-<UTC timestamp>.sqlite3``
(``<name>`` is the database file's stem, plus a short hash of its folder for any database that
is not the default one), created 0600, written to a temporary name and renamed when complete.

The last ``keep`` ordinary backups of each database are kept; the copies made before an upgrade
or a restore (``…-before-upgrade``, ``…-before-restore``) and the damaged files set aside by a
restore (``…-damaged``) are rare and kept until deleted by hand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from app.atomic_files import fsync_file, fsync_folder
from app.errors import NotFoundError, ValidationError
from app.i18n import _
from app.paths import backups_dir, default_database_path
from app.storage.engine import (
    FileLock,
    create_private_file,
    os_error,
    sidecars,
    sqlite_connect,
)
from app.storage.errors import DatabaseCorruptError
from app.storage.sqlcipher import driver_errors

DEFAULT_KEEP = 10
SUFFIX = ".sqlite3"
_STAMP = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^(?P<prefix>.+)-(?P<stamp>\d{8}T\d{12}Z)(?:-(?P<label>[a-z-]+))?\.sqlite3$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: dt.datetime
    label: str
    """"" for an ordinary backup; "before-upgrade", "before-restore" or "damaged"."""


def prefix_for(database: Path) -> str:
    """The backup name of a database: its stem, plus a hash of where it is if not the default."""
    stem = re.sub(r"[^A-Za-z0-9_.]+", "_", database.stem) or "database"
    try:
        default = default_database_path().resolve()
    except OSError:  # pragma: no cover - the data folder cannot be created
        default = None
    if database.resolve() == default:
        return stem
    digest = hashlib.sha256(str(database.resolve()).encode("utf-8")).hexdigest()[:8]
    return f"{stem}.{digest}"


def list_backups(database: Path, folder: Path | None = None) -> list[BackupFile]:
    """This database's backups, oldest first."""
    root = folder or backups_dir()
    prefix = prefix_for(database)
    found = []
    for path in root.glob(f"{glob_escape(prefix)}-*{SUFFIX}"):
        match = _NAME.match(path.name)
        if not match or match["prefix"] != prefix:
            continue
        made = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.UTC)
        found.append(BackupFile(path, made, match["label"] or ""))
    return sorted(found, key=lambda b: (b.made_at, b.path.name))


def glob_escape(text: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", text)


def newest_backup(database: Path, folder: Path | None = None) -> Path | None:
    """The newest backup one may restore (damaged copies excluded)."""
    usable = [b for b in list_backups(database, folder) if b.label != "damaged"]
    return usable[-1].path if usable else None


def restore_hint(database: Path) -> tuple[str, Path | None]:
    """The way out of a damaged database, for messages: restore the newest backup."""
    try:
        newest = newest_backup(database)
        default = database.resolve() == default_database_path().resolve()
    except OSError:
        newest, default = None, False
    db_option = "" if default else f' --db "{database}"'
    if newest is None:
        return (_("No backup of it was found in {folder}; if you have a copy, restore it with: "
                  "cybercabinet db restore{db} FILE").format(folder=_backups_folder_text(),
                                                             db=db_option), None)
    return (_("Restore the newest backup with: cybercabinet db restore{db} \"{backup}\"").format(
        db=db_option, backup=newest), newest)


def _backups_folder_text() -> str:
    try:
        return str(backups_dir())
    except OSError:  # pragma: no cover
        return "backups"


def changed_since(database: Path, backup: Path) -> bool:
    """Whether the database (or its WAL) was written after ``backup`` was: the backup file is
    written after its source was read, on the same clock, so a later write is newer."""
    try:
        made = backup.stat().st_mtime_ns
    except FileNotFoundError:
        return True
    latest = 0
    for path in (database, sidecars(database)[0]):  # not -shm: readers write it too
        with contextlib.suppress(FileNotFoundError):
            latest = max(latest, path.stat().st_mtime_ns)
    return latest > made


def make_backup(database: Path, *, label: str = "", keep: int = DEFAULT_KEEP,
                folder: Path | None = None) -> Path:
    """Back up a (possibly live) database file; rotate the ordinary backups."""
    root = folder or backups_dir()
    now = dt.datetime.now(dt.UTC)
    name = f"{prefix_for(database)}-{now.strftime(_STAMP)}{'-' + label if label else ''}{SUFFIX}"
    destination = root / name
    partial = root / (name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        create_private_file(partial)
        source = sqlite_connect(database)
        try:
            copy = sqlite_connect(partial, like=database)  # encrypted as the database is
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
            finally:
                copy.close()
        finally:
            source.close()
        fsync_file(partial)
        os.replace(partial, destination)
        fsync_folder(root)
    except driver_errors() as error:
        partial.unlink(missing_ok=True)
        message = str(error).lower()
        if "disk is full" in message:
            raise os_error(OSError(28, os.strerror(28)), root) from error
        text, newest = restore_hint(database)
        raise DatabaseCorruptError(
            _("The database {path} cannot be backed up: {reason}.").format(
                path=database, reason=error), hint=text, backup=newest) from error
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise os_error(error, destination) from error
    if not label:
        rotate(database, keep=keep, folder=root)
    return destination


def rotate(database: Path, *, keep: int = DEFAULT_KEEP, folder: Path | None = None) -> list[Path]:
    """Delete all but the ``keep`` newest ordinary backups; return what was deleted."""
    ordinary = [b for b in list_backups(database, folder) if not b.label]
    doomed = ordinary[:-keep] if keep > 0 else ordinary
    for backup in doomed:
        with contextlib.suppress(FileNotFoundError):
            backup.path.unlink()
    return [b.path for b in doomed]


def check_backup(path: Path) -> None:
    """A backup worth restoring: a readable SQLite file that passes ``integrity_check`` and
    holds a CyberCabinet schema."""
    if not path.is_file():
        raise NotFoundError(_("There is no backup at {path}.").format(path=path),
                            hint=_("See the backups in {folder}.").format(
                                folder=_backups_folder_text()))
    try:
        connection = sqlite_connect(path, read_only=True)
        try:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except driver_errors() as error:
        raise DatabaseCorruptError(
            _("The backup {path} is damaged or is not a database ({reason}).").format(
                path=path, reason=error), hint=_("Choose another backup.")) from error
    if result != ["ok"]:
        raise DatabaseCorruptError(
            _("The backup {path} is damaged ({reason}).").format(path=path,
                                                                 reason=one_line(result)),
            hint=_("Choose another backup."))
    if "alembic_version" not in tables or "assessments" not in tables:
        raise ValidationError(_("{path} is not a CyberCabinet database.").format(path=path),
                              hint=_("Choose another backup."))


def restore(database: Path, backup: Path, *, keep: int = DEFAULT_KEEP,
            folder: Path | None = None) -> Path | None:
    """Replace ``database`` by ``backup``; return where the replaced database was saved.

    The backup is checked first. The current database is backed up (or, if it is too damaged
    for that, its files are moved aside as ``…-damaged``), then the backup is copied next to it
    under a temporary name and renamed over it: at every moment the database file is either the
    old one or the restored one. Nobody may have it open (the lock file is taken).
    """
    backup = backup.absolute()
    check_backup(backup)
    root = folder or backups_dir()
    if backup.resolve() == database.resolve():
        raise ValidationError(_("{path} is the database itself, not a backup.").format(
            path=backup))
    lock = FileLock(database)
    lock.acquire()
    try:
        saved = _set_current_aside(database, keep=keep, folder=root)
        partial = database.with_name(f".{database.name}.restoring")
        try:
            partial.unlink(missing_ok=True)
            create_private_file(partial)
            source = sqlite_connect(backup, read_only=True)
            try:
                copy = sqlite_connect(partial, like=backup)  # encrypted as the backup is
                try:
                    source.backup(copy)
                    copy.execute("PRAGMA journal_mode = DELETE")
                finally:
                    copy.close()
            finally:
                source.close()
            fsync_file(partial)
            for sidecar in sidecars(database):
                sidecar.unlink(missing_ok=True)
            os.replace(partial, database)
            fsync_folder(database.parent)
        except OSError as error:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            raise os_error(error, database) from error
        return saved
    finally:
        lock.release()


def _set_current_aside(database: Path, *, keep: int, folder: Path) -> Path | None:
    """Back up the database about to be replaced; move it aside if it cannot be read."""
    if not database.exists() or database.stat().st_size == 0:
        return None
    try:
        saved = make_backup(database, label="before-restore", keep=keep, folder=folder)
    except DatabaseCorruptError:
        saved = None
    if saved is not None:
        # Fold the WAL into the file so that no stale WAL is left to replay onto the restored
        # database (it is removed below in any case).
        with contextlib.suppress(*driver_errors()):
            connection = sqlite_connect(database)
            try:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                connection.close()
        return saved
    stamp = dt.datetime.now(dt.UTC).strftime(_STAMP)
    damaged = folder / f"{prefix_for(database)}-{stamp}-damaged{SUFFIX}"
    try:
        _move(database, damaged)
        for sidecar, suffix in zip(sidecars(database), ("-wal", "-shm"), strict=True):
            if sidecar.exists():
                _move(sidecar, damaged.with_name(damaged.name + suffix))
    except OSError as error:
        raise os_error(error, database) from error
    return damaged


def one_line(report: list[str], limit: int = 300) -> str:
    """SQLite's integrity report (several rows, rows with line breaks) as one short line."""
    text = " ".join(" ".join(report).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _move(source: Path, destination: Path) -> None:
    try:
        os.replace(source, destination)
    except OSError:  # another file system: copy the bytes (a damaged file is not live)
        destination.write_bytes(source.read_bytes())
        source.unlink()
