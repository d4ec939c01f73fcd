"""Daily roll-ups of the analytics figures, so a month's report reads about 30 rows per figure.

`AnalyticsDay` holds one store's counts for one UTC day; `AnalyticsDayCount` the figures that
are not a single number (handoff reasons, reply waits, ratings, products shown, assisted
orders) as (figure, key, value) rows. A conversation's figures belong to the day it started;
a product card to the day it was shown. `AnalyticsStaleDay` marks a rolled-up day that a later
write touched (a rating, a reply, an order, a reopen): the report computes it live until the
roll-up job writes it again.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.domain.base import Base, StoreScoped, utcnow


def _store_key() -> Mapped[str]:
    return mapped_column(String(64), ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True)


class AnalyticsDay(Base):
    """One store's conversation counts for the conversations started on one day."""

    __tablename__ = "analytics_days"

    store_id: Mapped[str] = _store_key()
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    conversations: Mapped[int] = mapped_column(default=0)
    handed_off: Mapped[int] = mapped_column(default=0)
    resolved: Mapped[int] = mapped_column(default=0)
    reopened: Mapped[int] = mapped_column(default=0)
    automated: Mapped[int] = mapped_column(default=0)
    not_replied: Mapped[int] = mapped_column(default=0)
    assisted: Mapped[int] = mapped_column(default=0)
    converted: Mapped[int] = mapped_column(default=0)
    rolled_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnalyticsDayCount(Base):
    """One keyed figure of a rolled-up day, e.g. ('handoff_reason', 'complaint', 3)."""

    __tablename__ = "analytics_day_counts"

    store_id: Mapped[str] = _store_key()
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    figure: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class AnalyticsStaleDay(StoreScoped, Base):
    """A day whose roll-up a later write made out of date (one row per write; deduplicated
    when read, deleted by id once the day is rolled up again)."""

    __tablename__ = "analytics_stale_days"
    __table_args__ = (Index("ix_analytics_stale_days_store_day", "store_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)
