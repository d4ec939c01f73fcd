from datetime import timedelta

import pytest

from assistant.db import Database
from assistant.domain import ShopperSession
from assistant.domain.base import utcnow
from tests.factories import make_store


@pytest.fixture
def shopper(database: Database) -> str:
    """A shopper session in a fresh store `shop`."""
    with database.transaction() as session:
        make_store(session, "shop")
        row = ShopperSession(store_id="shop", expires_at=utcnow() + timedelta(hours=1))
        session.add(row)
        session.flush()
        return row.id
