"""Damaged databases, made from a real one, and what a run of the CLI changed around them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Files:
    """The bytes of every file in the database's folder and in the backups folder."""

    folder: dict[str, bytes]
    backups: dict[str, bytes]


def files_around(database: Path, backups: Path) -> Files:
    def read(folder: Path) -> dict[str, bytes]:
        if not folder.is_dir():
            return {}
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    return Files(read(database.parent), read(backups))


def assert_nothing_written(before: Files, after: Files, database: Path) -> None:
    """The database and every other file are as they were. Allowed: the lock file, and the
    ``-shm`` index and empty ``-wal`` that SQLite itself creates (and removes) when it reads a
    file in WAL mode: no frame may be written to the WAL."""
    assert after.backups == before.backups, "a backup was made or changed"
    sqlite_own = {database.name + suffix for suffix in (".lock", "-shm", "-wal")}
    for name, data in before.folder.items():
        if name not in sqlite_own:
            assert after.folder.get(name) == data, f"{name} changed or disappeared"
    for name in set(after.folder) - set(before.folder):
        assert name in sqlite_own, f"{name} was created"
    assert after.folder.get(database.name + "-wal", b"") == b"", "frames written to the WAL"


def truncate_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def truncate_header(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def garbage(path: Path) -> None:
    path.write_bytes(b"This is not a database, only words typed by someone.\n" * 300)


def damaged_page(path: Path) -> None:
    """Scramble the header of the first table's b-tree page (page 2): quick_check finds it."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    data[page + 8: page + 40] = bytes(range(200, 232))
    path.write_bytes(bytes(data))


def newer_schema(path: Path) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()


def another_programs_database(path: Path) -> None:
    path.unlink()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO patients (name) VALUES ('Jeanne')")
    connection.close()


def a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


DAMAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    # name: (how to damage it, what the message must say)
    "truncated-half": (truncate_half, "is damaged or is not a CyberCabinet database"),
    "truncated-header": (truncate_header, "is damaged or is not a CyberCabinet database"),
    "garbage": (garbage, "file is not a database"),
    "damaged-page": (damaged_page, "is damaged"),
    "newer-schema": (newer_schema, "newer version of CyberCabinet"),
    "another-program": (another_programs_database, "but not a CyberCabinet one"),
    "folder": (a_folder, "is not a database file"),
}
