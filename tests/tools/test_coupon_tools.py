from dataclasses import replace
from datetime import UTC, datetime

from assistant.db import Database
from tests.tools.conftest import DepsFactory, add_customer, key
from tests.tools.helpers import failed, fill, ok
from tools.cart import apply_coupon, remove_coupon, update_cart_item, view_cart
from tools.checkout import start_checkout
from tools.deps import ToolDeps


def test_a_valid_coupon_takes_its_percentage_off_the_subtotal(deps: ToolDeps) -> None:
    fill(deps, ("BOOT-TRAIL-42", 1))
    view = ok(apply_coupon(deps, "SAVE10", idempotency_key=key()))
    assert view.coupon is not None and view.coupon.applied
    assert (view.discount.amount_minor, view.total.amount_minor) == (1_000, 9_000)


def test_coupon_codes_ignore_case(deps: ToolDeps) -> None:
    fill(deps, ("BOOT-TRAIL-42", 1))
    view = ok(apply_coupon(deps, "save10", idempotency_key=key()))
    assert view.coupon is not None and view.coupon.code == "SAVE10"


def test_an_expired_coupon_is_refused(deps: ToolDeps) -> None:
    fill(deps, ("BOOT-TRAIL-42", 1))
    assert failed(apply_coupon(deps, "OLD", idempotency_key=key())).code == "coupon_expired"


def test_a_coupon_before_its_start_is_refused(deps: ToolDeps) -> None:
    fill(deps, ("BOOT-TRAIL-42", 1))
    assert failed(apply_coupon(deps, "SOON", idempotency_key=key())).code == ("coupon_not_started")


def test_a_coupon_below_its_minimum_spend_says_how_much_more(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 2))
    error = failed(apply_coupon(deps, "SAVE10", idempotency_key=key()))
    assert error.code == "coupon_min_spend"
    assert error.next_step == "Adding $30.00 more would unlock it."


def test_an_unknown_coupon_is_refused(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 1))
    assert failed(apply_coupon(deps, "FREESTUFF", idempotency_key=key())).code == ("unknown_coupon")


def test_a_coupon_on_an_empty_cart_is_refused(deps: ToolDeps) -> None:
    assert failed(apply_coupon(deps, "FIVER", idempotency_key=key())).code == "empty_cart"


def test_a_fixed_coupon_never_takes_the_total_below_zero(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 1))
    view = ok(apply_coupon(deps, "BIGGIE", idempotency_key=key()))
    assert (view.discount.amount_minor, view.total.amount_minor) == (1_000, 0)


def test_a_used_up_coupon_is_refused(shop: str, new_deps: DepsFactory) -> None:
    first = new_deps(shop)
    fill(first, ("SOCK-WOOL-M", 1))
    ok(apply_coupon(first, "ONCE", idempotency_key=key()))
    ok(start_checkout(first, idempotency_key=key()))
    second = new_deps(shop)
    fill(second, ("SOCK-WOOL-M", 1))
    assert failed(apply_coupon(second, "ONCE", idempotency_key=key())).code == ("coupon_exhausted")


def test_the_per_customer_limit_counts_the_customers_earlier_orders(
    shop: str, new_deps: DepsFactory, database: Database
) -> None:
    customer = add_customer(database, shop, "c-1")
    first = new_deps(shop, customer_id=customer)
    fill(first, ("BOOT-TRAIL-42", 1))
    ok(apply_coupon(first, "SAVE10", idempotency_key=key()))
    ok(start_checkout(first, idempotency_key=key()))
    later = new_deps(shop, customer_id=customer)
    fill(later, ("BOOT-TRAIL-42", 1))
    assert failed(apply_coupon(later, "SAVE10", idempotency_key=key())).code == (
        "coupon_customer_limit"
    )


def test_another_customer_may_still_use_a_once_per_customer_coupon(
    shop: str, new_deps: DepsFactory, database: Database
) -> None:
    first = new_deps(shop, customer_id=add_customer(database, shop, "c-1"))
    fill(first, ("BOOT-TRAIL-42", 1))
    ok(apply_coupon(first, "SAVE10", idempotency_key=key()))
    ok(start_checkout(first, idempotency_key=key()))
    other = new_deps(shop, customer_id=add_customer(database, shop, "c-2"))
    fill(other, ("BOOT-TRAIL-42", 1))
    assert ok(apply_coupon(other, "SAVE10", idempotency_key=key())).discount.amount_minor == 1_000


def test_a_coupon_that_stops_applying_is_flagged_in_the_cart(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 6))
    ok(apply_coupon(deps, "SAVE10", idempotency_key=key()))
    view = ok(update_cart_item(deps, "SOCK-WOOL-M", 1, idempotency_key=key()))
    assert view.coupon is not None and not view.coupon.applied
    assert view.total.amount_minor == view.subtotal.amount_minor == 1_000
    assert any("SAVE10" in note for note in view.notes)


def test_checkout_refuses_a_coupon_that_no_longer_applies(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 6))
    ok(apply_coupon(deps, "SAVE10", idempotency_key=key()))
    ok(update_cart_item(deps, "SOCK-WOOL-M", 1, idempotency_key=key()))
    error = failed(start_checkout(deps, idempotency_key=key()))
    assert error.code == "coupon_min_spend"
    assert "remove_coupon" in error.next_step


def test_removing_the_coupon_restores_the_regular_total(deps: ToolDeps) -> None:
    fill(deps, ("BOOT-TRAIL-42", 1))
    ok(apply_coupon(deps, "SAVE10", idempotency_key=key()))
    view = ok(remove_coupon(deps, idempotency_key=key()))
    assert (view.coupon, view.total.amount_minor) == (None, 10_000)


def test_a_coupon_expiring_after_it_was_applied_stops_counting(
    shop: str, new_deps: DepsFactory
) -> None:
    applied = new_deps(shop, now=datetime(2025, 6, 1, tzinfo=UTC))
    fill(applied, ("BOOT-TRAIL-42", 1))
    ok(apply_coupon(applied, "OLD", idempotency_key=key()))
    later = replace(applied, now=lambda: datetime(2026, 1, 2, tzinfo=UTC))
    view = view_cart(later)
    assert view.coupon is not None and view.coupon.problem == "Coupon OLD expired on 2025-12-31."
    assert view.discount.amount_minor == 0
