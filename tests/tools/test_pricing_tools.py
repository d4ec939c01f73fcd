from datetime import UTC, datetime

from tests.tools.conftest import DepsFactory
from tools.deps import ToolDeps
from tools.pricing import PriceQuote, get_price
from tools.pricing_engine import PriceBook, RuleTerms
from tools.results import ToolError


def quote(result: PriceQuote | ToolError) -> PriceQuote:
    assert isinstance(result, PriceQuote)
    return result


def test_price_without_rules_is_unit_price_times_quantity(deps: ToolDeps) -> None:
    result = quote(get_price(deps, "BOOT-TRAIL-42", 2))
    assert (result.unit_price.amount_minor, result.total.amount_minor) == (10_000, 20_000)
    assert result.applied_rule is None


def test_quantity_break_applies_from_its_minimum(deps: ToolDeps) -> None:
    two = quote(get_price(deps, "SOCK-WOOL-M", 2))
    three = quote(get_price(deps, "SOCK-WOOL-M", 3))
    assert two.applied_rule is None
    assert three.applied_rule is not None and three.applied_rule.code == "SOCKS-3"
    assert three.line_total.amount_minor == 2_550


def test_two_units_short_of_a_break_are_told_about_it(deps: ToolDeps) -> None:
    assert quote(get_price(deps, "SOCK-WOOL-M", 1)).next_break == (
        "3+ socks save 15%: 15% off from 3 units"
    )


def test_promotion_applies_inside_its_window(deps: ToolDeps) -> None:
    result = quote(get_price(deps, "JACKET-STORM-M"))
    assert result.applied_rule is not None and result.applied_rule.code == "RAIN-20"
    assert result.total.amount_minor == 16_000


def test_promotion_does_not_apply_after_its_window(shop: str, new_deps: DepsFactory) -> None:
    later = new_deps(shop, now=datetime(2026, 7, 1, tzinfo=UTC))
    result = quote(get_price(later, "JACKET-STORM-M"))
    assert result.applied_rule is None
    assert result.total.amount_minor == 20_000


def test_get_price_applies_a_coupon_to_the_line(deps: ToolDeps) -> None:
    result = quote(get_price(deps, "BOOT-TRAIL-42", 1, coupon="save10"))
    assert result.coupon is not None and result.coupon.applied
    assert result.total.amount_minor == 9_000


def test_get_price_with_an_expired_coupon_keeps_the_price_and_says_why(deps: ToolDeps) -> None:
    result = quote(get_price(deps, "BOOT-TRAIL-42", 1, coupon="OLD"))
    assert result.coupon is not None and not result.coupon.applied
    assert result.coupon.problem == "Coupon OLD expired on 2025-12-31."
    assert result.total.amount_minor == 10_000


def test_get_price_of_an_unknown_sku_is_a_typed_error(deps: ToolDeps) -> None:
    result = get_price(deps, "NOPE")
    assert isinstance(result, ToolError) and result.code == "unknown_sku"


def rule(code: str, percent: int, *, min_quantity: int = 1, **scope: int | None) -> RuleTerms:
    return RuleTerms(
        code=code,
        name=code,
        kind="quantity_break",
        percent_off=percent,
        min_quantity=min_quantity,
        product_id=scope.get("product_id"),
        category_id=scope.get("category_id"),
    )


def price(book: PriceBook, unit: int, quantity: int, *, category_id: int | None = 2) -> int:
    line = book.price(
        product_id=7,
        category_id=category_id,
        unit_price_minor=unit,
        currency="USD",
        quantity=quantity,
    )
    return line.total_minor


def test_the_best_single_rule_wins() -> None:
    book = PriceBook([rule("A", 10), rule("B", 15, min_quantity=3)], {})
    assert (price(book, 1_000, 1), price(book, 1_000, 3)) == (900, 2_550)


def test_a_rule_on_a_parent_category_covers_its_children() -> None:
    book = PriceBook([rule("PARENT", 10, category_id=1)], {2: 1, 1: None})
    assert price(book, 1_000, 1) == 900


def test_a_rule_on_another_product_does_not_apply() -> None:
    book = PriceBook([rule("OTHER", 10, product_id=8)], {})
    assert price(book, 1_000, 1) == 1_000


def test_percent_discounts_round_half_up_on_the_line() -> None:
    book = PriceBook([rule("R", 15)], {})
    # 3 x 3.33 = 9.99; 15% of 999 cents is 149.85 -> 150.
    assert price(book, 333, 3) == 849
