"""The events endpoint: batches are validated, stored per store and session, and rate-limited."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from assistant.agent.models.scripted import ScriptedChatModel
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Event
from tests.api.conftest import RIVAL, SHOP, make_app
from tests.guide.conftest import EventShopper


def stored(database: Database, session_id: str) -> list[Event]:
    with database.session() as session:
        return list(
            session.scalars(select(Event).where(Event.session_id == session_id).order_by(Event.id))
        )


def test_a_batch_is_stored_with_products_by_id(shopper: EventShopper, database: Database) -> None:
    response = shopper.report(
        {"kind": "product.viewed", "product": "trail-boot", "sku": "BOOT-TRAIL-42"},
        {"kind": "product.dwell", "product": "BOOT-TRAIL-43", "seconds": 12},
        {"kind": "cart.updated"},
        {"kind": "page.leaving", "via": "pointer"},
    )

    assert response.status_code == 200, response.text
    assert response.json() == {"accepted": 4, "opener": None}
    events = stored(database, shopper.session_id)
    assert [event.kind for event in events] == [
        "product.viewed",
        "product.dwell",
        "cart.updated",
        "page.leaving",
    ]
    assert {event.store_id for event in events} == {SHOP}
    viewed, dwell = events[0].payload, events[1].payload
    assert viewed["product_id"] == dwell["product_id"]
    assert viewed["sku"] == "BOOT-TRAIL-42"
    assert dwell["seconds"] == 12
    assert events[3].payload == {"page": "product", "via": "pointer"}


def error_of(response: Any) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    body: dict[str, Any] = response.json()["error"]
    return body


def test_an_unknown_kind_is_refused(shopper: EventShopper, database: Database) -> None:
    error_of(shopper.report({"kind": "mouse.wiggled"}))
    assert stored(database, shopper.session_id) == []


def test_a_bad_payload_is_refused(shopper: EventShopper) -> None:
    error_of(shopper.report({"kind": "product.dwell", "product": "trail-boot", "seconds": -3}))
    error_of(shopper.report({"kind": "page.leaving", "via": "teleport"}))
    error_of(shopper.report({"kind": "checkout.started", "total": 10}))


def test_more_than_fifty_events_are_refused(shopper: EventShopper) -> None:
    events = [{"kind": "product.viewed", "product": "trail-boot"}] * 51
    error_of(shopper.report(*events))


def test_a_product_of_no_store_is_refused_and_nothing_is_stored(
    shopper: EventShopper, database: Database
) -> None:
    error = error_of(
        shopper.report(
            {"kind": "product.viewed", "product": "trail-boot"},
            {"kind": "product.viewed", "product": "no-such-thing"},
        )
    )
    assert error["details"] == {"event": 1, "product": "no-such-thing"}
    assert stored(database, shopper.session_id) == []


def test_a_sku_of_another_product_is_refused(shopper: EventShopper) -> None:
    error = error_of(shopper.view("trail-boot", sku="JACKET-STORM-M"))
    assert error["details"]["sku"] == "JACKET-STORM-M"


def test_events_need_a_session_of_the_store(client: TestClient, shopper: EventShopper) -> None:
    body = {"events": [{"kind": "cart.updated"}]}
    assert client.post(f"/v1/stores/{SHOP}/events", json=body).status_code == 401
    other = client.post(f"/v1/stores/{RIVAL}/events", json=body, headers=shopper.headers)
    assert other.status_code == 403


def test_batches_are_rate_limited_per_session(
    settings: Settings, database: Database, stores: dict[str, str]
) -> None:
    limited = settings.model_copy(update={"rate_limit_events_per_minute": 2})
    with TestClient(make_app(limited, database, ScriptedChatModel())) as client:
        first, second = EventShopper(client), EventShopper(client)
        assert first.view("trail-boot").status_code == 200
        assert first.view("trail-boot").status_code == 200
        refused = first.view("trail-boot")
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) >= 1
        assert refused.json()["error"]["code"] == "rate_limited"
        assert second.view("trail-boot").status_code == 200
