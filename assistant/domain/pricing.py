"""Price rules (quantity breaks, time-boxed promotions), coupons and their redemptions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from assistant.domain.base import Base, StoreScoped, utcnow


class PriceRule(StoreScoped, Base):
    """A percentage off for a category or product from a minimum quantity, within a window."""

    __tablename__ = "price_rules"
    __table_args__ = (UniqueConstraint("store_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))  # "quantity_break" | "promotion"
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), default=None
    )
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), default=None
    )
    min_quantity: Mapped[int] = mapped_column(default=1)
    percent_off: Mapped[int]
    starts_at: Mapped[datetime | None] = mapped_column(default=None)
    ends_at: Mapped[datetime | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(default=True)


class Coupon(StoreScoped, Base):
    """A code a shopper enters: percent or fixed amount off, with validity and limits."""

    __tablename__ = "coupons"
    __table_args__ = (UniqueConstraint("store_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(500), default="")
    percent_off: Mapped[int | None] = mapped_column(default=None)
    amount_off_minor: Mapped[int | None] = mapped_column(BigInteger, default=None)
    currency: Mapped[str] = mapped_column(String(3))
    min_spend_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    starts_at: Mapped[datetime | None] = mapped_column(default=None)
    ends_at: Mapped[datetime | None] = mapped_column(default=None)
    usage_limit: Mapped[int | None] = mapped_column(default=None)
    per_customer_limit: Mapped[int | None] = mapped_column(default=None)
    times_used: Mapped[int] = mapped_column(default=0)
    # False for a code the shop hands out itself (staff, one customer): it works when typed,
    # but is never named to a shopper asking which codes exist.
    listed: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Who made the coupon: the merchant, or the assistant (an offer while bargaining, a
    # cart-recovery reminder). The assistant's coupons are bound to one cart and used once.
    origin: Mapped[str] = mapped_column(String(16), default="merchant", server_default="merchant")
    cart_id: Mapped[str | None] = mapped_column(
        ForeignKey("carts.id", ondelete="CASCADE"), index=True, default=None
    )


class CouponRedemption(StoreScoped, Base):
    """One use of a coupon by an order."""

    __tablename__ = "coupon_redemptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    coupon_id: Mapped[int] = mapped_column(ForeignKey("coupons.id", ondelete="CASCADE"))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
