from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Cart, CartItem, Coupon, CouponRedemption, Order, Store, Variant
from assistant.errors import ConfigurationError, ConflictError
from tests.tools.conftest import NOW, DepsFactory, key
from tests.tools.helpers import failed, fill, ok, stock
from tools.cart import apply_coupon, view_cart
from tools.checkout import start_checkout
from tools.deps import ToolDeps
from tools.order_lifecycle import mark_paid, release_expired_reservations
from tools.payments import DemoPaymentProvider


def test_checkout_creates_an_order_awaiting_payment(deps: ToolDeps) -> None:
    fill(deps, ("BOOT-TRAIL-42", 2))
    order = ok(start_checkout(deps, idempotency_key=key()))
    assert order.status == "pending_payment"
    assert order.total.amount_minor == 20_000
    assert order.order_number.startswith("SA-")


def test_checkout_reserves_the_stock_of_every_line(deps: ToolDeps, database: Database) -> None:
    fill(deps, ("BOOT-TRAIL-42", 2), ("SOCK-WOOL-M", 3))
    ok(start_checkout(deps, idempotency_key=key()))
    assert stock(database, "BOOT-TRAIL-42") == (3, 2)
    assert stock(database, "SOCK-WOOL-M") == (50, 3)


def test_checkout_url_comes_from_the_configured_template(
    shop: str, new_deps: DepsFactory, settings: Settings
) -> None:
    custom = settings.model_copy(
        update={
            "public_base_url": "https://shop.example/",
            "checkout_url_template": "{base_url}/pay?order={order_number}&store={store_id}",
        }
    )
    deps = new_deps(shop, settings=custom)
    fill(deps, ("SOCK-WOOL-M", 1))
    order = ok(start_checkout(deps, idempotency_key=key()))
    assert order.checkout_url == f"https://shop.example/pay?order={order.order_number}&store=shop"


def test_a_stores_own_checkout_template_wins_and_carries_the_orders_token(
    deps: ToolDeps, database: Database
) -> None:
    with database.transaction() as session:
        store = session.get_one(Store, deps.store_id)
        store.settings = {
            **store.settings,
            "checkout_url_template": "https://pay.shop.example/{store_id}/{order_number}?t={token}",
        }
    fill(deps, ("SOCK-WOOL-M", 1))
    order = ok(start_checkout(deps, idempotency_key=key()))
    with database.session() as session:
        token = session.scalars(
            select(Order.checkout_token).where(Order.number == order.order_number)
        ).one()
    assert token is not None and len(token) == 32
    assert order.checkout_url == f"https://pay.shop.example/shop/{order.order_number}?t={token}"


def test_the_default_checkout_link_is_the_built_in_page_by_token(
    deps: ToolDeps, database: Database
) -> None:
    fill(deps, ("SOCK-WOOL-M", 1))
    order = ok(start_checkout(deps, idempotency_key=key()))
    with database.session() as session:
        token = session.scalars(
            select(Order.checkout_token).where(Order.number == order.order_number)
        ).one()
    assert order.checkout_url == f"http://127.0.0.1:8000/checkout/{token}"


def test_checkout_holds_stock_for_the_configured_time(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 1))
    order = ok(start_checkout(deps, idempotency_key=key()))
    assert order.reservation_expires_at == NOW + timedelta(seconds=deps.settings.reservation_ttl_s)


def test_checkout_records_priced_lines_and_the_first_history_step(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 3))
    order = ok(start_checkout(deps, idempotency_key=key()))
    line = order.lines[0]
    assert (line.unit_price.amount_minor, line.discount.amount_minor) == (1_000, 450)
    assert (line.line_total.amount_minor, line.applied_rules) == (2_550, ["SOCKS-3"])
    assert [step.status for step in order.history] == ["pending_payment"]


def test_checkout_closes_the_cart(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 1))
    ok(start_checkout(deps, idempotency_key=key()))
    assert view_cart(deps).lines == []


def test_checkout_of_an_empty_cart_is_refused(deps: ToolDeps) -> None:
    error = failed(start_checkout(deps, idempotency_key=key()))
    assert (error.code, "add_to_cart" in error.next_step) == ("empty_cart", True)


def test_a_failed_checkout_leaves_cart_and_stock_as_they_were(
    deps: ToolDeps, database: Database
) -> None:
    fill(deps, ("SOCK-WOOL-M", 2), ("BOOT-TRAIL-42", 3))
    with database.transaction() as session:  # someone else holds one boot meanwhile
        session.execute(
            update(Variant).where(Variant.sku == "BOOT-TRAIL-42").values(stock_reserved=1)
        )
    before = view_cart(deps)
    error = failed(start_checkout(deps, idempotency_key=key()))
    assert error.code == "out_of_stock"
    assert error.message == "Only 2 of BOOT-TRAIL-42 can ship now; the cart has 3."
    assert view_cart(deps) == before
    assert stock(database, "SOCK-WOOL-M") == (50, 0)
    assert stock(database, "BOOT-TRAIL-42") == (3, 1)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Order)) == 0


def test_checkout_redeems_the_coupon_once(deps: ToolDeps, database: Database) -> None:
    fill(deps, ("BOOT-TRAIL-42", 1))
    ok(apply_coupon(deps, "SAVE10", idempotency_key=key()))
    order = ok(start_checkout(deps, idempotency_key=key()))
    assert (order.coupon_code, order.discount.amount_minor) == ("SAVE10", 1_000)
    assert order.total.amount_minor == 9_000
    with database.session() as session:
        coupon = session.scalars(select(Coupon).where(Coupon.code == "SAVE10")).one()
        assert coupon.times_used == 1
        assert session.scalar(select(func.count()).select_from(CouponRedemption)) == 1


def test_a_coupon_used_up_at_checkout_time_fails_the_checkout_cleanly(
    deps: ToolDeps, database: Database
) -> None:
    fill(deps, ("SOCK-WOOL-M", 1))
    ok(apply_coupon(deps, "ONCE", idempotency_key=key()))
    with database.transaction() as session:  # another order takes the last use meanwhile
        session.execute(update(Coupon).where(Coupon.code == "ONCE").values(times_used=1))
    assert failed(start_checkout(deps, idempotency_key=key())).code == "coupon_exhausted"
    assert stock(database, "SOCK-WOOL-M") == (50, 0)
    with database.session() as session:
        assert session.scalar(select(Cart.status)) == "open"
        assert session.scalar(select(func.count()).select_from(CartItem)) == 1


def test_paying_moves_the_held_units_out_of_stock(deps: ToolDeps, database: Database) -> None:
    fill(deps, ("BOOT-TRAIL-42", 2))
    order = ok(start_checkout(deps, idempotency_key=key()))
    mark_paid(database, "shop", order.order_number, NOW)
    assert stock(database, "BOOT-TRAIL-42") == (1, 0)


def test_an_expired_hold_is_released_and_the_order_cancelled(
    deps: ToolDeps, database: Database
) -> None:
    fill(deps, ("BOOT-TRAIL-42", 2))
    ok(apply_coupon(deps, "FIVER", idempotency_key=key()))
    order = ok(start_checkout(deps, idempotency_key=key()))
    later = NOW + timedelta(seconds=deps.settings.reservation_ttl_s + 1)
    assert release_expired_reservations(database, later) == [order.order_number]
    assert stock(database, "BOOT-TRAIL-42") == (3, 0)
    with database.session() as session:
        assert session.scalar(select(Order.status)) == "cancelled"
        assert session.scalar(select(Coupon.times_used).where(Coupon.code == "FIVER")) == 0


def test_a_hold_is_kept_until_it_expires(deps: ToolDeps, database: Database) -> None:
    fill(deps, ("BOOT-TRAIL-42", 2))
    ok(start_checkout(deps, idempotency_key=key()))
    assert release_expired_reservations(database, NOW + timedelta(seconds=60)) == []
    assert stock(database, "BOOT-TRAIL-42") == (3, 2)


def test_payment_after_the_hold_expired_is_a_conflict(deps: ToolDeps, database: Database) -> None:
    fill(deps, ("SOCK-WOOL-M", 1))
    order = ok(start_checkout(deps, idempotency_key=key()))
    release_expired_reservations(database, NOW + timedelta(days=1))
    with pytest.raises(ConflictError):
        mark_paid(database, "shop", order.order_number, NOW + timedelta(days=1))


def test_a_checkout_template_with_an_unknown_placeholder_is_a_configuration_error(
    settings: Settings,
) -> None:
    bad = settings.model_copy(update={"checkout_url_template": "{base_url}/{order_id}"})
    with pytest.raises(ConfigurationError, match="order_id"):
        DemoPaymentProvider(bad)
