"""A small factory store for the tool tests, a fixed clock, and shopper sessions on demand."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from assistant.catalog.pricing import CouponIn, PriceRuleIn, PricingIn, apply_pricing
from assistant.catalog.schema import CatalogIn, CategoryIn, ProductIn, VariantIn
from assistant.catalog.upsert import apply_catalog
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Customer
from assistant.shopper_sessions import start_session
from tests.factories import make_store
from tools.deps import ToolDeps
from tools.services import ToolServices

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def variant(sku: str, price: str, stock: int, **options: str) -> VariantIn:
    return VariantIn(sku=sku, options=options, price=Decimal(price), stock=stock)


def product(
    handle: str, title: str, category: str, *variants: VariantIn, **fields: Any
) -> ProductIn:
    return ProductIn(id=handle, title=title, category=category, variants=list(variants), **fields)


SHOP_CATALOG = CatalogIn(
    categories=[
        CategoryIn(slug="footwear", name="Footwear"),
        CategoryIn(slug="boots", name="Hiking Boots", parent="footwear"),
        CategoryIn(slug="socks", name="Socks", parent="footwear"),
        CategoryIn(slug="jackets", name="Rain Jackets"),
    ],
    products=[
        product(
            "trail-boot",
            "Trail Boot",
            "boots",
            variant("BOOT-TRAIL-42", "100.00", 3, size="42", colour="Brown"),
            variant("BOOT-TRAIL-43", "100.00", 0, size="43", colour="Brown"),
            brand="Peak",
            description="A light waterproof leather boot for day hikes.",
            attributes={"waterproof": True, "weight_g": 520, "material": "leather"},
            tags=["hiking"],
            related=["wool-sock"],
        ),
        product(
            "summit-boot",
            "Summit Boot",
            "boots",
            variant("BOOT-SUMMIT-42", "150.00", 5, size="42", colour="Black"),
            variant("BOOT-SUMMIT-43", "150.00", 2, size="43", colour="Black"),
            brand="Peak",
            description="An insulated waterproof boot for cold trails.",
            attributes={"waterproof": True, "insulated": True, "weight_g": 640},
            tags=["hiking", "winter"],
        ),
        product(
            "city-shoe",
            "City Shoe",
            "footwear",
            variant("SHOE-CITY-42", "60.00", 10, size="42", colour="Forest Green"),
            description="A casual shoe for town.",
            attributes={"waterproof": False},
        ),
        product(
            "wool-sock",
            "Wool Hiking Sock",
            "socks",
            variant("SOCK-WOOL-M", "10.00", 50, size="M"),
            description="Merino socks that keep feet dry.",
            attributes={"material": "merino"},
        ),
        product(
            "rain-jacket",
            "Storm Rain Jacket",
            "jackets",
            variant("JACKET-STORM-M", "200.00", 4, size="M"),
            variant("JACKET-STORM-L", "200.00", 0, size="L"),
            description="A waterproof shell with taped seams.",
            attributes={"waterproof": True},
        ),
    ],
)

SHOP_PRICING = PricingIn(
    price_rules=[
        PriceRuleIn(
            code="SOCKS-3",
            name="3+ socks save 15%",
            kind="quantity_break",
            category="socks",
            min_quantity=3,
            percent_off=15,
        ),
        PriceRuleIn(
            code="RAIN-20",
            name="Rain sale 20% off",
            kind="promotion",
            category="jackets",
            percent_off=20,
            starts_at=datetime(2026, 6, 1, tzinfo=UTC),
            ends_at=datetime(2026, 6, 30, tzinfo=UTC),
        ),
        PriceRuleIn(
            code="OLD-50",
            name="Old sale 50% off",
            kind="promotion",
            category="jackets",
            percent_off=50,
            starts_at=datetime(2025, 1, 1, tzinfo=UTC),
            ends_at=datetime(2025, 2, 1, tzinfo=UTC),
        ),
    ],
    coupons=[
        CouponIn(code="SAVE10", percent_off=10, min_spend=Decimal("50"), per_customer_limit=1),
        CouponIn(code="FIVER", amount_off=Decimal("5")),
        CouponIn(code="BIGGIE", amount_off=Decimal("5000")),
        CouponIn(
            code="OLD",
            percent_off=30,
            starts_at=datetime(2025, 1, 1, tzinfo=UTC),
            ends_at=datetime(2025, 12, 31, tzinfo=UTC),
        ),
        CouponIn(code="SOON", percent_off=30, starts_at=datetime(2027, 1, 1, tzinfo=UTC)),
        CouponIn(code="ONCE", percent_off=10, usage_limit=1),
        CouponIn(code="STAFF", percent_off=40, listed=False),
    ],
)


def build_shop(database: Database, store_id: str = "shop") -> None:
    with database.transaction() as session:
        make_store(session, store_id)
        apply_catalog(session, store_id, SHOP_CATALOG)
        apply_pricing(session, store_id, SHOP_PRICING)


def add_customer(database: Database, store_id: str, external_id: str) -> int:
    with database.transaction() as session:
        customer = Customer(store_id=store_id, external_id=external_id)
        session.add(customer)
        session.flush()
        return customer.id


def key() -> str:
    return uuid.uuid4().hex


DepsFactory = Callable[..., ToolDeps]


@pytest.fixture
def shop(database: Database) -> str:
    build_shop(database)
    return "shop"


@pytest.fixture
def new_deps(database: Database, settings: Settings) -> DepsFactory:
    """A new shopper session in a store, as the tools see it."""

    def factory(
        store_id: str = "shop", *, customer_id: int | None = None, now: datetime = NOW, **kw: Any
    ) -> ToolDeps:
        with database.transaction() as session:
            issued = start_session(session, settings, store_id, now=now)
        services = ToolServices.build(kw.pop("settings", settings), database, now=lambda: now, **kw)
        return services.for_shopper(store_id, issued.identity.session_id, customer_id=customer_id)

    return factory


@pytest.fixture
def deps(shop: str, new_deps: DepsFactory) -> ToolDeps:
    return new_deps(shop)
