"""The limits' arithmetic: no offer above min(cap, max_percent, margin floor, any line's)."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from assistant.domain.bargaining_limits import (
    BargainingLimits,
    LimitOverride,
    LineTerms,
    decide_offer,
    line_ceiling,
    margin_ceiling,
    resolve_limits,
)

percents = st.integers(min_value=0, max_value=100)
prices = st.integers(min_value=1, max_value=10_000_000)
limits = st.builds(
    BargainingLimits,
    enabled=st.booleans(),
    max_percent=percents,
    min_margin_percent=st.none() | st.integers(min_value=0, max_value=95),
    min_quantity=st.integers(min_value=1, max_value=5),
    requires_bundle=st.booleans(),
)
overrides = st.builds(
    LimitOverride,
    enabled=st.none() | st.booleans(),
    max_percent=st.none() | percents,
    min_margin_percent=st.none() | st.integers(min_value=0, max_value=95),
    min_quantity=st.none() | st.integers(min_value=1, max_value=5),
)


@st.composite
def lines(draw: st.DrawFn) -> LineTerms:
    price = draw(prices)
    return LineTerms(
        product_id=draw(st.integers(min_value=1, max_value=5)),
        quantity=draw(st.integers(min_value=1, max_value=6)),
        unit_price_minor=price,
        cost_minor=draw(st.none() | st.integers(min_value=0, max_value=price * 2)),
        limits=resolve_limits(draw(limits), draw(st.lists(overrides, max_size=3))),
    )


@given(st.lists(lines(), min_size=1, max_size=5), percents, st.booleans(), st.none() | percents)
def test_an_offer_never_exceeds_any_limit(
    cart: list[LineTerms], cap: int, related: bool, asked: int | None
) -> None:
    asked = asked or None
    decision = decide_offer(
        cart[0], cart, cap_percent=cap, related_in_cart=related, asked_percent=asked
    )
    if decision.refusal is not None:
        assert decision.percent == 0
        return
    assert 1 <= decision.percent <= cap
    for line in cart:
        assert decision.percent <= line.limits.max_percent
        assert line.limits.enabled
        margin = line.limits.min_margin_percent
        if margin is not None and line.cost_minor is not None:
            paid = Fraction(line.unit_price_minor * (100 - decision.percent), 100)
            assert paid * (100 - margin) >= 100 * line.cost_minor
    if asked is not None and not decision.beyond_limit:
        assert decision.percent == asked


@given(prices, st.integers(min_value=0, max_value=10_000_000), st.integers(0, 95))
def test_the_margin_ceiling_is_the_largest_percent_that_keeps_the_margin(
    price: int, cost: int, margin: int
) -> None:
    ceiling = margin_ceiling(price, cost, margin)

    def keeps(percent: int) -> bool:
        return price * (100 - percent) * (100 - margin) >= 10_000 * cost

    assert 0 <= ceiling <= 100
    if ceiling > 0:
        assert keeps(ceiling)
    if ceiling < 100:
        assert not keeps(ceiling + 1)


def test_a_product_rule_wins_over_its_category_and_the_store() -> None:
    store = BargainingLimits(enabled=True, max_percent=5)
    category = LimitOverride(max_percent=10, min_quantity=4)
    product = LimitOverride(enabled=False)
    resolved = resolve_limits(store, [category, product])
    assert (resolved.enabled, resolved.max_percent, resolved.min_quantity) == (False, 10, 4)


def test_the_conditions_are_checked_before_any_percent() -> None:
    tent = LineTerms(1, 1, 24900, None, BargainingLimits(enabled=True, max_percent=10))
    bundle = tent.limits.model_copy(update={"requires_bundle": True})
    alone = LineTerms(1, 1, 24900, None, bundle)
    assert decide_offer(alone, [alone], cap_percent=15, related_in_cart=False).refusal == (
        "needs_bundle"
    )
    bulk = LineTerms(1, 2, 2295, None, tent.limits.model_copy(update={"min_quantity": 4}))
    assert decide_offer(bulk, [bulk], cap_percent=15, related_in_cart=True).refusal == (
        "min_quantity"
    )


def test_a_line_without_bargaining_leaves_no_room_for_the_cart() -> None:
    pack = LineTerms(1, 1, 8900, None, BargainingLimits(enabled=True, max_percent=5))
    lamp = LineTerms(2, 1, 11900, None, BargainingLimits(enabled=False))
    assert line_ceiling(lamp) == 0
    assert decide_offer(pack, [pack, lamp], cap_percent=15, related_in_cart=False).refusal == (
        "no_room"
    )
