"""The report's figures of one day, computed from the raw rows, and their sum over days.

A conversation's figures belong to the UTC day it started (every conversation figure counts the
conversations started in the period), a product card's to the day it was shown. Everything kept
per day adds up over days: counts, rating sums, reply waits as a count per wait, products shown
as a count per product, and assisted orders by id (an order following conversations of two days
counts once). So a period's figures are the sum of its days, whether a day was read from the
roll-up (`rollups`) or computed here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from assistant.analytics.commerce_metrics import same_shopper_matches
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


def live_days(session: Session, period: Period) -> dict[date, DayFigures]:
    """Every day of the period computed from the raw rows, driven from the period's
    conversations (the store's index on their start): their handoffs, ratings and orders are
    looked up by conversation, session or customer, not read by scanning the store's rows."""
    days = {day: DayFigures() for day in period.days()}
    started = (
        Conversation.store_id == period.store_id,
        Conversation.created_at >= period.start,
        Conversation.created_at < period.end,
    )
    for created, handed, resolved, reopened, assisted, replied in session.execute(
        select(
            Conversation.created_at,
            Conversation.handed_off_at,
            Conversation.resolved_at,
            Conversation.reopened_at,
            Conversation.assisted_at,
            Conversation.first_agent_reply_at,
        ).where(*started)
    ):
        day = days[created.date()]
        day.conversations += 1
        day.assisted += assisted is not None
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
    # Every query below starts from the period's conversations and joins what hangs off them
    # with no store filter of its own (handoffs and ratings belong to the store through their
    # conversation; an order's store is checked in Python): a filter on the joined table's
    # store would let SQLite scan the store's rows and look each conversation up instead.
    for created, reason in session.execute(
        select(Conversation.created_at, Handoff.reason)
        .select_from(Conversation)
        .join(Handoff, Handoff.conversation_id == Conversation.id)
        .where(*started)
    ):
        days[created.date()].handoff_reasons[reason] += 1
    for created, resolver, rating in session.execute(
        select(Conversation.created_at, Feedback.resolver, Feedback.rating)
        .select_from(Conversation)
        .join(Feedback, Feedback.conversation_id == Conversation.id)
        .where(*started, Feedback.message_id.is_(None))
    ):
        if resolver in RESOLVERS:
            day = days[created.date()]
            day.ratings[resolver] += 1
            day.rating_sums[resolver] += rating
            day.satisfied[resolver] += rating >= 4
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
    for order_id, total, conversation_id, started_at in _assisted_orders(session, period, started):
        day = days[started_at.date()]
        day.assisted_orders[order_id] = total
        if conversation_id not in converted:
            converted.add(conversation_id)
            day.converted += 1
    return days


def _assisted_orders(
    session: Session, period: Period, started: tuple[ColumnElement[bool], ...]
) -> Iterator[tuple[int, int, str, datetime]]:
    """(order id, total, conversation id, its start) for each revenue order of the same
    shopper placed after an assisted conversation of the period started and at most 24 hours
    after its last activity: `commerce_metrics.assisted_matches`, read from the assisted
    conversations' side, the orders looked up by their session, then their customer."""
    for match in same_shopper_matches():
        for (
            order_id,
            store_id,
            total,
            placed_at,
            conversation_id,
            started_at,
            last_active,
        ) in session.execute(
            select(
                Order.id,
                Order.store_id,
                Order.total_minor,
                Order.placed_at,
                Conversation.id,
                Conversation.created_at,
                Conversation.updated_at,
            )
            .select_from(Conversation)
            .join(Order, match)
            .where(
                *started,
                Conversation.assisted_at.is_not(None),
                Order.status.in_(PAID_STATUSES),
                Order.placed_at >= Conversation.created_at,
            )
        ):
            if store_id == period.store_id and placed_at - last_active <= ORDER_WINDOW:
                yield order_id, total, conversation_id, started_at
