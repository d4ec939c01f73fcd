from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from assistant.db import Database, migrate
from assistant.domain import Base, Store
from tests.factories import make_store


def test_migrations_produce_exactly_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_migrating_an_existing_database_keeps_its_data(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, "keeper")
    migrate(database.url)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Store)) == 1
