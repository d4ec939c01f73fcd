from dataclasses import replace

from assistant.config import Settings
from tests.tools.conftest import DepsFactory, build_shop, key
from tests.tools.helpers import failed, fill, ok
from tools.cart import add_to_cart, remove_from_cart, update_cart_item, view_cart
from tools.deps import ToolDeps


def test_first_add_creates_the_cart_and_prices_it(deps: ToolDeps) -> None:
    view = ok(add_to_cart(deps, "BOOT-TRAIL-42", 2, idempotency_key=key()))
    assert view.cart_id is not None
    assert [(line.sku, line.quantity) for line in view.lines] == [("BOOT-TRAIL-42", 2)]
    assert view.total.amount_minor == 20_000


def test_adding_the_same_sku_again_adds_to_its_line(deps: ToolDeps) -> None:
    view = fill(deps, ("SOCK-WOOL-M", 1), ("SOCK-WOOL-M", 2))
    assert [(line.sku, line.quantity) for line in view.lines] == [("SOCK-WOOL-M", 3)]


def test_a_quantity_break_prices_the_cart_line(deps: ToolDeps) -> None:
    view = fill(deps, ("SOCK-WOOL-M", 3))
    line = view.lines[0]
    assert line.applied_rule is not None and line.applied_rule.code == "SOCKS-3"
    assert (line.subtotal.amount_minor, line.line_total.amount_minor) == (3_000, 2_550)


def test_totals_equal_the_sum_of_priced_lines(deps: ToolDeps) -> None:
    view = fill(deps, ("SOCK-WOOL-M", 3), ("JACKET-STORM-M", 1), ("BOOT-TRAIL-42", 1))
    assert view.subtotal.amount_minor == sum(line.line_total.amount_minor for line in view.lines)
    assert view.subtotal.amount_minor == 2_550 + 16_000 + 10_000
    assert view.total.amount_minor == view.subtotal.amount_minor - view.discount.amount_minor


def test_add_refuses_more_than_can_ship_and_offers_alternatives(deps: ToolDeps) -> None:
    error = failed(add_to_cart(deps, "BOOT-TRAIL-42", 4, idempotency_key=key()))
    assert error.code == "out_of_stock"
    assert error.message == "Only 3 of BOOT-TRAIL-42 can ship now."
    assert [a.sku for a in error.alternatives] == ["BOOT-SUMMIT-42"]


def test_add_of_a_sold_out_variant_is_refused(deps: ToolDeps) -> None:
    assert failed(add_to_cart(deps, "BOOT-TRAIL-43", 1, idempotency_key=key())).code == (
        "out_of_stock"
    )


def test_add_counts_units_already_in_the_cart_against_stock(deps: ToolDeps) -> None:
    fill(deps, ("BOOT-TRAIL-42", 2))
    assert failed(add_to_cart(deps, "BOOT-TRAIL-42", 2, idempotency_key=key())).code == (
        "out_of_stock"
    )


def test_add_refuses_a_quantity_over_the_line_limit(deps: ToolDeps) -> None:
    error = failed(add_to_cart(deps, "SOCK-WOOL-M", 11, idempotency_key=key()))
    assert error.code == "quantity_over_limit"


def test_the_line_limit_counts_what_is_already_in_the_cart(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 8))
    error = failed(add_to_cart(deps, "SOCK-WOOL-M", 3, idempotency_key=key()))
    assert error.code == "quantity_over_limit"
    assert "already has 8" in error.message


def test_add_refuses_zero_units(deps: ToolDeps) -> None:
    assert failed(add_to_cart(deps, "SOCK-WOOL-M", 0, idempotency_key=key())).code == (
        "invalid_quantity"
    )


def test_add_of_an_unknown_sku_points_to_search(deps: ToolDeps) -> None:
    error = failed(add_to_cart(deps, "NOPE-1", 1, idempotency_key=key()))
    assert (error.code, "search_products" in error.next_step) == ("unknown_sku", True)


def test_the_cart_refuses_a_line_beyond_its_size_limit(
    shop: str, new_deps: DepsFactory, settings: Settings
) -> None:
    small = new_deps(shop, settings=settings.model_copy(update={"max_cart_lines": 2}))
    fill(small, ("SOCK-WOOL-M", 1), ("BOOT-TRAIL-42", 1))
    assert failed(add_to_cart(small, "SHOE-CITY-42", 1, idempotency_key=key())).code == (
        "cart_full"
    )


def test_update_sets_the_quantity_of_a_line(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 1))
    view = ok(update_cart_item(deps, "SOCK-WOOL-M", 4, idempotency_key=key()))
    assert view.lines[0].quantity == 4


def test_update_beyond_stock_is_refused(deps: ToolDeps) -> None:
    fill(deps, ("BOOT-TRAIL-42", 1))
    assert failed(update_cart_item(deps, "BOOT-TRAIL-42", 5, idempotency_key=key())).code == (
        "out_of_stock"
    )


def test_update_of_a_sku_not_in_the_cart_lists_what_is(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 1))
    error = failed(update_cart_item(deps, "BOOT-TRAIL-42", 1, idempotency_key=key()))
    assert (error.code, error.suggestions) == ("not_in_cart", ["SOCK-WOOL-M"])


def test_remove_drops_the_line(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 1), ("BOOT-TRAIL-42", 1))
    view = ok(remove_from_cart(deps, "sock-wool-m", idempotency_key=key()))
    assert [line.sku for line in view.lines] == ["BOOT-TRAIL-42"]


def test_view_cart_before_any_add_is_empty(deps: ToolDeps) -> None:
    view = view_cart(deps)
    assert (view.cart_id, view.lines, view.total.amount_minor) == (None, [], 0)


def test_a_cart_belongs_to_its_session(shop: str, new_deps: DepsFactory) -> None:
    fill(new_deps(shop), ("SOCK-WOOL-M", 1))
    assert view_cart(new_deps(shop)).lines == []


def test_a_write_for_a_session_of_another_store_is_refused(
    shop: str, new_deps: DepsFactory
) -> None:
    build_shop(new_deps(shop).database, "other")
    elsewhere = replace(new_deps("other"), store_id=shop)
    assert failed(add_to_cart(elsewhere, "SOCK-WOOL-M", 1, idempotency_key=key())).code == (
        "session_unavailable"
    )
