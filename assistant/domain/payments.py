"""Payment events a provider reported, one row per (store, provider, event id)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.domain.base import Base, StoreScoped, utcnow


class PaymentEventRecord(StoreScoped, Base):
    """A provider's event as received and what it did: the unique key makes a replay find the
    first answer instead of acting twice; `needs_attention` flags money that did not fit the
    order (a payment for a released order, a wrong amount, an unknown order)."""

    __tablename__ = "payment_events"
    __table_args__ = (UniqueConstraint("store_id", "provider", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(32))
    event_id: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(32))
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="SET NULL"), index=True, default=None
    )
    order_number: Mapped[str | None] = mapped_column(String(32), default=None)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    occurred_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(32), default="")
    needs_attention: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(String(500), default=None)
