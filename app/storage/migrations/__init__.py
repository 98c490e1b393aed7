"""Alembic migrations, shipped with the app and applied when a database is opened."""
