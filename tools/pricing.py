"""`get_price`: what a quantity of a variant costs now, and why."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.domain.money import Money
from tools.arguments import CouponCode, Quantity, Sku
from tools.cart_state import check_shopper_coupon, find_open_cart
from tools.catalog_view import find_variant, unknown_sku
from tools.deps import ToolDeps
from tools.limits import quantity_problem
from tools.pricing_engine import AppliedRule, CouponSummary, PriceBook
from tools.results import ToolError


class PriceQuote(BaseModel):
    """The price of a quantity of one variant, with every rule that shaped it."""

    sku: str
    title: str
    options: dict[str, str]
    quantity: int
    unit_price: Money = Field(description="List price of one unit.")
    subtotal: Money = Field(description="unit_price x quantity.")
    applied_rule: AppliedRule | None = Field(
        default=None, description="The quantity break or promotion applied, if any."
    )
    line_total: Money = Field(description="subtotal minus the rule's discount.")
    coupon: CouponSummary | None = Field(
        default=None, description="The coupon asked about, priced as if this were the order."
    )
    total: Money = Field(description="line_total minus the coupon's discount.")
    currency: str
    next_break: str | None = Field(
        default=None, description="A bigger discount the shopper unlocks by buying more."
    )


def get_price(
    deps: ToolDeps, sku: Sku, quantity: Quantity = 1, coupon: CouponCode | None = None
) -> PriceQuote | ToolError:
    """Price a quantity of a variant now: unit price, quantity breaks, promotions and a coupon.

    Args:
        sku: SKU exactly as returned by search_products, e.g. 'TENT-RL2-GRN'.
        quantity: Units to price.
        coupon: A coupon code the shopper mentioned, e.g. 'WELCOME10'; leave empty otherwise.
    """
    problem = quantity_problem(quantity, deps.settings)
    if problem is not None:
        return problem
    now = deps.now()
    with deps.database.session() as session:
        variant = find_variant(session, deps.store_id, sku)
        if variant is None:
            return unknown_sku(session, deps.store_id, sku)
        product = variant.product
        book = PriceBook.load(session, deps.store_id, now)
        line = book.price(
            product_id=product.id,
            category_id=product.category_id,
            unit_price_minor=variant.price_minor,
            currency=variant.currency,
            quantity=quantity,
        )
        coupon_summary = None
        coupon_discount = 0
        if coupon:
            cart = find_open_cart(session, deps)
            checked = check_shopper_coupon(
                session,
                deps,
                coupon,
                subtotal_minor=line.total_minor,
                currency=variant.currency,
                cart_id=cart.id if cart else None,
                now=now,
            )
            coupon_summary = checked.summary(coupon, variant.currency)
            coupon_discount = checked.discount_minor
        upcoming = book.upcoming_breaks(
            product_id=product.id, category_id=product.category_id, quantity=quantity
        )
        currency = variant.currency
        return PriceQuote(
            sku=variant.sku,
            title=product.title,
            options={str(k): str(v) for k, v in variant.options.items()},
            quantity=quantity,
            unit_price=Money.of(line.unit_price_minor, currency),
            subtotal=Money.of(line.subtotal_minor, currency),
            applied_rule=line.applied_rule(),
            line_total=Money.of(line.total_minor, currency),
            coupon=coupon_summary,
            total=Money.of(line.total_minor - coupon_discount, currency),
            currency=currency,
            next_break=(
                f"{upcoming[0].name}: {upcoming[0].percent_off}% off from "
                f"{upcoming[0].min_quantity} units"
                if upcoming
                else None
            ),
        )
