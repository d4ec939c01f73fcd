"""How far the assistant may go when a shopper asks for a better price: limits set in code.

A store keeps its store-wide limits in its settings (`StoreSettings.bargaining`); a category or
a product may override any of them (`BargainingRule` rows). The arithmetic here is pure, so the
promise "never above min(cap, max_percent, margin floor)" is a property of a few functions.

An offer is a single-use coupon bound to the cart, and a coupon takes its percentage off the
whole cart, so the percentage offered never exceeds the smallest ceiling of any line in the cart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

BeyondLimit = Literal["decline", "handoff"]
Percent = int


class BargainingLimits(BaseModel):
    """A store's (or, resolved, one product's) limits for offers made while bargaining."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    enabled: bool = Field(default=False, description="Whether the assistant may offer at all.")
    max_percent: int = Field(
        default=0,
        ge=0,
        le=100,
        description="The most the assistant may take off, in percent (never more than the "
        "store's discount_cap_percent).",
    )
    min_margin_percent: int | None = Field(
        default=None,
        ge=0,
        le=95,
        description="Where a variant's cost is known, the discounted price keeps at least this "
        "margin over it ((price - cost) / price, in percent); null: no margin floor.",
    )
    min_quantity: int = Field(
        default=1, ge=1, le=1000, description="Units of the product the cart must hold."
    )
    requires_bundle: bool = Field(
        default=False,
        description="Only when the cart also holds a product related to it (product relations).",
    )
    offer_valid_hours: int = Field(
        default=24, ge=1, le=720, description="How long an offer's coupon stays valid."
    )
    beyond_limit: BeyondLimit = Field(
        default="decline",
        description="When a shopper asks for more than the limit: 'decline' (say no kindly and "
        "offer what the limit allows) or 'handoff' (a person takes over).",
    )


class LimitOverride(BaseModel):
    """A category's or a product's changes to the limits; a field left null inherits."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    enabled: bool | None = None
    max_percent: int | None = Field(default=None, ge=0, le=100)
    min_margin_percent: int | None = Field(default=None, ge=0, le=95)
    min_quantity: int | None = Field(default=None, ge=1, le=1000)
    requires_bundle: bool | None = None

    def over(self, base: BargainingLimits) -> BargainingLimits:
        """`base` with this override's fields applied."""
        changes = {name: value for name, value in self.model_dump().items() if value is not None}
        return base.model_copy(update=changes)


def resolve_limits(
    store: BargainingLimits, overrides: Iterable[LimitOverride | None]
) -> BargainingLimits:
    """The limits of one product: the store's, then each override from the most general (the
    top category) to the most specific (the product itself)."""
    limits = store
    for override in overrides:
        if override is not None:
            limits = override.over(limits)
    return limits


def margin_ceiling(unit_price_minor: int, cost_minor: int, margin_percent: int) -> Percent:
    """The largest whole percent off `unit_price_minor` that keeps `margin_percent` over cost.

    With x percent off, the price is p(100-x)/100 and must satisfy price * (100 - m) >= 100 *
    cost, i.e. p(100-x)(100-m) >= 10000 * cost; solved in integers so no rounding lets it slip.
    """
    if unit_price_minor <= 0:
        return 0
    denominator = unit_price_minor * (100 - margin_percent)
    needed = -((-10_000 * cost_minor) // denominator)  # ceil(10000 * cost / denominator)
    return max(0, min(100, 100 - needed))


@dataclass(frozen=True)
class LineTerms:
    """One cart line as the limits see it: its product, units, price after price rules, cost."""

    product_id: int
    quantity: int
    unit_price_minor: int
    cost_minor: int | None
    limits: BargainingLimits


def line_ceiling(line: LineTerms) -> Percent:
    """The most percent off this line may take: 0 when bargaining is off for it."""
    limits = line.limits
    if not limits.enabled:
        return 0
    ceiling = limits.max_percent
    if limits.min_margin_percent is not None and line.cost_minor is not None:
        floor = margin_ceiling(line.unit_price_minor, line.cost_minor, limits.min_margin_percent)
        ceiling = min(ceiling, floor)
    return max(ceiling, 0)


Refusal = Literal["disabled", "min_quantity", "needs_bundle", "no_room"]


@dataclass(frozen=True)
class OfferDecision:
    """What the limits allow for one ask: a percentage to offer, or why not."""

    percent: Percent = 0
    refusal: Refusal | None = None
    # The shopper asked for more than the ceiling (the offer, if any, is the ceiling).
    beyond_limit: bool = False
    ceiling: Percent = 0


def decide_offer(
    asked: LineTerms,
    cart: Sequence[LineTerms],
    *,
    cap_percent: Percent,
    related_in_cart: bool,
    asked_percent: Percent | None = None,
) -> OfferDecision:
    """The offer for `asked` (a line of `cart`): never above the store's cap, the product's
    `max_percent`, its margin floor, nor the ceiling of any other line in the cart."""
    limits = asked.limits
    if not limits.enabled:
        return OfferDecision(refusal="disabled")
    if asked.quantity < limits.min_quantity:
        return OfferDecision(refusal="min_quantity")
    if limits.requires_bundle and not related_in_cart:
        return OfferDecision(refusal="needs_bundle")
    ceilings = [cap_percent, line_ceiling(asked), *(line_ceiling(line) for line in cart)]
    ceiling = max(0, min(ceilings))
    beyond = asked_percent is not None and asked_percent > ceiling
    if ceiling < 1:
        return OfferDecision(refusal="no_room", beyond_limit=beyond)
    percent = ceiling if asked_percent is None or beyond else max(1, asked_percent)
    return OfferDecision(percent=percent, beyond_limit=beyond, ceiling=ceiling)
