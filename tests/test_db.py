"""Sessions: readers never queue behind writers, and read sessions never commit writes."""

import pytest
from sqlalchemy import select

from assistant.db import Database
from assistant.domain import Store
from assistant.errors import SalesAssistantError
from tests.factories import make_store


def store_names(database: Database) -> list[str]:
    with database.session() as session:
        return list(session.scalars(select(Store.name).order_by(Store.id)))


def test_a_read_inside_an_open_write_sees_the_last_commit_without_waiting(
    database: Database,
) -> None:
    with database.transaction() as session:
        make_store(session, "shop", name="Before")
    with database.transaction() as session:
        store = session.get(Store, "shop")
        assert store is not None
        store.name = "After"
        session.flush()  # the writer now holds the database's write lock
        # A nested read that took the lock too would wait out the busy timeout, then fail.
        assert store_names(database) == ["Before"]
    assert store_names(database) == ["After"]


def test_a_read_session_refuses_to_commit_a_write(database: Database) -> None:
    with database.session() as session:
        make_store(session, "shop")
        with pytest.raises(SalesAssistantError, match="read session"):
            session.commit()
    assert store_names(database) == []


def test_a_read_session_may_change_objects_it_then_discards(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, "shop", name="Kept")
    with database.session() as session:
        store = session.get(Store, "shop")
        assert store is not None
        store.name = "Discarded"
        assert list(session.scalars(select(Store.name))) == ["Discarded"]
    assert store_names(database) == ["Kept"]
