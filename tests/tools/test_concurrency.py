"""Many shoppers at once: no overselling, and replays in parallel have exactly one effect."""

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import func, select, update

from assistant.db import Database
from assistant.domain import Coupon, IdempotencyRecord, Order, Variant
from tests.tools.conftest import DepsFactory, key
from tests.tools.helpers import fill, ok, stock
from tools.cart import add_to_cart, apply_coupon, view_cart
from tools.checkout import start_checkout
from tools.deps import ToolDeps
from tools.order_views import OrderView
from tools.results import ToolError

T = TypeVar("T")
SHOPPERS = 50
UNITS = 4


def all_at_once(calls: list[Callable[[], T]]) -> list[T]:
    """Run every call in its own thread, released together."""
    barrier = threading.Barrier(len(calls), timeout=60)

    def run(call: Callable[[], T]) -> T:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def limit_stock(database: Database, sku: str, units: int) -> None:
    with database.transaction() as session:
        session.execute(update(Variant).where(Variant.sku == sku).values(stock_on_hand=units))


def order_count(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Order)) or 0


def test_fifty_concurrent_checkouts_sell_exactly_the_units_in_stock(
    shop: str, new_deps: DepsFactory, database: Database
) -> None:
    shoppers = [new_deps(shop) for _ in range(SHOPPERS)]
    for shopper in shoppers:
        fill(shopper, ("BOOT-SUMMIT-43", 1))
    limit_stock(database, "BOOT-SUMMIT-43", UNITS)

    results = all_at_once(
        [lambda s=shopper: start_checkout(s, idempotency_key=key()) for shopper in shoppers]
    )

    outcomes = Counter(
        "ordered" if isinstance(result, OrderView) else result.code for result in results
    )
    assert outcomes == {"ordered": UNITS, "out_of_stock": SHOPPERS - UNITS}
    assert order_count(database) == UNITS
    assert stock(database, "BOOT-SUMMIT-43") == (UNITS, UNITS)


def test_shoppers_who_lost_the_race_keep_their_carts(
    shop: str, new_deps: DepsFactory, database: Database
) -> None:
    shoppers = [new_deps(shop) for _ in range(10)]
    for shopper in shoppers:
        fill(shopper, ("BOOT-SUMMIT-43", 1))
    limit_stock(database, "BOOT-SUMMIT-43", 1)
    results = all_at_once(
        [lambda s=shopper: start_checkout(s, idempotency_key=key()) for shopper in shoppers]
    )
    losers = [s for s, r in zip(shoppers, results, strict=True) if isinstance(r, ToolError)]
    assert len(losers) == 9
    assert all(view_cart(s).item_count == 1 for s in losers)


def test_a_limited_coupon_is_never_redeemed_past_its_limit(
    shop: str, new_deps: DepsFactory, database: Database
) -> None:
    shoppers = [new_deps(shop) for _ in range(10)]
    for shopper in shoppers:
        fill(shopper, ("SOCK-WOOL-M", 1))
        ok(apply_coupon(shopper, "ONCE", idempotency_key=key()))
    results = all_at_once(
        [lambda s=shopper: start_checkout(s, idempotency_key=key()) for shopper in shoppers]
    )
    assert sum(isinstance(result, OrderView) for result in results) == 1
    assert stock(database, "SOCK-WOOL-M") == (50, 1)
    with database.session() as session:
        assert session.scalar(select(Coupon.times_used).where(Coupon.code == "ONCE")) == 1


def test_parallel_replays_of_an_add_change_the_cart_once(
    deps: ToolDeps, database: Database
) -> None:
    results = all_at_once(
        [lambda: add_to_cart(deps, "SOCK-WOOL-M", 1, idempotency_key="same")] * 20
    )
    assert all(result == results[0] for result in results)
    assert view_cart(deps).lines[0].quantity == 1
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 1


def test_parallel_replays_of_a_checkout_create_one_order(
    deps: ToolDeps, database: Database
) -> None:
    fill(deps, ("BOOT-TRAIL-42", 2))
    results = all_at_once([lambda: start_checkout(deps, idempotency_key="pay-once")] * 20)
    numbers = {ok(result).order_number for result in results}
    assert len(numbers) == 1
    assert order_count(database) == 1
    assert stock(database, "BOOT-TRAIL-42") == (3, 2)


def test_parallel_adds_with_different_keys_all_count(deps: ToolDeps) -> None:
    all_at_once([lambda: add_to_cart(deps, "SOCK-WOOL-M", 1, idempotency_key=key())] * 10)
    assert view_cart(deps).lines[0].quantity == 10
