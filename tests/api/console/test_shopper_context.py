"""The panel beside the conversation: cart, recent orders, profile, consent, past chats."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel
from assistant.db import Database
from assistant.domain import ConsentRecord, Conversation, Customer, Order
from tests.api.console.conftest import Console, ask_for_person, idempotent, identified_shopper


def test_the_context_shows_cart_orders_profile_consent_and_past_conversations(
    client: TestClient, ana: Console, model: ScriptedChatModel, database: Database
) -> None:
    shopper = identified_shopper(
        client, database, "cust-9", given_name="Lea", family_name="Roth", email="lea@example.com"
    )
    client.post(
        shopper.url("/cart/items"),
        json={"sku": "BOOT-TRAIL-42", "quantity": 1},
        headers=idempotent(shopper.headers),
    )
    earlier = ask_for_person(shopper, model, "first question")
    ana.post(f"/conversations/{earlier}/resolve")
    conversation_id = ask_for_person(shopper, model, "second question")
    with database.transaction() as session:
        customer_id = session.get_one(Conversation, conversation_id).customer_id
        assert customer_id is not None
        customer = session.get_one(Customer, customer_id)
        customer.tags = ["vip"]
        session.add(ConsentRecord(store_id="shop", customer_id=customer_id, granted=True))
        for number, day in (("SO-1", 1), ("SO-2", 9)):
            session.add(
                Order(
                    store_id="shop",
                    number=number,
                    customer_id=customer_id,
                    status="shipped" if number == "SO-1" else "paid",
                    currency="USD",
                    total_minor=10000,
                    placed_at=datetime(2026, 11, day, tzinfo=UTC),
                )
            )
    context = ana.get(f"/conversations/{conversation_id}/context")
    assert context.status_code == 200, context.text
    body = context.json()
    assert body["customer"]["first_name"] == "Lea"
    assert body["customer"]["email"] == "lea@example.com"
    assert body["customer"]["tags"] == ["vip"]
    assert [c["granted"] for c in body["customer"]["consents"]] == [True]
    assert [line["sku"] for line in body["cart"]["lines"]] == ["BOOT-TRAIL-42"]
    assert body["cart"]["total"]["amount_minor"] == 10000
    assert [(o["number"], o["status"]) for o in body["recent_orders"]] == [
        ("SO-2", "paid"),
        ("SO-1", "shipped"),
    ]
    assert [(c["conversation_id"], c["state"]) for c in body["past_conversations"]] == [
        (earlier, "resolved")
    ]
    queued = ana.get("/queue").json()["items"][0]
    assert queued["customer"] == {"id": customer_id, "name": "Lea Roth", "email": "lea@example.com"}


def test_an_anonymous_shopper_has_no_profile_and_no_cart(
    client: TestClient, ana: Console, model: ScriptedChatModel
) -> None:
    from tests.api.conftest import Shopper

    conversation_id = ask_for_person(Shopper(client), model)
    body = ana.get(f"/conversations/{conversation_id}/context").json()
    assert (body["customer"], body["cart"], body["recent_orders"]) == (None, None, [])
