"""Orders, their priced lines and their status history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.domain.base import Base, StoreScoped, Timestamped, utcnow

ORDER_STATUSES = (
    "pending_payment",
    "paid",
    "shipped",
    "delivered",
    "cancelled",
    "refunded",
)
# Orders whose payment came in: they count as paid, sold and revenue.
PAID_STATUSES = ("paid", "shipped", "delivered")


class Order(StoreScoped, Timestamped, Base):
    """An order; totals are frozen at creation in minor units of `currency`."""

    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("store_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32))
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True, default=None
    )
    session_id: Mapped[str | None] = mapped_column(
        ForeignKey("shopper_sessions.id", ondelete="SET NULL"), default=None
    )
    cart_id: Mapped[str | None] = mapped_column(
        ForeignKey("carts.id", ondelete="SET NULL"), default=None
    )
    status: Mapped[str] = mapped_column(String(32), default="pending_payment")
    currency: Mapped[str] = mapped_column(String(3))
    subtotal_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    discount_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    shipping_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    total_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    coupon_code: Mapped[str | None] = mapped_column(String(64), default=None)
    placed_at: Mapped[datetime] = mapped_column(default=utcnow)
    reservation_expires_at: Mapped[datetime | None] = mapped_column(default=None)
    # The secret in the link to the built-in checkout page: whoever holds it may pay this order.
    checkout_token: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    tracking_carrier: Mapped[str | None] = mapped_column(String(64), default=None)
    tracking_number: Mapped[str | None] = mapped_column(String(128), default=None)
    tracking_url: Mapped[str | None] = mapped_column(String(500), default=None)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.id", cascade="all, delete-orphan"
    )
    history: Mapped[list[OrderStatusEvent]] = relationship(
        order_by="OrderStatusEvent.id", cascade="all, delete-orphan"
    )


class OrderLine(StoreScoped, Base):
    """A variant, quantity and the price it was sold at, with the rules that applied."""

    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int | None] = mapped_column(
        ForeignKey("variants.id", ondelete="SET NULL"), index=True, default=None
    )
    sku: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    quantity: Mapped[int]
    unit_price_minor: Mapped[int] = mapped_column(BigInteger)
    discount_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    line_total_minor: Mapped[int] = mapped_column(BigInteger)
    applied_rules: Mapped[list[Any]] = mapped_column(default=list)

    order: Mapped[Order] = relationship(back_populates="lines")


class OrderStatusEvent(StoreScoped, Base):
    """One step of an order's history."""

    __tablename__ = "order_status_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(500), default=None)
    at: Mapped[datetime] = mapped_column(default=utcnow)
