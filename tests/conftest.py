"""Shared fixtures: a migrated database per test on SQLite (always) and PostgreSQL (when
SALES_ASSISTANT_TEST_DATABASE_URL is set), the demo store's tables copied into it on request,
a network guard, and app/client builders."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from assistant.config import Settings
from assistant.db import Database, migrate, temporary_postgres_database
from assistant.demo import load_demo_tables
from assistant.domain import Base
from tests.table_snapshot import TableSnapshot

POSTGRES_URL_ENV = "SALES_ASSISTANT_TEST_DATABASE_URL"
BACKENDS = ["sqlite", "postgresql"]


# --- network guard ---------------------------------------------------------------------------


def _is_loopback(address: Any) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths and the like never leave the machine
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class NetworkAccessError(RuntimeError):
    """A test tried to reach a non-loopback address."""


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if not _is_loopback(address):
            raise NetworkAccessError(f"tests may not open network connections: {address!r}")
        return real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> Any:
        if not _is_loopback(address):
            raise NetworkAccessError(f"tests may not open network connections: {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)


# --- databases -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL database, migrated once, dropped at the end of the run."""
    base = os.environ.get(POSTGRES_URL_ENV)
    if not base:
        pytest.skip(f"PostgreSQL not configured: set {POSTGRES_URL_ENV} to run these")
    with temporary_postgres_database(base, f"sa_test_{uuid.uuid4().hex[:10]}") as url:
        migrate(url)
        yield url


@pytest.fixture(scope="session")
def _postgres_cleaner(
    postgres_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """One connection pool to the session's PostgreSQL database, to empty it between tests."""
    settings = Settings(
        database_url=postgres_url, data_dir=tmp_path_factory.mktemp("cleaner"), _env_file=None
    )
    cleaner = Database(settings)
    yield cleaner
    cleaner.dispose()


# Every sequence a test moved goes back to its start, as TRUNCATE ... RESTART IDENTITY would.
_RESTART_USED_SEQUENCES = text(
    "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false) "
    "FROM pg_sequences WHERE last_value IS NOT NULL"
)


def _empty_postgres(database: Database) -> None:
    """Delete every row, children before parents, and restart the sequences. On tables as small
    as a test leaves them, DELETE is several times cheaper than TRUNCATE, which makes and
    syncs new files for every table and index (about half of the PostgreSQL tests' time)."""
    with database.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        connection.execute(_RESTART_USED_SEQUENCES)


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[str]:
    """A migrated, empty database URL, once per backend."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    url: str = request.getfixturevalue("postgres_url")
    cleaner: Database = request.getfixturevalue("_postgres_cleaner")
    yield url
    _empty_postgres(cleaner)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings for one test: its own data directory and database."""
    return Settings(data_dir=tmp_path / "data", database_url=database_url, _env_file=None)


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    """The test's Database."""
    db = Database(settings)
    yield db
    db.dispose()


# --- the demo store --------------------------------------------------------------------------


def _demo_snapshot(settings: Settings) -> TableSnapshot:
    """Load the demo store's tables into the Settings' migrated, empty database and read them."""
    database = Database(settings)
    try:
        with database.transaction() as session:
            load_demo_tables(session)
        return TableSnapshot.take(database)
    finally:
        database.dispose()


@pytest.fixture(scope="session")
def _sqlite_demo_snapshot(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> TableSnapshot:
    folder = tmp_path_factory.mktemp("demo-snapshot")
    shutil.copy(sqlite_template, folder / "demo.db")
    url = f"sqlite:///{folder / 'demo.db'}"
    return _demo_snapshot(Settings(database_url=url, data_dir=folder / "data", _env_file=None))


@pytest.fixture(scope="session")
def _postgresql_demo_snapshot(tmp_path_factory: pytest.TempPathFactory) -> TableSnapshot:
    """Taken in a database of its own, so it never touches the one the tests share."""
    base = os.environ.get(POSTGRES_URL_ENV)
    if not base:
        pytest.skip(f"PostgreSQL not configured: set {POSTGRES_URL_ENV} to run these")
    with temporary_postgres_database(base, f"sa_demo_{uuid.uuid4().hex[:10]}") as url:
        migrate(url)
        folder = tmp_path_factory.mktemp("demo-snapshot")
        return _demo_snapshot(Settings(database_url=url, data_dir=folder, _env_file=None))


@pytest.fixture
def demo_tables(request: pytest.FixtureRequest, database: Database) -> Database:
    """The test's database holding the demo store's tables as `load_demo_tables` leaves them.

    They are loaded once per session and backend and copied into each test's empty database
    (a few hundred milliseconds instead of seconds), so a test may change them freely.
    """
    snapshot: TableSnapshot = request.getfixturevalue(
        f"_{database.engine.dialect.name}_demo_snapshot"
    )
    snapshot.restore(database)
    return database
