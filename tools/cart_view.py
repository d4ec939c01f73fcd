"""The cart as the tools return it: priced lines, coupon, totals and availability notes."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.domain.money import Money
from tools.cart_state import PricedCart
from tools.pricing_engine import AppliedRule, CouponSummary


class CartLine(BaseModel):
    """One line of the cart, priced now."""

    sku: str
    product_id: int
    title: str
    options: dict[str, str]
    quantity: int
    unit_price: Money
    subtotal: Money = Field(description="unit_price x quantity.")
    applied_rule: AppliedRule | None = None
    line_total: Money = Field(description="subtotal minus the rule's discount.")
    available: int = Field(description="Units that can ship now.")


class CartView(BaseModel):
    """The shopper's open cart. subtotal = sum of line totals; total = subtotal - discount."""

    cart_id: str | None = Field(description="None until the first item is added.")
    currency: str
    lines: list[CartLine]
    item_count: int = Field(description="Units across all lines.")
    subtotal: Money
    coupon: CouponSummary | None = None
    discount: Money = Field(description="What the coupon takes off.")
    total: Money
    notes: list[str] = Field(
        default_factory=list, description="Problems to mention, e.g. a line short of stock."
    )


def cart_view(priced: PricedCart) -> CartView:
    """Render a priced cart."""
    currency = priced.currency
    lines = []
    notes = []
    for entry in priced.items:
        variant, price = entry.variant, entry.price
        available = max(variant.available, 0)
        if available < price.quantity:
            notes.append(
                f"Only {available} of {variant.sku} can ship now; the cart has {price.quantity}."
            )
        lines.append(
            CartLine(
                sku=variant.sku,
                product_id=variant.product_id,
                title=variant.product.title,
                options={str(k): str(v) for k, v in variant.options.items()},
                quantity=price.quantity,
                unit_price=Money.of(price.unit_price_minor, currency),
                subtotal=Money.of(price.subtotal_minor, currency),
                applied_rule=price.applied_rule(),
                line_total=Money.of(price.total_minor, currency),
                available=available,
            )
        )
    coupon = None
    if priced.coupon is not None and priced.cart is not None:
        coupon = priced.coupon.summary(priced.cart.coupon_code or "", currency)
        if coupon.problem:
            notes.append(f"Coupon {coupon.code} takes nothing off: {coupon.problem}")
    return CartView(
        cart_id=priced.cart.id if priced.cart else None,
        currency=currency,
        lines=lines,
        item_count=sum(line.quantity for line in lines),
        subtotal=Money.of(priced.subtotal_minor, currency),
        coupon=coupon,
        discount=Money.of(priced.discount_minor, currency),
        total=Money.of(priced.total_minor, currency),
        notes=notes,
    )
