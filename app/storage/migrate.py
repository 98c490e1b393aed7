"""Schema migrations, applied when the app opens a database.

Policy (docs/storage.md): migrations are Alembic revisions shipped in ``migrations/versions``,
linear, never edited once released, always upgrading forward. They run on a separate engine
(``NullPool``; on SQLite with foreign keys OFF, because a batch migration that rebuilds a parent
table with foreign keys ON silently deletes every ON DELETE CASCADE child row), all revisions
in one transaction, and before that transaction commits:

- SQLite: ``PRAGMA foreign_key_check`` must be empty;
- every table that existed before must have at least as many rows as before.

Otherwise everything is rolled back and the file is as it was. A database whose revision this
version does not know was written by a newer CyberCabinet: it is refused before anything is
written (no pragma, no backup, no lock change).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from app.errors import ValidationError
from app.i18n import _
from app.storage.engine import WRITE, Target
from app.storage.errors import DatabaseNeedsUpgradeError, DatabaseTooNewError, StorageError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"
PG_MIGRATION_LOCK = 0x43594243  # "CYBC": one instance migrates a shared database at a time


def alembic_config() -> Config:
    # lazy: Alembic (with Mako) takes ~0.13 s and ~17 MB, for an upgrade only (below)
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def script_directory() -> ScriptDirectory:
    # lazy: Alembic, for an upgrade only (below)
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


# Opening a database that is already at head must not import Alembic (and Mako, and
# Pygments through it): a third of the app's start-up. The revisions are read from the
# version files themselves; tests/storage check they agree with Alembic's ScriptDirectory.
_REVISION = re.compile(r"""^(down_)?revision\s*(?::[^=]*)?=\s*(?:["']([^"']+)["']|None)""",
                       re.MULTILINE)


@functools.cache
def _revision_graph() -> dict[str, str | None]:
    graph: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        found = {bool(m.group(1)): m.group(2) for m in _REVISION.finditer(path.read_text("utf-8"))}
        if found.get(False):
            graph[found[False]] = found.get(True)
    return graph


def head_revision() -> str:
    graph = _revision_graph()
    parents = {parent for parent in graph.values() if parent}
    heads = [revision for revision in graph if revision not in parents]
    assert len(heads) == 1, heads  # noqa: S101 - the package ships one linear history
    return heads[0]


def known_revisions() -> set[str]:
    return set(_revision_graph())


@dataclass(frozen=True)
class SchemaState:
    revision: str | None
    """None: a new, empty database."""
    foreign_tables: list[str]
    """Tables of an unversioned database: it belongs to some other program."""

    @property
    def is_empty(self) -> bool:
        return self.revision is None and not self.foreign_tables


def read_state(connection: Connection) -> SchemaState:
    tables = inspect(connection).get_table_names()
    if VERSION_TABLE not in tables:
        return SchemaState(None, [t for t in tables if not t.startswith("sqlite_")])
    revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")  # noqa: S608
                                  ).scalar()
    return SchemaState(revision, [])


def check_state(state: SchemaState, target: Target) -> None:
    """Refuse a database this version cannot use, before anything is written to it."""
    if state.revision is None and state.foreign_tables:
        raise ValidationError(
            _("{where} is a database, but not a CyberCabinet one (it has the tables "
              "{tables}).").format(where=target.display,
                                   tables=", ".join(sorted(state.foreign_tables)[:5])),
            hint=_("Choose another file or an empty database."))
    if state.revision is not None and state.revision not in known_revisions():
        raise DatabaseTooNewError(
            _("The database {where} was created by a newer version of CyberCabinet "
              "(schema {revision}); it was not changed.").format(
                where=target.display, revision=state.revision),
            hint=_("Update the app to open it."))


def needs_upgrade(state: SchemaState) -> bool:
    return state.revision != head_revision()


def refuse_outdated(state: SchemaState, target: Target) -> None:
    """For read-only opening: the schema must already be this version's."""
    if needs_upgrade(state):
        raise DatabaseNeedsUpgradeError(
            _("The database {where} must be upgraded before it can be read by this version "
              "of CyberCabinet.").format(where=target.display),
            hint=_("Open it once for writing, or run 'cybercabinet db upgrade'."))


def _row_counts(connection: Connection, tables: list[str]) -> dict[str, int]:
    preparer = connection.dialect.identifier_preparer
    return {table: int(connection.execute(
        text(f"SELECT count(*) FROM {preparer.quote(table)}")).scalar_one())  # noqa: S608
        for table in tables}


AfterUpgrade = Callable[[Connection, str | None], None]
"""Data work that needs the app (e.g. scoring), run after the revisions in their transaction,
with the revision the database had before."""


def upgrade(engine: Engine, target: Target,
            after: AfterUpgrade | None = None) -> tuple[str | None, str]:
    """Bring the schema to this version's head; return (revision before, revision after)."""
    with engine.connect().execution_options(**{WRITE: True}) as connection, \
            connection.begin():
        sqlite = connection.dialect.name == "sqlite"
        if sqlite and connection.exec_driver_sql("PRAGMA foreign_keys").scalar():
            raise StorageError("migrations must run with foreign keys OFF")  # pragma: no cover
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": PG_MIGRATION_LOCK})
        state = read_state(connection)  # again, inside the transaction and the lock
        check_state(state, target)
        before = state.revision
        tables = [t for t in inspect(connection).get_table_names()
                  if t != VERSION_TABLE and not t.startswith("sqlite_")]
        counts = _row_counts(connection, tables)
        # lazy: Alembic, for an upgrade only (above)
        from alembic import command
        from alembic.runtime.migration import MigrationContext
        from alembic.util import CommandError

        config = alembic_config()
        config.attributes["connection"] = connection
        try:
            command.upgrade(config, "head")
        except CommandError as error:
            raise StorageError(_("The database {where} could not be upgraded: "
                                 "{reason}").format(where=target.display,
                                                    reason=error)) from error
        if after is not None:
            after(connection, before)
        _verify(connection, target, counts)
        revision = MigrationContext.configure(connection).get_current_revision()
    assert revision is not None  # noqa: S101
    return before, revision


def _verify(connection: Connection, target: Target, counts: dict[str, int]) -> None:
    """Raise (and so roll everything back) if the migration broke a link or lost a row."""
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise StorageError(_("Upgrading {where} would break {count} links between "
                                 "records; nothing was changed.").format(
                                     where=target.display, count=len(broken)),
                               hint=_("Please report this problem."))
    existing = set(inspect(connection).get_table_names())
    after = _row_counts(connection, [t for t in counts if t in existing])
    lost = {t: counts[t] - after.get(t, 0) for t in counts if after.get(t, 0) < counts[t]}
    if lost:
        raise StorageError(_("Upgrading {where} would lose records ({tables}); nothing was "
                             "changed.").format(where=target.display,
                                                tables=", ".join(sorted(lost))),
                           hint=_("Please report this problem."))
