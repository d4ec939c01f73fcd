# ruff: noqa: F811  (pytest fixtures shared from the tool and API tests are parameters here)
"""A shop with cart recovery on, a webhook URL, shoppers who fill carts, and a job to run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Cart, Customer, RecoveryMessage, Store, WebhookDelivery
from assistant.recovery.consent import record_consent
from assistant.recovery.sweep import SweepReport, run_cart_recovery
from tests.api import conftest as api_fixtures
from tests.tools import conftest as tool_fixtures
from tests.tools.conftest import NOW, DepsFactory, add_customer, new_deps, shop
from tests.tools.helpers import fill
from tools.deps import ToolDeps
from tools.services import ToolServices

HOUR = timedelta(hours=1)
# The default ladder: a reminder at once, 5% after a day, 10% after three days.
LADDER = [
    {"after_hours": 0, "percent": 0},
    {"after_hours": 24, "percent": 5},
    {"after_hours": 72, "percent": 10},
]


def configure(database: Database, store_id: str = "shop", **recovery: Any) -> None:
    """Turn recovery on (and set a webhook URL and secret) with these overrides."""
    with database.transaction() as session:
        store = session.get_one(Store, store_id)
        settings = dict(store.settings or {})
        settings["webhook_url"] = "https://hooks.shop.example/in"
        settings["webhook_secret"] = "whsec_test"
        settings["cart_recovery"] = {
            "enabled": True,
            "abandoned_after_minutes": 60,
            "ladder": LADDER,
            **settings.get("cart_recovery", {}),
            **recovery,
        }
        store.settings = settings


def set_cap(database: Database, percent: int, store_id: str = "shop") -> None:
    with database.transaction() as session:
        store = session.get_one(Store, store_id)
        store.settings = {**(store.settings or {}), "discount_cap_percent": percent}


def consent(database: Database, customer_id: int, granted: bool = True, at: datetime = NOW) -> None:
    with database.transaction() as session:
        customer = session.get_one(Customer, customer_id)
        record_consent(session, customer, granted=granted, source="merchant", at=at)


def messages(database: Database, channel: str | None = None) -> list[RecoveryMessage]:
    with database.session() as session:
        query = select(RecoveryMessage).order_by(RecoveryMessage.id)
        if channel:
            query = query.where(RecoveryMessage.channel == channel)
        return list(session.scalars(query))


def deliveries(database: Database) -> list[WebhookDelivery]:
    with database.session() as session:
        return list(
            session.scalars(
                select(WebhookDelivery)
                .where(WebhookDelivery.event == "cart.abandoned")
                .order_by(WebhookDelivery.id)
            )
        )


def cart_of(database: Database, deps: ToolDeps) -> Cart:
    with database.session() as session:
        return session.scalars(select(Cart).where(Cart.session_id == deps.session_id)).one()


@dataclass
class Shop:
    """The factory shop with recovery on; shoppers and the job at any time."""

    database: Database
    settings: Settings
    new_deps: DepsFactory

    def shopper(self, *, customer: str | None = None, consented: bool = False) -> ToolDeps:
        customer_id = add_customer(self.database, "shop", customer) if customer else None
        if customer_id is not None and consented:
            consent(self.database, customer_id)
        return self.new_deps("shop", customer_id=customer_id)

    def leave_cart(self, deps: ToolDeps, *items: tuple[str, int]) -> Cart:
        fill(deps, *(items or (("BOOT-TRAIL-42", 1),)))
        return cart_of(self.database, deps)

    def tools(self, now: datetime) -> ToolServices:
        return ToolServices.build(self.settings, self.database, now=lambda: now)

    def run(self, after: timedelta) -> SweepReport:
        """Run the job `after` the carts were filled (at NOW)."""
        return run_cart_recovery(self.tools(NOW + after), now=NOW + after)


@pytest.fixture
def recovery_shop(shop: str, database: Database, settings: Settings, new_deps: DepsFactory) -> Shop:
    configure(database)
    return Shop(database, settings, new_deps)


RunAt = Callable[[timedelta], SweepReport]


# Fixtures of the tool and API tests, shared here.
shop = tool_fixtures.shop
new_deps = tool_fixtures.new_deps
model = api_fixtures.model
stores = api_fixtures.stores
app = api_fixtures.app
client = api_fixtures.client
