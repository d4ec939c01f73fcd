"""Shopper sessions, carts and cart items."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.domain.base import Base, StoreScoped, Timestamped, new_public_id, utcnow


class ShopperSession(StoreScoped, Base):
    """A widget session; its id travels inside a signed, expiring token."""

    __tablename__ = "shopper_sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_public_id)
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), default=None
    )
    locale: Mapped[str | None] = mapped_column(String(16), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # The expired session of the same browser this one took over (its token was presented at
    # start); unique, so one expired token renews into one session only.
    renewed_from: Mapped[str | None] = mapped_column(
        String(32),
        ForeignKey("shopper_sessions.id", ondelete="SET NULL"),
        unique=True,
        default=None,
    )


class Cart(StoreScoped, Timestamped, Base):
    """The open cart of one shopper session ("open" -> "checked_out" or "abandoned")."""

    __tablename__ = "carts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_public_id)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("shopper_sessions.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), default=None
    )
    status: Mapped[str] = mapped_column(String(16), default="open")
    coupon_code: Mapped[str | None] = mapped_column(String(64), default=None)
    currency: Mapped[str] = mapped_column(String(3))
    # Cart recovery: how many steps of the store's ladder are behind this cart (the next one
    # to send), and why reminders stopped for good ("bought": the shopper ordered since).
    recovery_step: Mapped[int] = mapped_column(default=0, server_default="0")
    recovery_stopped: Mapped[str | None] = mapped_column(String(16), default=None)

    items: Mapped[list[CartItem]] = relationship(
        back_populates="cart", order_by="CartItem.id", cascade="all, delete-orphan"
    )


class CartItem(StoreScoped, Base):
    """One variant and its quantity in a cart."""

    __tablename__ = "cart_items"
    __table_args__ = (
        UniqueConstraint("cart_id", "variant_id"),
        CheckConstraint("quantity >= 1", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[str] = mapped_column(ForeignKey("carts.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id", ondelete="CASCADE"))
    quantity: Mapped[int]
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    cart: Mapped[Cart] = relationship(back_populates="items")
