"""What every part of the facade shares: the open engine, its transactions, the questionnaires.

``Database`` (``facade.py``) is this core plus one mixin per area (practices, assessments,
answers…), each in its own module. A public method opens exactly one transaction with
``_reading()`` or ``_writing()`` and is wrapped in ``@guarded`` so that driver errors (locked,
disk full, damaged file) come out as the storage errors of ``errors.py``.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Concatenate, Final, ParamSpec, Self, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from app.domain.catalog import CatalogEntry, get_entry
from app.domain.questionnaire import Questionnaire
from app.i18n import _
from app.storage import backup as backups
from app.storage import migrate
from app.storage.engine import WRITE, FileLock, Target, translated
from app.storage.errors import DatabaseReadOnlyError, StorageError
from app.storage.models import Assessment

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound="DatabaseCore")


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()
"""For ``update_*`` methods: "leave this field as it is" (``None`` may be a real value)."""


def guarded(method: Callable[Concatenate[C, P], R]) -> Callable[Concatenate[C, P], R]:
    """Translate driver errors (locked, disk full, damaged…) into storage errors."""
    @functools.wraps(method)
    def wrapper(self: C, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with translated(self.target, self._restore_hint):
            return method(self, *args, **kwargs)
    return wrapper


class DatabaseCore:
    """An open database: its engine, its lock, its transactions and its questionnaires."""

    def __init__(self, target: Target, engine: Engine, *, lock: FileLock | None,
                 read_only: bool, questionnaires: Path | None, created: bool,
                 upgraded_from: str | None, last_backup: Path | None,
                 keep_backups: int) -> None:
        self.target = target
        self.engine = engine
        self.read_only = read_only
        self.created = created
        """The schema was created by this opening (a new database)."""
        self.upgraded_from = upgraded_from
        """The schema revision before this opening upgraded it, if it did."""
        self.last_backup = last_backup
        """The backup made by this opening, if one was."""
        self.revision = migrate.head_revision()
        self._lock = lock
        self._questionnaires = questionnaires
        self._keep = keep_backups
        self._entries: dict[tuple[str, str], CatalogEntry] = {}

    # -- lifetime --

    @property
    def url(self) -> str:
        """For display: the file path, or the server URL without its password."""
        return self.target.display

    @property
    def path(self) -> Path | None:
        return self.target.path

    @property
    def questionnaires_folder(self) -> Path | None:
        """The folder given at opening (None: the shipped questionnaires), to open it again."""
        return self._questionnaires

    @property
    def backend(self) -> str:
        return self.target.backend

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def _restore_hint(self) -> tuple[str, Path | None]:
        if self.target.path is None:
            return "", None
        return backups.restore_hint(self.target.path)

    # -- transactions --

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Session]:
        """One read transaction: a consistent view (SQLite's BEGIN; REPEATABLE READ on
        PostgreSQL, so that a snapshot's answers and actions are of the same moment)."""
        with Session(self.engine, expire_on_commit=False) as session:
            if self.target.backend == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield session

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE on SQLite), committed at the end."""
        self._check_writable()
        with Session(self.engine, expire_on_commit=False) as session:
            session.connection(execution_options={WRITE: True})
            yield session
            session.commit()

    @contextlib.contextmanager
    def _writing_core(self) -> Iterator[Connection]:
        """The same write transaction on a bare connection, for Core statements only (the
        hot path of saving an answer: no unit of work to set up and flush). Committed at the
        end, rolled back if anything fails."""
        self._check_writable()
        with self.engine.connect() as connection:
            connection.execution_options(**{WRITE: True})
            with connection.begin():
                yield connection

    def _check_writable(self) -> None:
        if self.read_only:
            raise DatabaseReadOnlyError(
                _("The database {path} was opened read-only.").format(path=self.url),
                hint=_("Open it for writing to change it."))

    @guarded
    def backup(self) -> Path:
        """Back the SQLite file up now (rotating the old backups)."""
        if self.target.path is None:
            raise StorageError(_("CyberCabinet backs up SQLite files only."),
                               hint=_("Back up a PostgreSQL database with pg_dump."))
        return backups.make_backup(self.target.path, keep=self._keep or backups.DEFAULT_KEEP)

    # -- questionnaires --

    def questionnaire_entry(self, questionnaire_id: str,
                            version: str | None = None) -> CatalogEntry:
        if version is not None and (questionnaire_id, version) in self._entries:
            return self._entries[(questionnaire_id, version)]
        entry = get_entry(questionnaire_id, version, folder=self._questionnaires)
        self._entries[(questionnaire_id, entry.questionnaire.version)] = entry
        return entry

    def _questionnaire_of(self, assessment: Assessment) -> Questionnaire:
        return self.questionnaire_entry(assessment.questionnaire_id,
                                        assessment.questionnaire_version).questionnaire
