"""Coupons the assistant issues itself: single-use, bound to one cart, inside the store's cap.

Bargaining offers and cart-recovery discounts both go through `issue_cart_coupon`, so neither
can give more than the store's `discount_cap_percent`, and the code works only in the cart it
was made for (`tools.coupons.coupon_problem` refuses it anywhere else), once. The row is
unlisted: it is never named to other shoppers asking which codes exist.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import Cart, Coupon
from assistant.errors import InvalidInputError

CouponOrigin = Literal["bargain", "recovery"]
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud and typed back
_PREFIX: dict[CouponOrigin, str] = {"bargain": "OFFER", "recovery": "BACK"}


def new_coupon_code(origin: CouponOrigin) -> str:
    """A fresh code such as 'OFFER-7KQ2MX9P' (40 random bits)."""
    return f"{_PREFIX[origin]}-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


def issue_cart_coupon(
    session: Session,
    *,
    cart: Cart,
    percent_off: int,
    cap_percent: int,
    ends_at: datetime,
    origin: CouponOrigin,
    description: str,
    now: datetime,
) -> Coupon:
    """Add (not commit) a single-use coupon for `cart`, valid from `now` until `ends_at`.

    Raises:
        InvalidInputError: the percentage is not between 1 and `cap_percent`, or `ends_at` is
            not after `now`.
    """
    if not 1 <= percent_off <= cap_percent:
        raise InvalidInputError(
            f"a discount of {percent_off}% is outside 1..{cap_percent}% (the store's cap)"
        )
    if ends_at <= now:
        raise InvalidInputError("a coupon must end after it starts")
    code = new_coupon_code(origin)
    while session.scalar(
        select(Coupon.id).where(Coupon.store_id == cart.store_id, Coupon.code == code)
    ):
        code = new_coupon_code(origin)
    coupon = Coupon(
        store_id=cart.store_id,
        code=code,
        description=description,
        percent_off=percent_off,
        currency=cart.currency,
        starts_at=now,
        ends_at=ends_at,
        usage_limit=1,
        per_customer_limit=1,
        listed=False,
        origin=origin,
        cart_id=cart.id,
    )
    session.add(coupon)
    session.flush()
    return coupon
