import json
import re
from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.db import Database
from assistant.demo import DEMO_STORE_ID, demo_files, load_demo_tables, read_json
from assistant.domain import (
    Base,
    Coupon,
    Customer,
    Order,
    PriceRule,
    Product,
    ProductRelation,
    Store,
    Variant,
)


def count_rows(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }


@pytest.fixture
def demo_database(database: Database) -> Database:
    with database.transaction() as session:
        load_demo_tables(session)
    return database


def test_demo_store_is_loaded_under_the_id_demo(demo_database: Database) -> None:
    with demo_database.session() as session:
        store = session.get(Store, DEMO_STORE_ID)
        assert store is not None
        assert store.currency == "USD"
        assert 0 < store.settings["handoff_threshold"] < 1


def test_demo_catalog_is_large_and_varied(demo_database: Database) -> None:
    with demo_database.session() as session:
        products = session.scalars(select(Product)).all()
        variants = session.scalars(select(Variant)).all()
        assert len(products) >= 120
        assert len(variants) > len(products)
        assert any(v.stock_on_hand == 0 for v in variants)
        assert any(1 <= v.stock_on_hand <= 3 for v in variants)
        option_names = {name for v in variants for name in v.options}
        assert {"size", "colour"} <= option_names
        assert len({p.category_id for p in products}) >= 20
        assert session.scalar(select(func.count()).select_from(ProductRelation))


def test_demo_pricing_has_a_quantity_break_a_current_promotion_and_a_coupon(
    demo_database: Database,
) -> None:
    with demo_database.session() as session:
        rules = session.scalars(select(PriceRule)).all()
        assert any(rule.kind == "quantity_break" and rule.min_quantity > 1 for rule in rules)
        assert any(rule.kind == "promotion" and rule.ends_at is not None for rule in rules)
        assert session.scalar(select(func.count()).select_from(Coupon))


def test_demo_customers_have_orders_in_every_state(demo_database: Database) -> None:
    with demo_database.session() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) >= 3
        statuses = set(session.scalars(select(Order.status)))
        assert statuses >= {"pending_payment", "paid", "shipped", "delivered", "cancelled"}
        shipped = session.scalars(select(Order).where(Order.status == "shipped")).all()
        assert all(order.tracking_number for order in shipped)
        assert all(order.total_minor > 0 for order in session.scalars(select(Order)))


def test_loading_the_demo_twice_duplicates_nothing(demo_database: Database) -> None:
    with demo_database.session() as session:
        before = count_rows(session)
    with demo_database.transaction() as session:
        result = load_demo_tables(session)
    with demo_database.session() as session:
        after = count_rows(session)
    assert not result.created_store
    assert result.catalog.products_added == 0
    assert after == before


def test_demo_documents_have_enough_faqs_and_concrete_policies() -> None:
    faqs = read_json("faq.json")
    assert len(faqs) >= 25
    assert len({faq["question"] for faq in faqs}) == len(faqs)
    policies = demo_files().joinpath("policies")
    for name in ["returns.md", "shipping.md", "warranty.md", "privacy.md"]:
        text = policies.joinpath(name).read_text(encoding="utf-8")
        assert re.search(r"\b\d+\s*(?:-|to)?\s*\d*\s*(?:business\s+)?days?\b", text), name
    assert "$" in policies.joinpath("shipping.md").read_text(encoding="utf-8")


def test_demo_catalog_file_is_consistent() -> None:
    catalog = json.loads(demo_files().joinpath("catalog.json").read_text(encoding="utf-8"))
    handles = Counter(product["id"] for product in catalog["products"])
    assert max(handles.values()) == 1
    for product in catalog["products"]:
        assert set(product["related"]) <= handles.keys()
