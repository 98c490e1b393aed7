"""Storage fixtures: real SQLite files in temporary folders, and a throwaway PostgreSQL.

The PostgreSQL server is started once per test session from the server binaries found on PATH
or in /usr/lib/postgresql/*/bin (``packaging/install-system-deps.sh`` installs them in CI), in a
temporary folder, on 127.0.0.1 and a free port; every test gets a fresh database. initdb refuses
to run as root: as root the server runs as the ``postgres`` user (through runuser or setpriv).
Without binaries, or when the server does not start, the PostgreSQL variants are skipped with a
message saying why (``tests.conftest.require``), and fail when ``CI=true``.
``CYBERCABINET_TEST_POSTGRES_URL`` (a server URL with rights to create databases) uses an existing
server instead.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.storage.database import Database, open_database
from tests.conftest import EXAMPLE, require, require_module

SERVER_ENV = "CYBERCABINET_TEST_POSTGRES_URL"


@dataclass(frozen=True)
class PostgresServer:
    url: str
    """postgresql+psycopg://user@127.0.0.1:port — without a database name."""


def _pg_bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                        key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.parent.name)],
                        reverse=True)
    return candidates[0].parent if candidates else None


def _as_server_user() -> tuple[list[str], str | None] | None:
    """The command prefix that runs the server binaries, and the owner of its folder."""
    if os.geteuid() != 0:
        return [], None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return None
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--"], "postgres"
    if shutil.which("setpriv"):
        return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"], "postgres"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer | str]:
    """A running server, or the reason there is none (a string)."""
    existing = os.environ.get(SERVER_ENV)
    if existing:
        yield PostgresServer(existing.rstrip("/"))
        return
    bin_dir = _pg_bin_dir()
    if bin_dir is None:
        yield ("no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in "
               "/usr/lib/postgresql/*/bin: run packaging/install-system-deps.sh")
        return
    runner = _as_server_user()
    if runner is None:
        yield "running as root without a 'postgres' user and runuser/setpriv to start initdb"
        return
    prefix, owner = runner
    folder = Path(tempfile.mkdtemp(prefix="cybercabinet-pg-"))
    if owner:
        shutil.chown(folder, owner, owner)
    data, port = folder / "data", _free_port()
    try:
        subprocess.run([*prefix, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust",
                        "-U", "cybercabinet", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"],
                       check=True, capture_output=True, timeout=120)
        options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c full_page_writes=off -c synchronous_commit=off")
        subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                        "-l", str(folder / "server.log"), "-w", "-t", "60", "start"],
                       check=True, capture_output=True, timeout=90)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        log = folder / "server.log"
        detail = log.read_text(errors="replace")[-500:] if log.exists() else ""
        stderr = getattr(error, "stderr", b"") or b""
        yield f"the PostgreSQL test server did not start: {stderr.decode(errors='replace')}{detail}"
        shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        yield PostgresServer(f"postgresql+psycopg://cybercabinet@127.0.0.1:{port}")
    finally:
        subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], check=False, capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _postgres_database(server: PostgresServer) -> Iterator[str]:
    from sqlalchemy.engine import make_url

    psycopg = require_module("psycopg", "pip install 'psycopg[binary]', in the 'test' extra")

    url = make_url(server.url)
    name = "cc_test_" + uuid.uuid4().hex[:12]
    conninfo = {"host": url.host, "port": url.port, "user": url.username,
                "password": url.password, "dbname": url.database or "postgres"}
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None},
                         autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None},
                             autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def questionnaires(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> Path:
    """A questionnaire folder holding only the example (id ``example``); also the default
    folder, so that the CLI finds it."""
    folder = tmp_path_factory.mktemp("questionnaires")
    shutil.copy(EXAMPLE, folder / "example.yaml")
    monkeypatch.setattr("app.domain.catalog.questionnaires_dir", lambda: folder)
    return folder


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cabinet.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each test using it runs on an SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cabinet.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server")
    if isinstance(server, str):
        require("a PostgreSQL server", server)
    with _postgres_database(server) as url:
        yield url


OpenDb = Callable[..., Database]


@pytest.fixture
def open_db(questionnaires: Path) -> Iterator[OpenDb]:
    """``open_db(url, **options)``: open with the example questionnaire; closed at the end."""
    opened: list[Database] = []

    def _open(url: str, **options: object) -> Database:
        options.setdefault("questionnaires", questionnaires)
        database = open_database(url, **options)  # type: ignore[arg-type]
        opened.append(database)
        return database

    yield _open
    for database in opened:
        database.close()


@pytest.fixture
def db(db_url: str, open_db: OpenDb) -> Database:
    return open_db(db_url)
