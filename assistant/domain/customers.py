"""Identified customers, with profile, tags and a consent history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from assistant.domain.base import Base, StoreScoped, Timestamped, utcnow


class Customer(StoreScoped, Timestamped, Base):
    """A customer known to the merchant by `external_id` (from the merchant's signed token)."""

    __tablename__ = "customers"
    __table_args__ = (UniqueConstraint("store_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    first_name: Mapped[str | None] = mapped_column(String(200), default=None)
    last_name: Mapped[str | None] = mapped_column(String(200), default=None)
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    tags: Mapped[list[Any]] = mapped_column(default=list)
    marketing_consent: Mapped[bool] = mapped_column(default=False)
    marketing_consent_at: Mapped[datetime | None] = mapped_column(default=None)
    marketing_consent_source: Mapped[str | None] = mapped_column(String(64), default=None)
    # Personal recommendations (from purchase history, by first name) are on unless the
    # customer turned them off; every change is also kept as a `ConsentRecord`.
    personalisation_opt_out: Mapped[bool] = mapped_column(default=False, server_default=false())
    personalisation_changed_at: Mapped[datetime | None] = mapped_column(default=None)


class ConsentRecord(StoreScoped, Base):
    """Every consent given or withdrawn, kept as history (the customer row holds the current)."""

    __tablename__ = "consent_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32), default="marketing")
    granted: Mapped[bool]
    source: Mapped[str | None] = mapped_column(String(64), default=None)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # The words the customer agreed to (the widget's opt-in label), when known.
    wording: Mapped[str | None] = mapped_column(String(500), default=None)
