"""Coupons: finding one by code, checking its terms, computing its discount, redeeming it.

A coupon applies only inside its validity window, from its minimum spend (measured on the
subtotal after price rules), while `times_used < usage_limit`, and while the customer (or, for an
anonymous shopper, the session) has used it fewer than `per_customer_limit` times. Redemption
re-checks both limits under the coupon's row lock, so parallel checkouts cannot exceed them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.orm import Session

from assistant.domain import Coupon, CouponRedemption, Order
from assistant.domain.money import Money, format_money, percent_of
from tools.pricing_engine import CouponSummary
from tools.results import ToolError


@dataclass(frozen=True)
class Redeemer:
    """Who is using a coupon: an identified customer, else the shopper session; and the cart."""

    customer_id: int | None
    session_id: str
    cart_id: str | None = None


def find_coupon(session: Session, store_id: str, code: str) -> Coupon | None:
    """The store's coupon with this code, ignoring case."""
    return session.scalar(
        select(Coupon).where(
            Coupon.store_id == store_id, func.upper(Coupon.code) == code.strip().upper()
        )
    )


def unknown_coupon(code: str) -> ToolError:
    """The error for a code the store does not have."""
    return ToolError(
        code="unknown_coupon",
        message=f"There is no coupon {code!r} in this shop.",
        next_step="Check the spelling with the shopper; do not invent codes.",
    )


def prior_uses(session: Session, coupon: Coupon, redeemer: Redeemer) -> int:
    """How often this customer (or anonymous session) has redeemed the coupon."""
    owner = (
        Order.customer_id == redeemer.customer_id
        if redeemer.customer_id is not None
        else Order.session_id == redeemer.session_id
    )
    count = session.scalar(
        select(func.count())
        .select_from(CouponRedemption)
        .join(Order, Order.id == CouponRedemption.order_id)
        .where(CouponRedemption.coupon_id == coupon.id, owner)
    )
    return int(count or 0)


def coupon_discount(coupon: Coupon, subtotal_minor: int) -> int:
    """What the coupon takes off `subtotal_minor`; never more than the subtotal."""
    if coupon.percent_off is not None:
        return min(percent_of(subtotal_minor, coupon.percent_off), subtotal_minor)
    return min(coupon.amount_off_minor or 0, subtotal_minor)


def coupon_problem(
    coupon: Coupon,
    *,
    subtotal_minor: int,
    currency: str,
    uses: int,
    now: datetime,
    cart_id: str | None = None,
) -> ToolError | None:
    """Why the coupon cannot apply to this subtotal (in cart `cart_id`) now, or None when it can.

    A coupon bound to a cart (the assistant's own offers) applies to that cart only.
    """
    code = coupon.code
    if coupon.cart_id is not None and coupon.cart_id != cart_id:
        return ToolError(
            code="coupon_other_cart",
            message=f"Coupon {code} was issued for another cart and cannot be used here.",
            next_step="Tell the shopper this code is not valid for their cart.",
        )
    if coupon.currency != currency:
        return ToolError(
            code="coupon_wrong_currency",
            message=f"Coupon {code} is for {coupon.currency}, not {currency}.",
            next_step="Tell the shopper this coupon does not apply here.",
        )
    if coupon.starts_at is not None and now < coupon.starts_at:
        return ToolError(
            code="coupon_not_started",
            message=f"Coupon {code} is valid from {coupon.starts_at:%Y-%m-%d}.",
            next_step="Tell the shopper when it starts; prices stay as they are until then.",
        )
    if coupon.ends_at is not None and now > coupon.ends_at:
        return ToolError(
            code="coupon_expired",
            message=f"Coupon {code} expired on {coupon.ends_at:%Y-%m-%d}.",
            next_step="Tell the shopper it has expired; do not apply another discount instead.",
        )
    if coupon.usage_limit is not None and coupon.times_used >= coupon.usage_limit:
        return ToolError(
            code="coupon_exhausted",
            message=f"Coupon {code} has been fully redeemed.",
            next_step="Tell the shopper it is no longer available.",
        )
    if coupon.per_customer_limit is not None and uses >= coupon.per_customer_limit:
        return ToolError(
            code="coupon_customer_limit",
            message=f"Coupon {code} has already been used the maximum number of times.",
            next_step="Tell the shopper it can be used only once per customer.",
        )
    if subtotal_minor < coupon.min_spend_minor:
        missing = coupon.min_spend_minor - subtotal_minor
        return ToolError(
            code="coupon_min_spend",
            message=(
                f"Coupon {code} needs a spend of {format_money(coupon.min_spend_minor, currency)};"
                f" the items come to {format_money(subtotal_minor, currency)}."
            ),
            next_step=f"Adding {format_money(missing, currency)} more would unlock it.",
        )
    return None


@dataclass(frozen=True)
class CouponCheck:
    """A coupon checked against a subtotal: the row, the discount, or the problem."""

    coupon: Coupon | None
    discount_minor: int
    problem: ToolError | None

    def summary(self, code: str, currency: str) -> CouponSummary:
        """How a cart or quote shows the coupon."""
        return CouponSummary(
            code=self.coupon.code if self.coupon else code,
            description=self.coupon.description if self.coupon else "",
            applied=self.problem is None,
            discount=Money.of(self.discount_minor, currency),
            problem=self.problem.message if self.problem else None,
        )


def check_coupon(
    session: Session,
    *,
    store_id: str,
    code: str,
    subtotal_minor: int,
    currency: str,
    redeemer: Redeemer,
    now: datetime,
) -> CouponCheck:
    """Look the coupon up and check every term against `subtotal_minor`."""
    coupon = find_coupon(session, store_id, code)
    if coupon is None:
        return CouponCheck(None, 0, unknown_coupon(code))
    uses = prior_uses(session, coupon, redeemer) if coupon.per_customer_limit else 0
    problem = coupon_problem(
        coupon,
        subtotal_minor=subtotal_minor,
        currency=currency,
        uses=uses,
        now=now,
        cart_id=redeemer.cart_id,
    )
    discount = 0 if problem else coupon_discount(coupon, subtotal_minor)
    return CouponCheck(coupon, discount, problem)


def redeem_coupon(
    session: Session, coupon: Coupon, *, order_id: int, redeemer: Redeemer
) -> ToolError | None:
    """Count one use atomically against the usage limit and the per-customer limit.

    The conditional UPDATE takes the coupon's row lock, so the per-customer count read after
    it sees every redemption committed by a competing checkout.
    """
    result = cast(
        CursorResult[Any],
        session.execute(
            update(Coupon)
            .where(
                Coupon.id == coupon.id,
                or_(Coupon.usage_limit.is_(None), Coupon.times_used < Coupon.usage_limit),
            )
            .values(times_used=Coupon.times_used + 1)
            .execution_options(synchronize_session=False)
        ),
    )
    if result.rowcount != 1:
        return ToolError(
            code="coupon_exhausted",
            message=f"Coupon {coupon.code} has just been fully redeemed.",
            next_step="Remove the coupon with remove_coupon, then check out again.",
        )
    limit = coupon.per_customer_limit
    if limit is not None and prior_uses(session, coupon, redeemer) >= limit:
        return ToolError(
            code="coupon_customer_limit",
            message=f"Coupon {coupon.code} has already been used by this customer.",
            next_step="Remove the coupon with remove_coupon, then check out again.",
        )
    session.add(
        CouponRedemption(
            store_id=coupon.store_id,
            coupon_id=coupon.id,
            order_id=order_id,
            customer_id=redeemer.customer_id,
        )
    )
    return None
