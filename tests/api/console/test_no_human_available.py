"""When no person is available: outside business hours at once, or after the wait; the shopper
leaves a message and an email address, which becomes a ticket in the queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel, reply
from assistant.config import Settings
from assistant.console.availability import store_is_open, sweep_unattended
from assistant.db import Database
from assistant.domain import Message, Store, WebhookDelivery
from tests.api.conftest import Shopper, admin
from tests.api.console.conftest import Console, ask_for_person

ALWAYS_CLOSED = {"sat": ["00:00", "00:01"]}


def set_store(database: Database, **settings: object) -> None:
    with database.transaction() as session:
        store = session.get_one(Store, "shop")
        store.settings = {**store.settings, **settings}


def notices(database: Database, conversation_id: str) -> list[str]:
    with database.session() as session:
        return [
            row.timings["notice"]
            for row in session.query(Message).filter_by(conversation_id=conversation_id)
            if row.timings.get("notice")
        ]


@pytest.mark.parametrize(
    ("when", "open_"),
    [
        (datetime(2026, 11, 23, 15, 59, tzinfo=UTC), False),  # Mon 07:59 in Los Angeles
        (datetime(2026, 11, 23, 16, 0, tzinfo=UTC), True),  # Mon 08:00
        (datetime(2026, 11, 24, 1, 59, tzinfo=UTC), True),  # Mon 17:59
        (datetime(2026, 11, 24, 2, 0, tzinfo=UTC), False),  # Mon 18:00: closed
        (datetime(2026, 11, 28, 20, 0, tzinfo=UTC), False),  # Saturday
    ],
)
def test_business_hours_are_read_in_the_stores_time_zone(when: datetime, open_: bool) -> None:
    store = Store(
        id="s",
        name="s",
        currency="USD",
        timezone="America/Los_Angeles",
        settings={"business_hours": {"mon": ["08:00", "18:00"], "sat": None}},
        customer_token_secret="x",
    )
    assert store_is_open(store, when) is open_


def test_a_store_without_hours_is_always_staffed() -> None:
    store = Store(id="s", name="s", currency="USD", settings={}, customer_token_secret="x")
    assert store_is_open(store, datetime(2026, 11, 28, 3, 0, tzinfo=UTC))


def test_outside_business_hours_the_shopper_is_told_at_once_and_leaves_a_message(
    shopper: Shopper, model: ScriptedChatModel, database: Database, ana: Console
) -> None:
    set_store(database, business_hours=ALWAYS_CLOSED)
    conversation_id = ask_for_person(shopper, model)
    transcript = shopper.get("/chat/messages").json()
    assert transcript["handoff_status"] == "unavailable"
    assert "outside our opening hours" in transcript["messages"][-1]["content"]
    left = shopper.client.post(
        shopper.url(f"/chat/conversations/{conversation_id}/ticket"),
        json={"message": "Please call me about a bulk order", "email": "kim@example.com"},
        headers=shopper.headers,
    )
    assert left.status_code == 201, left.text
    after = shopper.get("/chat/messages").json()
    assert after["handoff_status"] == "ticket"
    assert after["messages"][-2]["content"] == "Please call me about a bulk order"
    assert "kim@example.com" in after["messages"][-1]["content"]
    (item,) = ana.get("/queue").json()["items"]
    assert (item["kind"], item["contact_email"]) == ("ticket", "kim@example.com")
    assert item["last_message"] == "Please call me about a bulk order"
    assert ana.post(f"/conversations/{conversation_id}/claim").status_code == 200


def test_after_the_wait_the_shopper_is_told_once_even_with_several_sweepers(
    shopper: Shopper, model: ScriptedChatModel, database: Database, settings: Settings
) -> None:
    set_store(database, handoff_wait_s=60)
    conversation_id = ask_for_person(shopper, model)
    assert sweep_unattended(database, settings) == 0
    assert shopper.get("/chat/messages").json()["handoff_status"] == "waiting"
    later = datetime.now(UTC) + timedelta(seconds=61)
    assert sweep_unattended(database, settings, later) == 1
    assert sweep_unattended(database, settings, later) == 0
    assert notices(database, conversation_id) == ["unavailable_busy"]
    transcript = shopper.get("/chat/messages").json()
    assert transcript["handoff_status"] == "unavailable"
    assert "no one from our team is free" in transcript["messages"][-1]["content"]


def test_the_default_wait_comes_from_settings(
    shopper: Shopper, model: ScriptedChatModel, database: Database, settings: Settings
) -> None:
    ask_for_person(shopper, model)
    soon = datetime.now(UTC) + timedelta(seconds=settings.handoff_wait_s - 5)
    assert sweep_unattended(database, settings, soon) == 0
    late = datetime.now(UTC) + timedelta(seconds=settings.handoff_wait_s + 1)
    assert sweep_unattended(database, settings, late) == 1


def test_a_claimed_conversation_is_never_declared_unattended(
    shopper: Shopper,
    model: ScriptedChatModel,
    database: Database,
    settings: Settings,
    ana: Console,
) -> None:
    conversation_id = ask_for_person(shopper, model)
    ana.post(f"/conversations/{conversation_id}/claim")
    assert sweep_unattended(database, settings, datetime.now(UTC) + timedelta(hours=1)) == 0


def test_the_notice_speaks_the_shoppers_language(
    shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    set_store(database, business_hours=ALWAYS_CLOSED)
    ask_for_person(shopper, model, "我要找人工客服")
    assert "非营业时间" in shopper.get("/chat/messages").json()["messages"][-1]["content"]


def test_a_message_can_be_left_only_while_waiting_and_with_a_real_address(
    client: TestClient, shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(reply("Hello!"))
    conversation_id = shopper.send("hi").json()["conversation_id"]
    url = shopper.url(f"/chat/conversations/{conversation_id}/ticket")
    ok = {"message": "hi", "email": "kim@example.com"}
    assert client.post(url, json=ok, headers=shopper.headers).status_code == 409
    bad = {"message": "hi", "email": "not-an-address"}
    assert client.post(url, json=bad, headers=shopper.headers).status_code == 422
    empty = {"message": "   ", "email": "kim@example.com"}
    ask_for_person(shopper, model)
    assert client.post(url, json=empty, headers=shopper.headers).status_code == 422
    stranger = Shopper(client)
    assert client.post(url, json=ok, headers=stranger.headers).status_code == 404


def test_the_merchant_sets_the_wait_and_hours_through_the_settings_api(
    client: TestClient,
    stores: dict[str, str],
    shopper: Shopper,
    model: ScriptedChatModel,
    database: Database,
    settings: Settings,
) -> None:
    url = "/v1/stores/shop/settings"
    assert client.patch(url, json={"handoff_wait_s": 5}, headers=admin(stores)).status_code == 422
    changed = client.patch(url, json={"handoff_wait_s": 30}, headers=admin(stores))
    assert changed.status_code == 200, changed.text
    assert client.get(url, headers=admin(stores)).json()["handoff_wait_s"] == 30
    ask_for_person(shopper, model)
    later = datetime.now(UTC) + timedelta(seconds=31)
    assert sweep_unattended(database, settings, later) == 1
    closed = client.patch(url, json={"business_hours": ALWAYS_CLOSED}, headers=admin(stores))
    assert closed.status_code == 200
    other = Shopper(client)
    ask_for_person(other, model)
    assert other.get("/chat/messages").json()["handoff_status"] == "unavailable"


def test_a_ticket_is_announced_to_the_merchants_webhook(
    shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    set_store(database, business_hours=ALWAYS_CLOSED, webhook_url="https://hooks.example.com/sa")
    conversation_id = ask_for_person(shopper, model)
    shopper.client.post(
        shopper.url(f"/chat/conversations/{conversation_id}/ticket"),
        json={"message": "Call me", "email": "kim@example.com"},
        headers=shopper.headers,
    )
    with database.session() as session:
        rows = session.query(WebhookDelivery).filter_by(store_id="shop").all()
    events = {row.event: row.payload for row in rows}
    assert set(events) == {"conversation.queued", "conversation.ticket"}
    assert events["conversation.ticket"]["contact_email"] == "kim@example.com"
    assert "Call me" not in str(events)
