import pytest

from assistant.db import Database
from tests.factories import make_shopper_session, make_store


@pytest.fixture
def shopper(database: Database) -> str:
    """A shopper session in a fresh store `shop`."""
    with database.transaction() as session:
        make_store(session, "shop")
        return make_shopper_session(session, "shop")
