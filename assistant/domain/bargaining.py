"""Bargaining's rows: a category's or product's own limits, and the log of every ask."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.domain.base import Base, StoreScoped, Timestamped, utcnow


class BargainingRule(StoreScoped, Timestamped, Base):
    """A category's or a product's override of the store's bargaining limits."""

    __tablename__ = "bargaining_rules"
    __table_args__ = (
        UniqueConstraint("store_id", "category_id"),
        UniqueConstraint("store_id", "product_id"),
        CheckConstraint(
            "(category_id IS NULL) <> (product_id IS NULL)", name="one_category_or_product"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), default=None
    )
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), default=None
    )
    # The fields of `bargaining_limits.LimitOverride` that are set.
    limits: Mapped[dict[str, Any]] = mapped_column(default=dict)


class BargainOffer(StoreScoped, Base):
    """One ask for a better price on one product and what code decided: the merchant's log.

    `offered` is true for an offer and null otherwise, so the unique constraint allows one
    offer per conversation and product and any number of refusals.
    """

    __tablename__ = "bargain_offers"
    __table_args__ = (UniqueConstraint("store_id", "conversation_id", "product_id", "offered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The conversation's id, or "session:<id>" for a caller outside a conversation.
    conversation_id: Mapped[str] = mapped_column(String(64))
    session_id: Mapped[str | None] = mapped_column(
        ForeignKey("shopper_sessions.id", ondelete="SET NULL"), default=None
    )
    cart_id: Mapped[str | None] = mapped_column(
        ForeignKey("carts.id", ondelete="SET NULL"), default=None
    )
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    outcome: Mapped[str] = mapped_column(String(16))  # "offered" | "declined" | "handoff"
    refusal: Mapped[str | None] = mapped_column(String(32), default=None)
    offered: Mapped[bool | None] = mapped_column(default=None)
    reason: Mapped[str] = mapped_column(String(32))
    asked_percent: Mapped[int | None] = mapped_column(default=None)
    percent_off: Mapped[int | None] = mapped_column(default=None)
    ceiling_percent: Mapped[int] = mapped_column(default=0)
    coupon_id: Mapped[int | None] = mapped_column(
        ForeignKey("coupons.id", ondelete="SET NULL"), default=None
    )
    coupon_code: Mapped[str | None] = mapped_column(String(64), default=None)
    ends_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
