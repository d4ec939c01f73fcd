"""Stores and their merchant API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.domain.base import Base, StoreScoped, Timestamped, utcnow

DEFAULT_TIMEZONE = "UTC"


class Store(Timestamped, Base):
    """A shop. `settings` holds the merchant's knobs (handoff threshold, discount cap, hours)."""

    __tablename__ = "stores"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    locale: Mapped[str] = mapped_column(String(16), default="en-US")
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Signs customer tokens from the merchant's backend (HS256); never returned by the API.
    customer_token_secret: Mapped[str] = mapped_column(String(128))


class ApiKey(StoreScoped, Base):
    """A merchant API key: only a SHA-256 of the secret is kept; `prefix` finds the row."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(32), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    created_by_key_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_keys.id", ondelete="SET NULL"), default=None
    )
