"""Cart recovery: every reminder and offer sent about a cart the shopper left (the audit log)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.domain.base import Base, StoreScoped, utcnow

RECOVERY_CHANNELS = ("widget", "webhook")


class RecoveryMessage(StoreScoped, Base):
    """One reminder about one cart on one channel, with the offer it carried.

    A `widget` row waits for the shopper's next visit (`shown_at` is set once it is shown); a
    `webhook` row is the `cart.abandoned` delivery sent to the merchant for a consented customer.
    One row per cart, ladder step and channel: a step is never sent twice.
    """

    __tablename__ = "recovery_messages"
    __table_args__ = (UniqueConstraint("cart_id", "step", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[str] = mapped_column(ForeignKey("carts.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True, default=None
    )
    session_id: Mapped[str | None] = mapped_column(String(32), index=True, default=None)
    channel: Mapped[str] = mapped_column(String(16))
    step: Mapped[int]
    percent_off: Mapped[int] = mapped_column(default=0)
    coupon_code: Mapped[str | None] = mapped_column(String(64), default=None)
    webhook_delivery_id: Mapped[int | None] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="SET NULL"), default=None
    )
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    shown_at: Mapped[datetime | None] = mapped_column(default=None)
