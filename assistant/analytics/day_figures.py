"""The report's figures of one day, computed from the raw rows, and their sum over days.

A conversation's figures belong to the UTC day it started (every conversation figure counts the
conversations started in the period), a product card's to the day it was shown. Everything kept
per day adds up over days: counts, rating sums, reply waits as a count per wait, products shown
as a count per product, and assisted orders by id (an order following conversations of two days
counts once). So a period's figures are the sum of its days, whether a day was read from the
roll-up (`rollups`) or computed here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from assistant.analytics.period import ORDER_WINDOW, Period
from assistant.domain import Conversation, ConversationProduct, Feedback, Handoff, Order
from assistant.domain.orders import PAID_STATUSES

RESOLVERS = ("bot", "person")


@dataclass
class DayFigures:
    """The additive parts of the report for one day (or, summed, for a period)."""

    conversations: int = 0
    handed_off: int = 0
    resolved: int = 0
    reopened: int = 0
    automated: int = 0
    not_replied: int = 0
    assisted: int = 0
    converted: int = 0
    handoff_reasons: Counter[str] = field(default_factory=Counter)
    reply_waits: Counter[int] = field(default_factory=Counter)  # tenths of a second: count
    ratings: Counter[str] = field(default_factory=Counter)  # resolver: ratings
    rating_sums: Counter[str] = field(default_factory=Counter)
    satisfied: Counter[str] = field(default_factory=Counter)  # resolver: ratings of 4 or 5
    products_shown: Counter[int] = field(default_factory=Counter)  # product id: conversations
    assisted_orders: dict[int, int] = field(default_factory=dict)  # order id: total (minor)

    def add(self, other: DayFigures) -> None:
        """Add another day's figures to these."""
        for name in DAY_COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.handoff_reasons.update(other.handoff_reasons)
        self.reply_waits.update(other.reply_waits)
        self.ratings.update(other.ratings)
        self.rating_sums.update(other.rating_sums)
        self.satisfied.update(other.satisfied)
        self.products_shown.update(other.products_shown)
        self.assisted_orders.update(other.assisted_orders)


DAY_COUNTS = (
    "conversations",
    "handed_off",
    "resolved",
    "reopened",
    "automated",
    "not_replied",
    "assisted",
    "converted",
)


def total(days: Iterable[DayFigures]) -> DayFigures:
    """The sum of the days' figures."""
    summed = DayFigures()
    for day in days:
        summed.add(day)
    return summed


def wait_tenths(later_seconds: float) -> int:
    """A wait (seconds, rounded to a tenth as the report shows it) as whole tenths."""
    return round(round(later_seconds, 1) * 10)


@dataclass(frozen=True)
class _Assisted:
    """An assisted conversation of the live days, as its orders are matched to it."""

    conversation_id: str
    started: datetime
    last_active: datetime
    day: DayFigures


def live_days(session: Session, period: Period) -> dict[date, DayFigures]:
    """Every day of the period computed from the raw rows, driven from the period's
    conversations (the store's index on start time): their handoffs, ratings and orders are
    looked up by conversation id, session or customer, never by scanning the store's rows."""
    days = {day: DayFigures() for day in period.days()}
    started = (
        Conversation.store_id == period.store_id,
        Conversation.created_at >= period.start,
        Conversation.created_at < period.end,
    )
    day_of: dict[str, DayFigures] = {}
    by_session: dict[str, list[_Assisted]] = defaultdict(list)
    by_customer: dict[int, list[_Assisted]] = defaultdict(list)
    for row in session.execute(
        select(
            Conversation.id,
            Conversation.created_at,
            Conversation.handed_off_at,
            Conversation.resolved_at,
            Conversation.reopened_at,
            Conversation.assisted_at,
            Conversation.first_agent_reply_at,
            Conversation.updated_at,
            Conversation.session_id,
            Conversation.customer_id,
        ).where(*started)
    ):
        conversation_id, created, handed, resolved, reopened, assisted, replied = row[:7]
        day = day_of[conversation_id] = days[created.date()]
        day.conversations += 1
        if handed is not None:
            day.handed_off += 1
            if replied is None:
                day.not_replied += 1
            else:
                day.reply_waits[wait_tenths((replied - handed).total_seconds())] += 1
        if resolved is not None:
            day.resolved += 1
            day.reopened += reopened is not None
            day.automated += handed is None and reopened is None
        if assisted is not None:
            day.assisted += 1
            shopper = _Assisted(conversation_id, created, row.updated_at, day)
            by_session[row.session_id].append(shopper)
            if row.customer_id is not None:
                by_customer[row.customer_id].append(shopper)
    # Handoffs and ratings belong to the store through their conversation: a store filter on
    # them would steer SQLite to scan the store's rows instead of looking up each conversation.
    ids = select(Conversation.id).where(*started)
    for conversation_id, reason in session.execute(
        select(Handoff.conversation_id, Handoff.reason).where(Handoff.conversation_id.in_(ids))
    ):
        # A conversation started after the first read (another transaction) is not counted.
        if (counted := day_of.get(conversation_id)) is not None:
            counted.handoff_reasons[reason] += 1
    for conversation_id, resolver, rating in session.execute(
        select(Feedback.conversation_id, Feedback.resolver, Feedback.rating).where(
            Feedback.conversation_id.in_(ids),
            Feedback.message_id.is_(None),
        )
    ):
        if resolver in RESOLVERS and (rated := day_of.get(conversation_id)) is not None:
            rated.ratings[resolver] += 1
            rated.rating_sums[resolver] += rating
            rated.satisfied[resolver] += rating >= 4
    for shown, product_id in session.execute(
        select(ConversationProduct.created_at, ConversationProduct.product_id).where(
            ConversationProduct.store_id == period.store_id,
            ConversationProduct.kind == "card",
            ConversationProduct.created_at >= period.start,
            ConversationProduct.created_at < period.end,
        )
    ):
        days[shown.date()].products_shown[product_id] += 1
    converted: set[str] = set()
    for order_id, total, shopper in _assisted_orders(
        session, period, started, by_session, by_customer
    ):
        shopper.day.assisted_orders[order_id] = total
        if shopper.conversation_id not in converted:
            converted.add(shopper.conversation_id)
            shopper.day.converted += 1
    return days


def _assisted_orders(
    session: Session,
    period: Period,
    started: tuple[ColumnElement[bool], ...],
    by_session: dict[str, list[_Assisted]],
    by_customer: dict[int, list[_Assisted]],
) -> Iterator[tuple[int, int, _Assisted]]:
    """(order id, total, conversation) for each revenue order of the same shopper placed after
    an assisted conversation of the period started and at most 24 hours after its last
    activity (`commerce_metrics.assisted_matches`, read from the conversations' side): the
    orders are looked up by the assisted conversations' sessions, then their customers."""
    assisted = (*started, Conversation.assisted_at.is_not(None))
    lookups: tuple[tuple[Any, Any, dict[Any, list[_Assisted]]], ...] = (
        (Order.session_id, Conversation.session_id, by_session),
        (Order.customer_id, Conversation.customer_id, by_customer),
    )
    for order_column, conversation_column, shoppers in lookups:
        if not shoppers:
            continue
        # Only the shopper in SQL, so the orders are looked up by it; the store is checked here.
        for order_id, store_id, total, placed_at, key in session.execute(
            select(
                Order.id, Order.store_id, Order.total_minor, Order.placed_at, order_column
            ).where(
                order_column.in_(select(conversation_column).where(*assisted)),
                Order.status.in_(PAID_STATUSES),
            )
        ):
            if store_id != period.store_id:
                continue
            for shopper in shoppers.get(key, ()):
                if shopper.started <= placed_at and placed_at - shopper.last_active <= ORDER_WINDOW:
                    yield order_id, total, shopper
