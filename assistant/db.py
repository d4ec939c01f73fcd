"""Engine, sessions and migrations, the same code on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from assistant.analytics.changes import watch_analytics_changes
from assistant.config import Settings
from assistant.errors import SalesAssistantError

MIGRATIONS_LOCATION = "assistant:migrations"
# Execution option marking connections that only read (see `make_engine`).
READ_ONLY_OPTION = "sales_assistant_read_only"
SQLITE_BUSY_TIMEOUT_S = 30
_HOLDS_WRITER_LOCK = "sales_assistant_holds_writer_lock"
_WROTE = "sales_assistant_wrote"
# One lock per SQLite file, shared by every engine of the process on that file.
_WRITER_LOCKS: dict[str, threading.Lock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine tuned for the backend.

    SQLite gets WAL, foreign keys, a busy timeout and `BEGIN IMMEDIATE` transactions, so
    concurrent writers queue on the database lock instead of failing halfway through. A
    connection whose execution options set `READ_ONLY_OPTION` begins deferred instead: in WAL
    mode a reader takes no lock, so it neither waits for writers nor holds them up. Writers of
    one process also queue on an in-process lock per database file: SQLite's busy handler
    polls with sleeps of up to 100 ms, while the lock hands over as soon as a writer is done.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S},
            **kwargs,
        )
        _configure_sqlite(engine, _writer_lock(database))
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _writer_lock(database: str | None) -> threading.Lock:
    if not database or database == ":memory:":
        return threading.Lock()  # every in-memory database is a database of its own
    with _WRITER_LOCKS_GUARD:
        return _WRITER_LOCKS.setdefault(str(Path(database).resolve()), threading.Lock())


def _configure_sqlite(engine: Engine, writers: threading.Lock) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A deferred transaction that reads and then writes fails at once (SQLITE_BUSY) when a
        # writer committed in between, so everything that may write takes the lock up front.
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN DEFERRED")
            return
        # Past the busy timeout, SQLite's own lock still keeps writers apart.
        if writers.acquire(timeout=SQLITE_BUSY_TIMEOUT_S):
            connection.info[_HOLDS_WRITER_LOCK] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(connection.info)
            raise

    # Released as the transaction ends (commit, rollback, or a connection returned with one
    # still open), whichever thread ends it.
    @event.listens_for(engine, "commit")
    def _on_commit(connection: Any) -> None:
        _release(connection.info)

    @event.listens_for(engine, "rollback")
    def _on_rollback(connection: Any) -> None:
        _release(connection.info)

    @event.listens_for(engine.pool, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            _release(record.info)

    def _release(info: dict[Any, Any]) -> None:
        if info.pop(_HOLDS_WRITER_LOCK, False):
            writers.release()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit; their writes mark the analytics
    days they change."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    watch_analytics_changes(factory)
    return factory


def make_read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reading: deferred on SQLite, sharing the engine's connection pool.

    Committing a change through one fails: on SQLite a deferred transaction that read and then
    writes cannot wait for the lock, so writes go through `Database.transaction()`. Changes
    that are never committed (discarded at close) are allowed.
    """
    factory = sessionmaker(
        bind=engine.execution_options(**{READ_ONLY_OPTION: True}), expire_on_commit=False
    )

    @event.listens_for(factory, "after_flush")
    def _wrote(session: Session, _context: Any) -> None:
        session.info[_WROTE] = True

    @event.listens_for(factory, "after_rollback")
    def _discarded(session: Session) -> None:
        session.info.pop(_WROTE, None)

    @event.listens_for(factory, "before_commit")
    def _refuse_writes(session: Session) -> None:
        if session.info.get(_WROTE) or session.new or session.dirty or session.deleted:
            raise SalesAssistantError("a read session cannot commit writes; use transaction()")

    return factory


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session


def alembic_config(url: str) -> Config:
    """Alembic configuration pointing at the migrations shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS_LOCATION)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str) -> None:
    """Bring the schema to the newest revision; existing data is kept."""
    command.upgrade(alembic_config(url), "head")


@contextmanager
def temporary_postgres_database(server_url: str, name: str) -> Iterator[str]:
    """A new, empty PostgreSQL database `name` on the server of `server_url` (tests and
    benchmarks); its URL. It is dropped on leaving, connections still open or not."""
    _run_on_server(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        drop_postgres_database(server_url, name)


def drop_postgres_database(server_url: str, name: str) -> None:
    """Drop the database `name` if it exists, ending the sessions still connected to it."""
    _run_on_server(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run_on_server(server_url: str, statement: str) -> None:
    engine = make_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def schema_is_current(engine: Engine) -> bool:
    """True when the database has been migrated at least once."""
    return inspect(engine).has_table("alembic_version")


class Database:
    """The engine and session factory of one process, built from Settings."""

    def __init__(self, settings: Settings) -> None:
        self.url = settings.resolved_database_url
        self.engine = make_engine(self.url)
        self.sessions = make_session_factory(self.engine)
        self.read_sessions = make_read_session_factory(self.engine)

    def session(self) -> Session:
        """A new session for reading; use as a context manager.

        On SQLite it takes no write lock, so reads run alongside writers (and inside another
        session's open transaction) without waiting. Write through `transaction()`.
        """
        return self.read_sessions()

    def transaction(self) -> Any:
        """A session inside a transaction that may write, committed on success."""
        return transaction(self.sessions)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
