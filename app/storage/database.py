"""Opening a database: what ``open_database`` checks and does before handing out a ``Database``.

``open_database(url)`` checks the file, takes the writer's lock, backs the file up, applies the
migrations and returns a ``Database`` (``facade.py``): every method of it is one transaction; an
answer is committed (with its history row) the moment it is given, or not at all.

Profile answers (the questionnaire's ``profile`` questions: country, server, remote access…) are
answers of the assessment like any other, with their history; each saved one is also copied to
the practice's ``profile``, and a new assessment of that practice starts with them filled in.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from app.errors import NotFoundError
from app.i18n import _
from app.paths import default_database_url
from app.storage import backup as backups
from app.storage import migrate, sqlcipher
from app.storage.backfill import after_upgrade
from app.storage.core import UNSET
from app.storage.engine import (
    FileLock,
    Target,
    check_file,
    create_private_file,
    make_engine,
    parse_target,
    set_wal,
    sqlite_connect,
    translated,
)
from app.storage.errors import DatabaseCorruptError, StorageError
from app.storage.facade import Database

__all__ = ["UNSET", "Database", "backup_database", "open_database", "restore_database"]


# --- opening ----------------------------------------------------------------------------------

def open_database(url: str | None = None, *, backup: bool = True, read_only: bool = False,
                  questionnaires: Path | None = None,
                  keep_backups: int = backups.DEFAULT_KEEP) -> Database:
    """Open (creating or upgrading it if needed) the database at ``url``.

    ``url``: an SQLAlchemy URL or a plain file path; default ``app.paths.default_database_url()``.
    ``backup``: back the SQLite file up first if it changed since its newest backup (a backup
    is always made before an upgrade). ``read_only``: look without changing anything (no lock
    file, no backup, no upgrade; works while another instance has the file open).
    ``questionnaires``: the folder to find questionnaires in (default: the shipped ones).

    Raises a ``StorageError`` subclass (locked, read-only, damaged, too new, unreachable…) or
    ``NotFoundError`` / ``ValidationError`` with a message for people; never leaves a
    half-written file.
    """
    target = parse_target(url or default_database_url())
    if target.path is not None:
        return _open_sqlite(target, target.path, backup=backup, read_only=read_only,
                            questionnaires=questionnaires, keep=keep_backups)
    return _open_server(target, read_only=read_only, questionnaires=questionnaires)


def _open_sqlite(target: Target, path: Path, *, backup: bool, read_only: bool,
                 questionnaires: Path | None, keep: int) -> Database:
    created = False
    if read_only:
        check_file(path, writable=False)
    else:
        created = create_private_file(path)
        if not created:
            check_file(path, writable=True)
    lock: FileLock | None = None
    if not read_only:
        lock = FileLock(path)
        lock.acquire()
    try:
        hint = functools.partial(backups.restore_hint, path)
        # an encrypted file: one keyed connection from the health check to the pool
        with translated(target, hint), sqlcipher.one_keyed_connection(path):
            _health_check(path, read_only=read_only, hint=hint)
            engine = make_engine(target, read_only=read_only, migrations=True)
            try:
                with engine.connect() as connection:
                    state = migrate.read_state(connection)
            finally:
                engine.dispose()
            migrate.check_state(state, target)
            upgraded_from = None
            last_backup = None
            if read_only:
                migrate.refuse_outdated(state, target)
            else:
                upgrade = migrate.needs_upgrade(state)
                if not state.is_empty and (upgrade or backup):
                    newest = [b for b in backups.list_backups(path) if b.label != "damaged"]
                    if upgrade or not newest or backups.changed_since(path, newest[-1].path):
                        last_backup = backups.make_backup(
                            path, label="before-upgrade" if upgrade else "", keep=keep)
                set_wal(path)
                if upgrade:
                    engine = make_engine(target, migrations=True)
                    try:
                        before, _after = migrate.upgrade(engine, target,
                                                         after_upgrade(questionnaires))
                    finally:
                        engine.dispose()
                    upgraded_from = before
            main = make_engine(target, read_only=read_only)
            main.connect().close()  # the pool takes that connection
        return Database(target, main, lock=lock, read_only=read_only,
                        questionnaires=questionnaires, created=created or state.is_empty,
                        upgraded_from=upgraded_from, last_backup=last_backup,
                        keep_backups=keep)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _health_check(path: Path, *, read_only: bool,
                  hint: Callable[[], tuple[str, Path | None]]) -> None:
    """``PRAGMA quick_check``: "not a database" and damaged pages are found before any use
    (and before a backup of a damaged file could push a good one out of the rotation)."""
    connection = sqlite_connect(path, read_only=read_only)
    try:
        rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    finally:
        connection.close()
    if rows != ["ok"]:
        text, newest = hint()
        raise DatabaseCorruptError(
            _("The database {path} is damaged ({reason}).").format(
                path=path, reason=backups.one_line(rows)), hint=text, backup=newest)


def _open_server(target: Target, *, read_only: bool,
                 questionnaires: Path | None) -> Database:
    try:
        engine = make_engine(target, migrations=True)
    except ImportError as error:
        raise StorageError(_("PostgreSQL support is not installed ({reason}).").format(
            reason=error), hint=_("Install it with: pip install 'cybercabinet[postgres]'.")
        ) from error
    upgraded_from = None
    try:
        with translated(target):
            with engine.connect() as connection:
                state = migrate.read_state(connection)
            migrate.check_state(state, target)
            if read_only:
                migrate.refuse_outdated(state, target)
            elif migrate.needs_upgrade(state):
                upgraded_from, _after = migrate.upgrade(
                    engine, target, after_upgrade(questionnaires))
    finally:
        engine.dispose()
    return Database(target, make_engine(target, read_only=read_only), lock=None,
                    read_only=read_only, questionnaires=questionnaires,
                    created=state.is_empty, upgraded_from=upgraded_from, last_backup=None,
                    keep_backups=0)


def backup_database(url: str | None = None, *,
                    keep: int = backups.DEFAULT_KEEP) -> Path:
    """Back up an SQLite database now, even while another instance has it open."""
    target = parse_target(url or default_database_url())
    if target.path is None:
        raise StorageError(_("CyberCabinet backs up SQLite files only."),
                           hint=_("Back up a PostgreSQL database with pg_dump."))
    check_file(target.path, writable=False)
    hint = functools.partial(backups.restore_hint, target.path)
    with translated(target, hint):
        _health_check(target.path, read_only=True, hint=hint)
        engine = make_engine(target, read_only=True, migrations=True)
        try:
            with engine.connect() as connection:
                state = migrate.read_state(connection)
        finally:
            engine.dispose()
        migrate.check_state(state, target)
        return backups.make_backup(target.path, keep=keep)


def restore_database(backup: Path | None = None, url: str | None = None, *,
                     keep: int = backups.DEFAULT_KEEP) -> tuple[Path, Path | None]:
    """Replace the SQLite database by a backup (default: its newest).

    Returns (the backup restored, where the replaced database was saved). Refused while the
    database is open elsewhere. The restored file is upgraded the next time it is opened.
    """
    target = parse_target(url or default_database_url())
    if target.path is None:
        raise StorageError(_("CyberCabinet restores SQLite files only."),
                           hint=_("Restore a PostgreSQL database with pg_restore."))
    chosen = backup or backups.newest_backup(target.path)
    if chosen is None:
        raise NotFoundError(_("There is no backup of {path}.").format(path=target.path))
    saved = backups.restore(target.path, chosen, keep=keep)
    return chosen, saved
