"""Alembic environment: only ever run by ``app.storage.migrate`` with a connection given.

The connection comes from a separate engine (NullPool; on SQLite with foreign keys OFF, so that
a batch migration rebuilding a parent table cannot cascade-delete its children) and is already
inside the transaction that ``migrate`` commits after its checks.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from app.storage.models import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("CyberCabinet migrations run through app.storage.migrate, "
                       "with a connection in config.attributes['connection']")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
