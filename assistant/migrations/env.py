"""Alembic environment: runs the package's migrations against the configured URL."""

from __future__ import annotations

from alembic import context

from assistant.db import make_engine
from assistant.domain import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = make_engine(url)
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # A batch migration rebuilds a table (copy, drop, rename). With foreign keys
            # enforced, dropping the old table would cascade: deleting every row that
            # points at it (all conversations when shopper_sessions is rebuilt). The pragma
            # only takes effect outside a transaction, so it is set before the migration's.
            raw = connection.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
