"""Deliveries are queued in the same transaction as the handoff they report."""

import pytest
from sqlalchemy import select

from assistant.conversations import (
    NewMessage,
    append_messages,
    current_conversation,
    request_handoff,
)
from assistant.db import Database
from assistant.domain import Conversation, Handoff, ShopperSession
from assistant.domain.base import utcnow
from assistant.webhooks import enqueue_ticket_webhook
from tests.webhooks.conftest import (
    SECRET,
    add_store,
    deliveries,
    handoff_of,
    queue_conversation,
)

URL = "https://shop.example/hooks"


def test_a_handoff_queues_one_pending_delivery(database: Database) -> None:
    add_store(database, webhook_url=URL, webhook_secret=SECRET)
    conversation_id = queue_conversation(database, reason="complaint")
    _conversation, handoff = handoff_of(database, conversation_id)
    [row] = deliveries(database)
    assert (row.store_id, row.event, row.url, row.status, row.attempts) == (
        "shop",
        "conversation.queued",
        URL,
        "pending",
        0,
    )
    assert row.payload == {
        "conversation_id": conversation_id,
        "reason": "complaint",
        "confidence": 0.42,
        "summary": "Boots leaked on day one; wants a refund",
        "language": "en",
        "priority": 2,
        "queued_at": handoff.requested_at.isoformat(),
    }


def test_no_url_no_delivery(database: Database) -> None:
    add_store(database, webhook_secret=SECRET)
    queue_conversation(database)
    assert deliveries(database) == []


def test_a_cleared_url_queues_nothing(database: Database) -> None:
    add_store(database, webhook_url=None, webhook_secret=SECRET)
    queue_conversation(database)
    assert deliveries(database) == []


def test_a_rolled_back_handoff_leaves_no_delivery(database: Database) -> None:
    add_store(database, webhook_url=URL, webhook_secret=SECRET)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), database.transaction() as session:
        shopper = ShopperSession(store_id="shop", expires_at=utcnow())
        session.add(shopper)
        session.flush()
        conversation = current_conversation(session, "shop", shopper.id)
        request_handoff(session, conversation, reason="complaint", confidence=None, summary="x")
        raise Boom
    assert deliveries(database) == []
    with database.session() as session:
        assert session.scalars(select(Handoff)).all() == []


def test_a_ticket_adds_the_contact_email_and_no_message_text(database: Database) -> None:
    add_store(database, webhook_url=URL, webhook_secret=SECRET)
    conversation_id = queue_conversation(database)
    with database.transaction() as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None
        handoff = session.scalars(select(Handoff)).one()
        append_messages(
            session,
            conversation,
            [NewMessage(role="user", content="Call me back, my card is 4111 1111 1111 1111")],
        )
        handoff.status = "ticket"
        handoff.contact_email = "kim@example.com"
        enqueue_ticket_webhook(session, conversation, handoff)
    queued, ticket = deliveries(database)
    assert ticket.event == "conversation.ticket"
    assert ticket.payload == {**queued.payload, "contact_email": "kim@example.com"}
    assert "4111" not in str(ticket.payload)
