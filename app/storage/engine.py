"""Database URLs, engines, SQLite pragmas, the lock file and the translation of driver errors.

SQLite is the embedded default: one file in the user's data folder (created 0600 in a 0700
folder), WAL journal, ``synchronous=FULL``, foreign keys ON on every connection, a busy timeout,
and transactions begun by us (``BEGIN IMMEDIATE`` for writes) rather than by the sqlite3 module.
One CyberCabinet at a time writes a given file: the writer holds an exclusive lock on
``<file>.lock``; a second one gets ``DatabaseLockedError`` and may open the file read-only.
PostgreSQL is the shared database: the same models, no lock file, no pragmas.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool, QueuePool

from app.errors import NotFoundError, ValidationError
from app.i18n import _
from app.storage import sqlcipher
from app.storage.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseUnavailableError,
    DiskFullError,
    StorageError,
)

BUSY_TIMEOUT_MS = 5000
WRITE = "cybercabinet_write"
"""Execution option: this transaction writes (SQLite begins it with BEGIN IMMEDIATE)."""


@dataclass(frozen=True)
class Target:
    """Where the data lives: a parsed URL, and the file for SQLite."""

    url: URL
    path: Path | None

    @property
    def backend(self) -> str:
        return self.url.get_backend_name()

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @property
    def display(self) -> str:
        """For messages: the file, or the URL without its password."""
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)


def parse_target(text: str) -> Target:
    """A SQLAlchemy URL (``sqlite:///file``, ``postgresql+psycopg://…``) or a plain file path."""
    if "://" not in text:
        return Target(make_url("sqlite+pysqlite://"), Path(text).expanduser().absolute())
    try:
        url = make_url(text)
    except sa_exc.ArgumentError:
        raise ValidationError(_("{url} is not a database URL.").format(url=text),
                              hint=_("Give a file path, sqlite:///PATH or "
                                     "postgresql+psycopg://USER@HOST/DATABASE.")) from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if url.drivername not in ("sqlite", "sqlite+pysqlite"):
            raise ValidationError(_("The SQLite driver {driver} is not supported.").format(
                driver=url.drivername), hint=_("Use sqlite:///PATH."))
        database = url.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            raise ValidationError(_("CyberCabinet needs a database file, not {url}.").format(
                url=text), hint=_("Use sqlite:///PATH."))
        return Target(url.set(drivername="sqlite+pysqlite"),
                      Path(database).expanduser().absolute())
    if backend == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return Target(url, None)
    raise ValidationError(_("Unsupported database {backend}.").format(backend=backend),
                          hint=_("Use an SQLite file or a PostgreSQL URL "
                                 "(postgresql+psycopg://…)."))


# --- SQLite files -----------------------------------------------------------------------------

def sidecars(path: Path) -> list[Path]:
    """The WAL and shared-memory files that belong to a database file."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def create_private_file(path: Path) -> bool:
    """Create an empty database file readable by its owner only; False if it already existed."""
    if not path.parent.is_dir():
        raise NotFoundError(_("The folder {folder} does not exist.").format(folder=path.parent),
                            hint=_("Create it, or choose another place for the database."))
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    except OSError as error:
        raise os_error(error, path) from None
    os.close(fd)
    return True


def check_file(path: Path, *, writable: bool) -> None:
    """An existing database file we may use: a regular file, writable when we write."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise NotFoundError(_("There is no database at {path}.").format(path=path),
                            hint=_("Check the path given with --db.")) from None
    if not stat.S_ISREG(info.st_mode):
        raise ValidationError(_("{path} is not a database file.").format(path=path))
    if not os.access(path, os.R_OK):
        raise DatabaseReadOnlyError(_("The database {path} cannot be read.").format(path=path),
                                    hint=_("Check its permissions."))
    if writable and (not os.access(path, os.W_OK) or not info.st_mode & stat.S_IWUSR):
        raise DatabaseReadOnlyError(
            _("The database {path} is read-only.").format(path=path),
            hint=_("Make the file writable, or open it read-only to look without changing "
                   "anything."))


def sqlite_connect(path: Path, *, read_only: bool = False,
                   like: Path | None = None) -> sqlite3.Connection:
    """A raw sqlite3 connection: autocommit at the driver level (we issue BEGIN ourselves).

    An encrypted file (or a new one, when a passphrase is configured) gets an SQLCipher
    connection with the same interface (``sqlcipher.py``). ``like``: open ``path`` (a new file:
    a backup, a restored copy) encrypted or not as that file is.
    """
    passphrase = sqlcipher.key_for(like or path)
    if passphrase is not None:
        connection: sqlite3.Connection = sqlcipher.connect(
            path, passphrase, read_only=read_only, timeout=BUSY_TIMEOUT_MS / 1000)
        return connection
    if read_only:
        uri = path.as_uri() + "?mode=ro"
        return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    return sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)


def _sqlite_engine(path: Path, *, read_only: bool, migrations: bool) -> Engine:
    def creator() -> sqlite3.Connection:
        return sqlite_connect(path, read_only=read_only)

    options: dict[str, Any] = {} if migrations else {"pool_size": 2, "max_overflow": 3}
    if sqlcipher.key_for(path) is not None:  # its errors are then SQLCipher's, not sqlite3's
        options["module"] = sqlcipher.dbapi()
    engine = create_engine("sqlite+pysqlite://", creator=creator, hide_parameters=True,
                           poolclass=NullPool if migrations else QueuePool, **options)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Migrations run with foreign keys OFF: a batch rebuild of a parent table would
        # otherwise cascade-delete its children (see app/storage/migrate.py).
        cursor.execute(f"PRAGMA foreign_keys = {'OFF' if migrations else 'ON'}")
        # SQLite's lower() folds ASCII only: searching "LÉMAN" must find "Léman".
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write and not read_only else "BEGIN")

    return engine


def _lower(value: str | bytes | int | float | None) -> str | bytes | int | float | None:
    return value.lower() if isinstance(value, str) else value


def set_wal(path: Path) -> None:
    """Switch the file to WAL (persistent: done once, when the schema is created or upgraded)."""
    connection = sqlite_connect(path)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()
    finally:
        connection.close()
    if not mode or str(mode[0]).lower() != "wal":
        raise StorageError(_("The database {path} cannot use a write-ahead log (is it on a "
                             "network share?).").format(path=path),
                           hint=_("Keep the database on a local disk; a shared database is "
                                  "PostgreSQL's job."))


def make_engine(target: Target, *, read_only: bool = False, migrations: bool = False) -> Engine:
    if target.path is not None:
        return _sqlite_engine(target.path, read_only=read_only, migrations=migrations)
    # hide_parameters: a database error's text (logged with the traceback of a bug) shows the
    # SQL, never the values — answers, notes and comments are not for the log file.
    options: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    if migrations:
        options["poolclass"] = NullPool
    else:
        options.update(pool_size=3, max_overflow=5)
    engine = create_engine(target.url, **options)
    if read_only:
        @event.listens_for(engine, "connect")
        def _read_only(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()
    return engine


# --- the lock file ----------------------------------------------------------------------------

class FileLock:
    """An exclusive, advisory lock on ``<database>.lock``, held while a writer has it open.

    The operating system drops it when the process ends, even when killed: there is no stale
    lock to clean up. The file holds the holder's process id and host name, for the message.
    """

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = database.with_name(database.name + ".lock")
        self._file: IO[str] | None = None

    def acquire(self, wait: float | None = None) -> None:
        """Take the lock, or raise ``DatabaseLockedError`` naming its holder.

        ``wait``: seconds to keep trying (default ``LOCK_WAIT``). On Windows the system frees a
        dead process's locks "when resources allow", a moment after it ended: a short wait
        spares the next opening a false "already open". POSIX frees them at once.
        """
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise os_error(error, self.path) from None
        handle = os.fdopen(fd, "r+", encoding="utf-8")
        deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
        while True:
            try:
                _lock(handle)
                break
            except OSError:
                if time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                holder = _read_holder(handle)
                handle.close()
                raise DatabaseLockedError(
                    _("The database {path} is already open in another CyberCabinet window or "
                      "program{holder}.").format(path=self.database, holder=holder),
                    hint=_("Close it there and try again, or open the database read-only to "
                           "look without changing anything (the list and show commands do).")
                ) from None
        with contextlib.suppress(OSError):  # the lock matters; the holder's name is a courtesy
            _write_holder(handle)
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                _unlock(self._file)
            self._file.close()
            self._file = None

    @property
    def held(self) -> bool:
        return self._file is not None


LOCK_WAIT = 1.0 if sys.platform == "win32" else 0.0
HOLDER_OFFSET = 16  # Windows locks byte 0; the holder's name is written after it


def _write_holder(handle: IO[str]) -> None:
    handle.seek(0)
    handle.write(" " * HOLDER_OFFSET + f"{os.getpid()} {socket.gethostname()}\n")
    handle.truncate()
    handle.flush()


def _read_holder(handle: IO[str]) -> str:
    try:
        handle.seek(HOLDER_OFFSET)
        pid, _sep, host = handle.readline().strip().partition(" ")
    except (OSError, ValueError):
        return ""
    if not pid.isdigit():
        return ""
    return _(" (process {pid} on {host})").format(pid=pid, host=host or "?")


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# --- errors -----------------------------------------------------------------------------------

def os_error(error: OSError, path: Path) -> StorageError:
    if error.errno == errno.ENOSPC:
        return DiskFullError(_("The disk holding {path} is full.").format(path=path),
                             hint=_("Free some space and try again; nothing was lost."))
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return DatabaseReadOnlyError(
            _("{path} cannot be written ({reason}).").format(path=path, reason=error.strerror),
            hint=_("Check the permissions of the file and its folder."))
    return StorageError(_("{path}: {reason}.").format(path=path, reason=error.strerror))


CORRUPT_MARKERS = ("file is not a database", "malformed", "database corrupt",
                   "disk i/o error")


RestoreHint = Callable[[], tuple[str, Path | None]]
"""Computes, only when needed, the way out of a damaged database: (advice, newest backup)."""


def driver_error(error: BaseException, target: Target,
                 restore_hint: RestoreHint | None = None) -> StorageError | None:
    """The storage error a driver error means, or None if it is a bug (let it through)."""
    original = getattr(error, "orig", error)
    message = str(original).lower()
    where = target.display
    if isinstance(original, sqlcipher.driver_errors()):
        if "database is locked" in message or "database table is locked" in message:
            return DatabaseLockedError(
                _("The database {path} is busy: another program is writing to it.").format(
                    path=where),
                hint=_("Close the other CyberCabinet window or program and try again."))
        if "disk is full" in message or "database or disk is full" in message:
            return DiskFullError(_("The disk holding {path} is full.").format(path=where),
                                 hint=_("Free some space and try again; what was saved before "
                                        "is safe, the last change was not saved."))
        if "readonly" in message or "read-only" in message:
            return DatabaseReadOnlyError(
                _("The database {path} is read-only.").format(path=where),
                hint=_("Make the file and its folder writable, or open it read-only."))
        if any(marker in message for marker in CORRUPT_MARKERS):
            encrypted = sqlcipher.not_a_database_error(target.path) if (
                target.path is not None and "not a database" in message) else None
            if encrypted is not None:  # encrypted: no passphrase, or a wrong one
                return encrypted
            text, backup = restore_hint() if restore_hint else ("", None)
            return DatabaseCorruptError(
                _("The database {path} is damaged or is not a CyberCabinet database "
                  "({reason}).").format(path=where, reason=str(original)),
                hint=text or None, backup=backup)
        if "unable to open" in message:
            return DatabaseUnavailableError(
                _("The database {path} cannot be opened ({reason}).").format(
                    path=where, reason=str(original)),
                hint=_("Check that the file and its folder exist and are readable."))
        return None
    sqlstate = str(getattr(original, "sqlstate", "") or "")
    if sqlstate == "53100":
        return DiskFullError(_("The database server's disk is full ({url}).").format(url=where),
                             hint=_("Ask its administrator to free some space."))
    if sqlstate == "25006":
        return DatabaseReadOnlyError(
            _("The database {url} is open read-only.").format(url=where))
    if sqlstate.startswith(("08", "28", "3D", "57P")) or (
            isinstance(error, sa_exc.OperationalError) and not sqlstate):
        return DatabaseUnavailableError(
            _("The database server {url} cannot be reached: {reason}").format(
                url=where, reason=str(original).strip().splitlines()[0] if str(original)
                else type(original).__name__),
            hint=_("Check the URL, the network and that the server is running."))
    if sqlstate in ("55P03", "40P01", "40001"):
        return DatabaseLockedError(
            _("The database {url} is busy (another user is changing the same "
              "assessment).").format(url=where), hint=_("Try again in a moment."))
    return None


@contextlib.contextmanager
def translated(target: Target, restore_hint: RestoreHint | None = None) -> Iterator[None]:
    """Turn driver and file-system errors into the storage errors above."""
    try:
        yield
    except sa_exc.DBAPIError as error:
        mapped = driver_error(error, target, restore_hint)
        if mapped is None:
            raise
        raise mapped from error
    except OSError as error:
        if isinstance(error, StorageError):  # pragma: no cover - StorageError is no OSError
            raise
        raise os_error(error, target.path or Path(target.display)) from error
    except Exception as error:  # sqlite3's or SQLCipher's own errors, from a raw connection
        if not isinstance(error, sqlcipher.driver_errors()):
            raise
        mapped = driver_error(error, target, restore_hint)
        if mapped is None:
            raise
        raise mapped from error
