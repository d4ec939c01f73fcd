from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from assistant.catalog.customers import CustomersIn, apply_customers
from assistant.db import Database
from assistant.domain import Customer, Order
from tests.tools.conftest import DepsFactory, build_shop, key
from tests.tools.helpers import failed, fill, ok
from tools.checkout import start_checkout
from tools.deps import ToolDeps
from tools.orders import get_order_status


def import_customers(database: Database, store_id: str) -> dict[str, int]:
    data = CustomersIn.model_validate(
        {
            "customers": [
                {
                    "external_id": "ann",
                    "orders": [
                        {
                            "number": "TO-1",
                            "placed_at": "2026-05-01T10:00:00Z",
                            "status": "shipped",
                            "lines": [{"sku": "BOOT-TRAIL-42", "quantity": 1}],
                            "history": [
                                {"status": "paid", "at": "2026-05-01T10:00:00Z"},
                                {"status": "shipped", "at": "2026-05-02T09:00:00Z"},
                            ],
                            "tracking": {"carrier": "UPS", "number": "1Z999", "url": None},
                        },
                        {
                            "number": "TO-2",
                            "placed_at": "2026-05-20T10:00:00Z",
                            "status": "paid",
                            "lines": [{"sku": "SOCK-WOOL-M", "quantity": 2}],
                        },
                    ],
                },
                {"external_id": "bob", "orders": []},
            ]
        }
    )
    with database.transaction() as session:
        apply_customers(session, store_id, data)
        rows = session.scalars(select(Customer).where(Customer.store_id == store_id))
        return {row.external_id: row.id for row in rows}


@pytest.fixture
def customers(shop: str, database: Database) -> dict[str, int]:
    return import_customers(database, shop)


def test_order_status_needs_an_identified_customer(deps: ToolDeps, customers: object) -> None:
    error = failed(get_order_status(deps, "TO-1"))
    assert (error.code, "sign in" in error.next_step) == ("customer_not_identified", True)


def test_order_status_returns_status_history_and_tracking(
    shop: str, new_deps: DepsFactory, customers: dict[str, int]
) -> None:
    order = ok(get_order_status(new_deps(shop, customer_id=customers["ann"]), "TO-1")).orders[0]
    assert order.status == "shipped"
    assert [step.status for step in order.history] == ["paid", "shipped"]
    assert order.tracking is not None and order.tracking.number == "1Z999"
    assert order.checkout_url is None


def test_order_numbers_match_ignoring_case_and_a_leading_hash(
    shop: str, new_deps: DepsFactory, customers: dict[str, int]
) -> None:
    lookup = ok(get_order_status(new_deps(shop, customer_id=customers["ann"]), "#to-1"))
    assert lookup.orders[0].order_number == "TO-1"


def test_another_customers_order_is_not_found(
    shop: str, new_deps: DepsFactory, customers: dict[str, int]
) -> None:
    error = failed(get_order_status(new_deps(shop, customer_id=customers["bob"]), "TO-1"))
    missing = failed(get_order_status(new_deps(shop, customer_id=customers["bob"]), "TO-404"))
    assert error.code == missing.code == "order_not_found"


def test_an_order_of_another_store_is_not_found(
    database: Database, new_deps: DepsFactory, customers: dict[str, int]
) -> None:
    build_shop(database, "other")
    other_ann = import_customers(database, "other")["ann"]
    with database.transaction() as session:
        session.execute(
            update(Order)
            .where(Order.store_id == "other", Order.number == "TO-1")
            .values(number="X-9")
        )
    assert failed(get_order_status(new_deps("shop", customer_id=customers["ann"]), "X-9")).code == (
        "order_not_found"
    )
    assert ok(get_order_status(new_deps("other", customer_id=other_ann), "X-9")).orders


def test_without_a_number_the_recent_orders_are_listed_newest_first(
    shop: str, new_deps: DepsFactory, customers: dict[str, int]
) -> None:
    lookup = ok(get_order_status(new_deps(shop, customer_id=customers["ann"])))
    assert [order.order_number for order in lookup.orders] == ["TO-2", "TO-1"]


def test_an_order_awaiting_payment_shows_where_to_pay(
    shop: str, new_deps: DepsFactory, customers: dict[str, int]
) -> None:
    deps = new_deps(shop, customer_id=customers["bob"], now=datetime(2026, 6, 1, tzinfo=UTC))
    fill(deps, ("SOCK-WOOL-M", 1))
    placed = ok(start_checkout(deps, idempotency_key=key()))
    shown = ok(get_order_status(deps, placed.order_number)).orders[0]
    assert shown.checkout_url == placed.checkout_url
    assert shown.status == "pending_payment"
