"""`list_promotions`: the rules and coupons in force at the deps' clock, with their terms."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from tests.tools.conftest import DepsFactory
from tests.tools.helpers import failed, fill, ok
from tools.cart import view_cart
from tools.deps import ToolDeps
from tools.promotions import list_promotions


def test_only_rules_in_force_now_are_listed_with_what_they_cover(deps: ToolDeps) -> None:
    result = ok(list_promotions(deps))
    by_code = {rule.code: rule for rule in result.price_rules}
    assert set(by_code) == {"SOCKS-3", "RAIN-20"}
    rain = by_code["RAIN-20"]
    assert (rain.percent_off, rain.min_quantity, rain.kind) == (20, 1, "promotion")
    assert (rain.applies_to.kind, rain.applies_to.slug) == ("category", "jackets")
    assert rain.ends_at is not None and rain.ends_at.date().isoformat() == "2026-06-30"
    assert by_code["SOCKS-3"].min_quantity == 3


def test_the_clock_decides_what_is_running(shop: str, new_deps: DepsFactory) -> None:
    later = new_deps(shop, now=datetime(2026, 7, 2, tzinfo=UTC))
    result = ok(list_promotions(later))
    assert [rule.code for rule in result.price_rules] == ["SOCKS-3"]
    assert result.products == []


def test_products_on_sale_come_with_their_lowered_price(deps: ToolDeps) -> None:
    result = ok(list_promotions(deps))
    assert [item.handle for item in result.products] == ["rain-jacket"]
    jacket = result.products[0]
    assert jacket.price_from.display == "$160.00"
    assert jacket.variants[0].regular_price.display == "$200.00"


def test_only_coupons_usable_now_are_listed_unless_one_is_asked(deps: ToolDeps) -> None:
    listed = ok(list_promotions(deps, kind="coupons"))
    assert {item.code for item in listed.coupons} == {"SAVE10", "FIVER", "BIGGIE", "ONCE"}
    assert listed.price_rules == []
    save = next(item for item in listed.coupons if item.code == "SAVE10")
    assert (save.percent_off, save.min_spend.display, save.per_customer_limit) == (
        10,
        "$50.00",
        1,
    )
    expired = ok(list_promotions(deps, coupon="old"))
    assert [(item.code, item.status) for item in expired.coupons] == [("OLD", "expired")]
    soon = ok(list_promotions(deps, coupon="SOON"))
    assert soon.coupons[0].status == "not_started"


def test_an_unlisted_coupon_is_never_named_but_its_terms_are_told_when_typed(
    deps: ToolDeps,
) -> None:
    assert "STAFF" not in {item.code for item in ok(list_promotions(deps)).coupons}
    typed = ok(list_promotions(deps, coupon="staff"))
    assert [(item.code, item.status) for item in typed.coupons] == [("STAFF", "active")]


def test_an_unknown_coupon_is_an_error(deps: ToolDeps) -> None:
    assert failed(list_promotions(deps, coupon="FREESTUFF")).code == "unknown_coupon"


def test_an_order_total_is_checked_against_the_minimum_without_touching_the_cart(
    deps: ToolDeps,
) -> None:
    fill(deps, ("SOCK-WOOL-M", 1))
    small = ok(list_promotions(deps, coupon="SAVE10", order_total=Decimal("30")))
    on_order = small.coupons[0].on_order
    assert on_order is not None and not on_order.applies and on_order.measured_on == "order_total"
    assert on_order.problem is not None and "$50.00" in on_order.problem
    big = ok(list_promotions(deps, coupon="SAVE10", order_total=Decimal("80")))
    assert big.coupons[0].on_order is not None
    assert big.coupons[0].on_order.discount.display == "$8.00"
    assert big.coupons[0].on_order.total_after.display == "$72.00"
    cart = ok(view_cart(deps))
    assert cart.coupon is None and cart.total.display == "$10.00"


def test_a_code_asked_about_is_checked_on_the_cart_which_stays_as_it_is(deps: ToolDeps) -> None:
    assert ok(list_promotions(deps, coupon="FIVER")).coupons[0].on_order is None  # empty cart
    fill(deps, ("BOOT-TRAIL-42", 1))
    on_cart = ok(list_promotions(deps, coupon="SAVE10")).coupons[0].on_order
    assert on_cart is not None and on_cart.measured_on == "cart" and on_cart.applies
    assert (on_cart.order_total.display, on_cart.total_after.display) == ("$100.00", "$90.00")
    assert ok(view_cart(deps)).coupon is None


def test_a_product_asked_about_shows_its_price_and_whether_it_is_on_sale(deps: ToolDeps) -> None:
    jacket = ok(list_promotions(deps, product="rain-jacket"))
    assert jacket.product_on_sale is True
    assert [rule.code for rule in jacket.price_rules] == ["RAIN-20"]
    boot = ok(list_promotions(deps, product="trail-boot"))
    assert boot.product_on_sale is False and boot.price_rules == []
    assert [item.handle for item in boot.products] == ["trail-boot"]
    sock = ok(list_promotions(deps, product="wool-sock"))
    assert sock.product_on_sale is False
    assert [rule.code for rule in sock.price_rules] == ["SOCKS-3"]


def test_a_category_takes_the_rules_of_its_subcategories_and_ancestors(deps: ToolDeps) -> None:
    footwear = ok(list_promotions(deps, category="footwear", kind="price_rules"))
    assert [rule.code for rule in footwear.price_rules] == ["SOCKS-3"]
    assert footwear.products == []
    socks = ok(list_promotions(deps, category="socks", kind="price_rules"))
    assert [rule.code for rule in socks.price_rules] == ["SOCKS-3"]
    boots = ok(list_promotions(deps, category="boots", kind="price_rules"))
    assert boots.price_rules == []


def test_an_unknown_category_or_product_is_an_error_with_suggestions(deps: ToolDeps) -> None:
    error = failed(list_promotions(deps, category="jacket"))
    assert error.code == "invalid_arguments" and error.suggestions == ["jackets"]
    assert failed(list_promotions(deps, product="no-such-thing")).code == "product_not_found"
