# ruff: noqa: F811  (the webhook tests' `secret` fixture is a parameter here)
"""The payment events a store received, for the merchant: admin key only, newest first,
filtered by outcome or flag, paged."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import SHOP, Shopper, admin
from tests.api.test_checkout_page import add, check_out
from tests.api.test_payment_webhook import event_for, secret, send  # noqa: F401 (fixture)

EVENTS = f"/v1/stores/{SHOP}/payments/events"


def test_events_are_listed_newest_first_with_what_they_did(
    shopper: Shopper, client: TestClient, stores: dict[str, str], secret: str
) -> None:
    add(shopper, "BOOT-TRAIL-42", 1)
    order = check_out(shopper)
    send(client, secret, event_for(order, amount=1))
    send(client, secret, event_for(order))
    body = client.get(EVENTS, headers=admin(stores)).json()
    assert [event["outcome"] for event in body["events"]] == ["paid", "amount_mismatch"]
    assert body["events"][1]["needs_attention"] is True
    assert body["events"][0]["amount"]["display"] == order["total"]["display"]
    assert body["next_before_id"] is None


def test_the_outcome_filter_finds_what_needs_a_person(
    shopper: Shopper, client: TestClient, stores: dict[str, str], secret: str
) -> None:
    add(shopper, "BOOT-TRAIL-42", 1)
    order = check_out(shopper)
    send(client, secret, event_for(order))
    unknown = {"order_number": "SA-NOSUCH00", "total": {"amount_minor": 100, "currency": "USD"}}
    send(client, secret, event_for(unknown))
    flagged = client.get(EVENTS, params={"needs_attention": "true"}, headers=admin(stores))
    assert [e["outcome"] for e in flagged.json()["events"]] == ["unknown_order"]
    paid = client.get(EVENTS, params={"outcome": "paid"}, headers=admin(stores)).json()
    assert [e["order_number"] for e in paid["events"]] == [order["order_number"]]
    none = client.get(EVENTS, params={"outcome": "refund_needed"}, headers=admin(stores))
    assert none.json()["events"] == []
    wrong = client.get(EVENTS, params={"outcome": "lost"}, headers=admin(stores))
    assert wrong.status_code == 422


def test_pages_follow_before_id(client: TestClient, stores: dict[str, str], secret: str) -> None:
    for number in ("SA-NOSUCH01", "SA-NOSUCH02", "SA-NOSUCH03"):
        send(
            client,
            secret,
            event_for({"order_number": number, "total": {"amount_minor": 100, "currency": "USD"}}),
        )
    first = client.get(EVENTS, params={"limit": 2}, headers=admin(stores)).json()
    assert [e["order_number"] for e in first["events"]] == ["SA-NOSUCH03", "SA-NOSUCH02"]
    rest = client.get(
        EVENTS, params={"limit": 2, "before_id": first["next_before_id"]}, headers=admin(stores)
    ).json()
    assert [e["order_number"] for e in rest["events"]] == ["SA-NOSUCH01"]


def test_the_log_needs_the_stores_admin_key(client: TestClient, stores: dict[str, str]) -> None:
    assert client.get(EVENTS).status_code == 401
    assert client.get(EVENTS, headers=admin(stores, "rival")).status_code in (403, 404)
