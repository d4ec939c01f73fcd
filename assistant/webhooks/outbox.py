"""Queueing webhook deliveries in the caller's transaction (an outbox).

A delivery row is written in the same transaction as the change it reports, so the handoff and
its webhook commit or roll back together; `delivery.deliver_due` sends the rows later. The row's
`payload` holds the event's own fields; the envelope (event name, delivery id, store id, console
link) is added when it is sent, see `delivery.webhook_body`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from sqlalchemy.orm import Session

from assistant.domain import Conversation, Handoff, Order, Store, WebhookDelivery
from assistant.domain.base import utcnow
from assistant.domain.store_settings import settings_of
from assistant.stores import get_store

WebhookEvent = Literal["conversation.queued", "conversation.ticket", "order.paid", "cart.abandoned"]


def store_webhook_url(store: Store) -> str | None:
    """Where the store wants its webhooks, or None when it has not set a URL."""
    return settings_of(store).webhook_url or None


def store_webhook_secret(store: Store) -> str | None:
    """The store's signing secret, or None before one was created."""
    return settings_of(store).webhook_secret or None


def enqueue_webhook(
    session: Session, store: Store, event: WebhookEvent, data: Mapping[str, Any]
) -> WebhookDelivery | None:
    """Add a pending delivery of `event` when the store has a webhook URL; None when it has not.

    Nothing is committed here: the row belongs to the caller's transaction.
    """
    url = store_webhook_url(store)
    if url is None:
        return None
    row = WebhookDelivery(
        store_id=store.id,
        event=event,
        url=url,
        payload=dict(data),
        status="pending",
        attempts=0,
        next_attempt_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def handoff_data(conversation: Conversation, handoff: Handoff) -> dict[str, Any]:
    """What a merchant learns about a queued conversation: no message text but the summary."""
    queued_at = handoff.requested_at or utcnow()
    return {
        "conversation_id": conversation.id,
        "reason": handoff.reason,
        "confidence": handoff.confidence,
        "summary": conversation.summary,
        "language": conversation.language,
        "priority": conversation.priority,
        "queued_at": queued_at.isoformat(),
    }


def enqueue_queued_webhook(
    session: Session, conversation: Conversation, handoff: Handoff
) -> WebhookDelivery | None:
    """Queue `conversation.queued` for a conversation that just entered the handoff queue."""
    store = get_store(session, conversation.store_id)
    return enqueue_webhook(
        session, store, "conversation.queued", handoff_data(conversation, handoff)
    )


def enqueue_ticket_webhook(
    session: Session, conversation: Conversation, handoff: Handoff
) -> WebhookDelivery | None:
    """Queue `conversation.ticket` once the shopper has left a message and an email address."""
    store = get_store(session, conversation.store_id)
    data = {**handoff_data(conversation, handoff), "contact_email": handoff.contact_email}
    return enqueue_webhook(session, store, "conversation.ticket", data)


def enqueue_order_paid_webhook(
    session: Session, store: Store, order: Order, *, paid_at: datetime, payment_event_id: str
) -> WebhookDelivery | None:
    """Queue `order.paid` for an order whose payment was just recorded."""
    data = {
        "order_number": order.number,
        "total_minor": order.total_minor,
        "currency": order.currency,
        "paid_at": paid_at.isoformat(),
        "payment_event_id": payment_event_id,
    }
    return enqueue_webhook(session, store, "order.paid", data)
