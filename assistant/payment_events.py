"""Applying a payment provider's event to its order: once, in any order, never resurrecting stock.

Every event is recorded in `payment_events`, unique on (store, provider, event id), and the row
is inserted *before* the event acts, in the same transaction: a replay arriving in parallel
blocks on the unique index (PostgreSQL) or the write lock (SQLite) until the first commits, then
fails to insert and answers with what the first one did. The order's row is locked while an
event acts on it, so two different events of one order (a success and a failure, a success and
a refund) take turns, and the status changes are conditional UPDATEs, so an event racing the
release job cannot both pay and release an order.

What each event does to the order, whatever order they arrive in:

- `payment.succeeded` with the order's amount and currency marks a pending order paid (its held
  units leave stock), posts the confirmation in the shopper's conversation and queues the
  store's `order.paid` webhook. For an order already paid it does nothing. For an order whose
  hold was released or that was cancelled it does nothing to the order or the stock and is
  flagged `refund_needed`: the provider took money for goods no longer held. A wrong amount or
  currency is refused and flagged.
- `payment.failed` never changes an order: the shopper may try again while the hold runs, and a
  failure arriving after the success does not un-pay.
- `payment.refunded` moves a paid order to `refunded`; a refund that arrives before its success
  is recorded, and the success that follows it is then ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from assistant.conversations import NewMessage, append_messages, current_conversation
from assistant.db import Database
from assistant.domain import Order, OrderStatusEvent, PaymentEventRecord, Store
from assistant.domain.money import format_money
from assistant.domain.orders import PAID_STATUSES
from assistant.errors import ConflictError
from assistant.webhooks import enqueue_order_paid_webhook
from tools.order_lifecycle import record_payment
from tools.payment_events import PaymentEvent

Outcome = Literal[
    "paid",
    "already_paid",
    "refund_needed",
    "refused",
    "amount_mismatch",
    "payment_failed",
    "refunded",
    "ignored",
    "unknown_order",
]
NEEDS_ATTENTION: frozenset[str] = frozenset({"refund_needed", "amount_mismatch", "unknown_order"})
CONFIRMATION_AUTHOR = "checkout"

_CONFIRMATION = {
    "en": "Payment received for order {number}: {total}. Thank you for your order!",
    "zh": "订单 {number} 已付款：{total}。感谢您的订购！",
}


@dataclass(frozen=True)
class AppliedEvent:
    """What an event did; a replay reports the first delivery's answer with `replayed`."""

    event_id: str
    type: str
    outcome: Outcome
    order_number: str | None
    needs_attention: bool
    note: str | None
    replayed: bool = False


def store_language(store: Store) -> Literal["en", "zh"]:
    """The language of the store's pages and messages: Chinese for a zh locale, else English."""
    return "zh" if store.locale.lower().startswith("zh") else "en"


def apply_payment_event(
    database: Database,
    store_id: str,
    provider: str,
    event: PaymentEvent,
    now: datetime,
    *,
    money_taken: bool = True,
) -> AppliedEvent:
    """Record `event` and apply it to its order, once per (store, provider, event id).

    `money_taken` is True for a provider's report (the money has moved already, so an expired
    hold is no reason to refuse it); the built-in checkout page passes False, and an order whose
    hold ran out is then `refused` (no money was taken).

    Raises:
        ConflictError: the event's first delivery rolled back while this one waited (send it
            again).
    """
    earlier = _stored(database, store_id, provider, event.id)
    if earlier is not None:
        return earlier
    try:
        with database.transaction() as session:
            record = PaymentEventRecord(
                store_id=store_id,
                provider=provider,
                event_id=event.id,
                type=event.type,
                order_number=event.order_number,
                amount_minor=event.amount_minor,
                currency=event.currency,
                occurred_at=event.created_at,
                received_at=now,
            )
            session.add(record)
            session.flush()
            order = _locked_order(session, store_id, event)
            if order is None:
                outcome: Outcome = "unknown_order"
                note: str | None = "no order of this store has this number or token"
            else:
                record.order_id, record.order_number = order.id, order.number
                outcome, note = _act(session, order, event, record, now, money_taken)
            record.outcome, record.note = outcome, note
            record.needs_attention = outcome in NEEDS_ATTENTION
            applied = _applied(record, replayed=False)
    except IntegrityError:
        earlier = _stored(database, store_id, provider, event.id)
        if earlier is None:
            raise ConflictError(
                "the event was being applied at the same moment; send it again"
            ) from None
        return earlier
    return applied


def _stored(database: Database, store_id: str, provider: str, event_id: str) -> AppliedEvent | None:
    with database.session() as session:
        record = session.scalar(
            select(PaymentEventRecord).where(
                PaymentEventRecord.store_id == store_id,
                PaymentEventRecord.provider == provider,
                PaymentEventRecord.event_id == event_id,
            )
        )
        return None if record is None else _applied(record, replayed=True)


def _applied(record: PaymentEventRecord, *, replayed: bool) -> AppliedEvent:
    return AppliedEvent(
        event_id=record.event_id,
        type=record.type,
        outcome=cast(Outcome, record.outcome),
        order_number=record.order_number,
        needs_attention=record.needs_attention,
        note=record.note,
        replayed=replayed,
    )


def _locked_order(session: Session, store_id: str, event: PaymentEvent) -> Order | None:
    """The event's order, its row locked for the rest of the transaction (PostgreSQL; SQLite's
    write lock is already held)."""
    query = select(Order).where(Order.store_id == store_id)
    if event.order_number is not None:
        query = query.where(Order.number == event.order_number)
    else:
        query = query.where(Order.checkout_token == event.order_token)
    return session.scalar(
        query.options(selectinload(Order.lines)).with_for_update(of=Order).limit(1)
    )


def _act(
    session: Session,
    order: Order,
    event: PaymentEvent,
    record: PaymentEventRecord,
    now: datetime,
    money_taken: bool,
) -> tuple[Outcome, str | None]:
    if event.type == "payment.failed":
        if order.status == "pending_payment":
            return "payment_failed", "the order still awaits payment"
        return "ignored", f"the order is {order.status}: a failed attempt changes nothing"
    if event.type == "payment.refunded":
        return _refund(session, order, now)
    return _succeed(session, order, event, record, now, money_taken)


def _succeed(
    session: Session,
    order: Order,
    event: PaymentEvent,
    record: PaymentEventRecord,
    now: datetime,
    money_taken: bool,
) -> tuple[Outcome, str | None]:
    expected = format_money(order.total_minor, order.currency)
    if event.amount_minor != order.total_minor or event.currency != order.currency:
        got = f"{event.amount_minor} {event.currency}"
        return "amount_mismatch", f"the order's total is {expected}; the event says {got}"
    if order.status == "pending_payment" and _refunded_before(session, order, record):
        return "ignored", "a refund of this order arrived before its payment"
    if order.status == "pending_payment":
        if record_payment(session, order, now, within_hold=not money_taken):
            store = session.get_one(Store, order.store_id)
            confirm_in_chat(session, order, store)
            enqueue_order_paid_webhook(
                session, store, order, paid_at=now, payment_event_id=event.id
            )
            return "paid", None
        session.refresh(order)
        if order.status == "pending_payment":
            return "refused", "the order's stock hold has run out"
    if order.status in PAID_STATUSES:
        return "already_paid", None
    if not money_taken:
        return "refused", f"the order is {order.status}"
    return "refund_needed", f"the order is {order.status}: its stock is no longer held"


def _refunded_before(session: Session, order: Order, record: PaymentEventRecord) -> bool:
    refund = session.scalar(
        select(PaymentEventRecord.id).where(
            PaymentEventRecord.order_id == order.id,
            PaymentEventRecord.type == "payment.refunded",
            PaymentEventRecord.id != record.id,
        )
    )
    return refund is not None


def _refund(session: Session, order: Order, now: datetime) -> tuple[Outcome, str | None]:
    result = cast(
        CursorResult[Any],
        session.execute(
            update(Order)
            .where(Order.id == order.id, Order.status.in_(PAID_STATUSES))
            .values(status="refunded")
            .execution_options(synchronize_session=False)
        ),
    )
    if result.rowcount != 1:
        return "ignored", f"the order is {order.status}: there is no recorded payment to refund"
    session.add(
        OrderStatusEvent(
            store_id=order.store_id,
            order_id=order.id,
            status="refunded",
            note="The payment provider refunded the payment.",
            at=now,
        )
    )
    return "refunded", None


def confirm_in_chat(session: Session, order: Order, store: Store) -> None:
    """Tell the shopper in their conversation that the order is paid (announced on the live
    stream at commit): the one place this message is written."""
    if order.session_id is None:
        return  # the shopper's session is gone: there is no conversation to write to
    conversation = current_conversation(session, store.id, order.session_id)
    text = _CONFIRMATION[store_language(store)].format(
        number=order.number, total=format_money(order.total_minor, order.currency)
    )
    append_messages(
        session,
        conversation,
        [NewMessage(role="assistant", content=text, author=CONFIRMATION_AUTHOR)],
    )
