"""Marking the rolled-up days a write makes out of date, as part of the write's transaction.

A past day's figures change when something happens later to its conversations: a handoff, a
person's reply, a resolution, a reopen, a rating, a product shown, an order of the same shopper
(placed, paid, cancelled or refunded). Every session of `Database.transaction()` is watched:
objects flushed through the unit of work, and `update()` statements on conversations and
orders (the reopen mark, a refund, an expired hold). The day each touched conversation started
on (and the day a product card was shown) is marked stale in `analytics_stale_days`, so the
report computes it live until the roll-up job writes it again. Only days before today are
marked: the report always computes today live.

Bulk `insert()` / executemany statements are not watched; they load history (the traffic
generator), after which the roll-up is rebuilt (`rollups.forget_rollups`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, event, insert, or_, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from assistant.analytics.period import ORDER_WINDOW
from assistant.domain import (
    AnalyticsStaleDay,
    Conversation,
    ConversationProduct,
    Feedback,
    Handoff,
    Order,
)
from assistant.domain.base import utcnow

_TOUCHED = "analytics_touched"
_WATCHED = (Conversation, Handoff, Feedback, ConversationProduct, Order)


def watch_analytics_changes(sessions: sessionmaker[Session]) -> None:
    """Mark stale days from every session the factory makes."""
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _on_statement)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    # Attributes are read after the flush, when defaults (created_at) have been applied.
    touched: list[object] = session.info.setdefault(_TOUCHED, [])
    for row in (*session.new, *session.deleted):
        if isinstance(row, _WATCHED):
            touched.append(row)
    for row in session.dirty:
        if isinstance(row, _WATCHED) and session.is_modified(row):
            touched.append(row)


def _after_flush(session: Session, _context: Any) -> None:
    touched: list[object] = session.info.pop(_TOUCHED, [])
    if not touched:
        return
    days: set[tuple[str, date]] = set()
    conversation_ids: set[str] = set()
    orders: list[tuple[str | None, int | None, datetime]] = []
    for row in touched:
        if isinstance(row, Conversation):
            days.add((row.store_id, row.created_at.date()))
        elif isinstance(row, Handoff | Feedback):
            conversation_ids.add(row.conversation_id)
        elif isinstance(row, ConversationProduct):
            days.add((row.store_id, row.created_at.date()))
            conversation_ids.add(row.conversation_id)
        elif isinstance(row, Order):
            orders.append((row.session_id, row.customer_id, row.placed_at))
    if conversation_ids:
        days.update(
            (store_id, created.date())
            for store_id, created in session.execute(
                select(Conversation.store_id, Conversation.created_at).where(
                    Conversation.id.in_(conversation_ids)
                )
            )
        )
    days.update(_days_of_shoppers(session, orders))
    mark_stale(session, days)


def _on_statement(state: ORMExecuteState) -> None:
    """Before an `update()` of conversations or orders runs, mark the days it touches."""
    if not (state.is_update or state.is_delete) or isinstance(state.parameters, list):
        return
    mapper = state.bind_mapper
    where = getattr(state.statement, "whereclause", None)
    if mapper is None or where is None:
        return
    session = state.session
    if mapper.class_ is Conversation:
        rows = session.execute(
            select(Conversation.store_id, Conversation.created_at).where(where),
            state.parameters,
        )
        mark_stale(session, {(store_id, created.date()) for store_id, created in rows})
    elif mapper.class_ is Order:
        found = session.execute(
            select(Order.session_id, Order.customer_id, Order.placed_at).where(where),
            state.parameters,
        )
        orders = [(session_id, customer, placed) for session_id, customer, placed in found]
        mark_stale(session, _days_of_shoppers(session, orders))


def _days_of_shoppers(
    session: Session, orders: Iterable[tuple[str | None, int | None, datetime]]
) -> set[tuple[str, date]]:
    """The start days of the conversations an order of this shopper could be assisted by."""
    days: set[tuple[str, date]] = set()
    for session_id, customer_id, placed_at in orders:
        shopper: list[ColumnElement[bool]] = []
        if session_id is not None:
            shopper.append(Conversation.session_id == session_id)
        if customer_id is not None:
            shopper.append(Conversation.customer_id == customer_id)
        if not shopper:
            continue
        rows = session.execute(
            select(Conversation.store_id, Conversation.created_at).where(
                and_(
                    or_(*shopper),
                    Conversation.created_at <= placed_at,
                    Conversation.updated_at >= placed_at - ORDER_WINDOW,
                )
            )
        )
        days.update((store_id, created.date()) for store_id, created in rows)
    return days


def mark_stale(session: Session, days: Iterable[tuple[str, date]]) -> None:
    """Record that these (store, day) roll-ups are out of date; today's are never kept."""
    today = utcnow().date()
    rows = [{"store_id": s, "day": d, "marked_at": utcnow()} for s, d in set(days) if d < today]
    if rows:
        session.connection().execute(insert(AnalyticsStaleDay), rows)
