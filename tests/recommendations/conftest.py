from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from assistant.config import Settings
from assistant.db import Database
from assistant.demo import DEMO_STORE_ID
from assistant.domain import Customer
from assistant.shopper_sessions import start_session
from tools.deps import ToolDeps
from tools.services import ToolServices

DEMO_NOW = datetime(2026, 10, 1, tzinfo=UTC)
# A shopper of the demo store: an external customer id, or None for an anonymous one.
ShopperFactory = Callable[[str | None], ToolDeps]


def customer_id(database: Database, external_id: str) -> int:
    with database.session() as session:
        return session.scalars(
            select(Customer.id).where(
                Customer.store_id == DEMO_STORE_ID, Customer.external_id == external_id
            )
        ).one()


@pytest.fixture
def shopper(demo_tables: Database, settings: Settings) -> ShopperFactory:
    database = demo_tables
    services = ToolServices.build(settings, database, now=lambda: DEMO_NOW)

    def factory(external_id: str | None) -> ToolDeps:
        with database.transaction() as session:
            issued = start_session(session, settings, DEMO_STORE_ID, now=DEMO_NOW)
        known = customer_id(database, external_id) if external_id else None
        return services.for_shopper(DEMO_STORE_ID, issued.identity.session_id, customer_id=known)

    return factory
