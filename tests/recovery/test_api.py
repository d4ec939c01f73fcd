# ruff: noqa: F811  (pytest fixtures shared from the tool and API tests are parameters here)
"""Cart recovery over HTTP: settings, consent (merchant and widget), the reminder on the next
visit, the resume link, the audit log with "recovered", and the unsubscribe page."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from assistant.api.deps import services_of
from assistant.db import Database
from assistant.domain import ConsentRecord, Customer, WebhookDelivery
from assistant.domain.base import utcnow
from assistant.recovery.sweep import run_cart_recovery
from tests.api.conftest import SHOP, Shopper, admin, app, client, model, stores  # noqa: F401 (fixtures)
from tests.api.console.conftest import identified_shopper
from tests.recovery.conftest import LADDER, configure


def idempotent(headers: dict[str, str]) -> dict[str, str]:
    return {**headers, "Idempotency-Key": uuid.uuid4().hex}


def add_boot(shopper: Shopper) -> None:
    response = shopper.client.post(
        shopper.url("/cart/items"),
        json={"sku": "BOOT-TRAIL-42", "quantity": 1},
        headers=idempotent(shopper.headers),
    )
    assert response.status_code == 200, response.text


class Clock:
    """The app's clock (the tools' `now`), moved on by hand."""

    def __init__(self, app: FastAPI) -> None:
        self.start = self.now = utcnow()
        self.services = services_of(app)
        self.services.tools = replace(self.services.tools, now=lambda: self.now)


def run_job(clock: Clock, hours: float) -> None:
    """Move the app's clock to `hours` after the test began and run the job then."""
    clock.now = clock.start + timedelta(hours=hours)
    run_cart_recovery(clock.services.tools)


@pytest.fixture(autouse=True)
def clock(app: FastAPI) -> Clock:
    return Clock(app)


def patch_recovery(client: TestClient, stores: dict[str, str], **fields: Any) -> Any:
    return client.patch(
        f"/v1/stores/{SHOP}/settings", json={"cart_recovery": fields}, headers=admin(stores)
    )


# --- settings --------------------------------------------------------------------------------


def test_recovery_settings_are_read_and_changed_field_by_field(
    client: TestClient, stores: dict[str, str]
) -> None:
    before = client.get(f"/v1/stores/{SHOP}/settings", headers=admin(stores)).json()
    assert before["cart_recovery"]["enabled"] is False
    assert patch_recovery(client, stores, enabled=True, ladder=LADDER).status_code == 200
    response = patch_recovery(client, stores, abandoned_after_minutes=30)
    recovery = response.json()["cart_recovery"]
    assert recovery["enabled"] is True and recovery["abandoned_after_minutes"] == 30
    assert [step["percent"] for step in recovery["ladder"]] == [0, 5, 10]
    reset = client.patch(
        f"/v1/stores/{SHOP}/settings", json={"cart_recovery": None}, headers=admin(stores)
    )
    assert reset.json()["cart_recovery"]["enabled"] is False


def test_a_ladder_above_the_discount_cap_is_refused(
    client: TestClient, stores: dict[str, str]
) -> None:
    ladder = [{"after_hours": 0, "percent": 0}, {"after_hours": 24, "percent": 20}]
    response = patch_recovery(client, stores, ladder=ladder)  # the default cap is 15%
    assert response.status_code == 422
    assert response.json()["error"]["details"] == {"steps": [1], "discount_cap_percent": 15}
    # Lowering the cap under an existing ladder is refused the same way.
    assert patch_recovery(client, stores, ladder=LADDER).status_code == 200
    lowered = client.patch(
        f"/v1/stores/{SHOP}/settings", json={"discount_cap_percent": 5}, headers=admin(stores)
    )
    assert lowered.status_code == 422


def test_a_ladder_out_of_order_is_refused(client: TestClient, stores: dict[str, str]) -> None:
    ladder = [{"after_hours": 24, "percent": 5}, {"after_hours": 2, "percent": 0}]
    response = patch_recovery(client, stores, ladder=ladder)
    assert response.status_code == 422
    assert "increasing" in response.text


# --- consent ---------------------------------------------------------------------------------


def test_the_merchant_backend_records_consent_with_its_history(
    client: TestClient, stores: dict[str, str]
) -> None:
    url = f"/v1/stores/{SHOP}/customers/cust-9/consent"
    given = client.put(
        url,
        json={"granted": True, "source": "checkout_form", "at": "2026-11-01T10:00:00Z"},
        headers=admin(stores),
    )
    assert given.status_code == 200, given.text
    # A record dated earlier arrives late: kept in the history, not in force.
    client.put(url, json={"granted": False, "at": "2026-10-01T10:00:00Z"}, headers=admin(stores))
    body = client.get(url, headers=admin(stores)).json()
    assert body["granted"] is True and body["source"] == "checkout_form"
    assert [(r["granted"], r["source"]) for r in body["history"]] == [
        (False, "merchant"),
        (True, "checkout_form"),
    ]
    assert client.get(url, headers=admin(stores, "rival")).status_code in (403, 404)
    naive = client.put(
        url, json={"granted": True, "at": "2026-11-01T10:00:00"}, headers=admin(stores)
    )
    assert naive.status_code == 422


def test_consent_given_in_the_widget_is_stored_with_its_wording(
    client: TestClient, database: Database
) -> None:
    anonymous = Shopper(client)
    refused = client.put(
        anonymous.url("/recovery/consent"), json={"granted": True}, headers=anonymous.headers
    )
    assert refused.status_code == 403
    shopper = identified_shopper(client, database, "cust-1")
    assert shopper.get("/recovery/consent").json()["granted"] is False
    response = client.put(
        shopper.url("/recovery/consent"),
        json={"granted": True, "language": "zh"},
        headers=shopper.headers,
    )
    assert response.status_code == 200 and response.json()["granted"] is True
    with database.session() as session:
        record = session.scalars(select(ConsentRecord)).one()
        customer = session.scalars(select(Customer)).one()
    assert (record.granted, record.source) == (True, "widget")
    assert record.wording and "退订" in record.wording
    assert (customer.marketing_consent, customer.marketing_consent_source) == (True, "widget")


# --- the reminder on the next visit ------------------------------------------------------------


def test_the_reminder_shows_once_with_live_totals(
    client: TestClient, clock: Clock, database: Database
) -> None:
    configure(database)
    shopper = Shopper(client)
    add_boot(shopper)
    assert shopper.get("/recovery/reminder").json() == {"reminder": None}
    run_job(clock, 26)
    reminder = shopper.get("/recovery/reminder").json()["reminder"]
    assert reminder["cart"]["total"]["amount_minor"] == 10_000
    assert reminder["offer"]["percent_off"] == 5
    assert reminder["offer"]["code"].startswith("BACK-")
    assert shopper.get("/recovery/reminder").json() == {"reminder": None}
    applied = client.post(
        shopper.url("/cart/coupon"),
        json={"code": reminder["offer"]["code"]},
        headers=idempotent(shopper.headers),
    )
    assert applied.status_code == 200 and applied.json()["discount"]["amount_minor"] == 500


def test_a_customer_back_in_a_new_session_gets_the_cart_back(
    client: TestClient, clock: Clock, database: Database
) -> None:
    configure(database)
    first = identified_shopper(client, database, "cust-2")
    add_boot(first)
    run_job(clock, 2)
    later = identified_shopper(client, database, "cust-2")
    reminder = later.get("/recovery/reminder").json()["reminder"]
    assert reminder is not None and reminder["offer"] is None  # step 0: a reminder only
    assert later.get("/cart").json()["item_count"] == 1


def test_the_resume_link_brings_the_cart_into_a_new_session(
    client: TestClient, clock: Clock, database: Database, stores: dict[str, str]
) -> None:
    configure(database)
    shopper = identified_shopper(client, database, "cust-3")
    client.put(
        f"/v1/stores/{SHOP}/customers/cust-3/consent", json={"granted": True}, headers=admin(stores)
    )
    add_boot(shopper)
    run_job(clock, 26)
    with database.session() as session:
        payload = session.scalars(select(WebhookDelivery)).one().payload
    token = payload["resume_url"].split("sa_resume=")[1]
    elsewhere = Shopper(client)
    resumed = client.post(
        elsewhere.url("/recovery/resume"), json={"token": token}, headers=elsewhere.headers
    )
    assert resumed.status_code == 200, resumed.text
    assert resumed.json()["cart"]["item_count"] == 1
    assert resumed.json()["offer"]["code"] == payload["offer"]["coupon_code"]
    forged = client.post(
        elsewhere.url("/recovery/resume"),
        json={"token": token[:-1] + ("1" if token.endswith("0") else "0")},
        headers=elsewhere.headers,
    )
    assert forged.status_code == 404


# --- the audit log -----------------------------------------------------------------------------


def test_the_audit_log_lists_every_message_and_what_was_recovered(
    client: TestClient, clock: Clock, database: Database, stores: dict[str, str]
) -> None:
    configure(database)
    client.put(
        f"/v1/stores/{SHOP}/customers/cust-4/consent", json={"granted": True}, headers=admin(stores)
    )
    buyer = identified_shopper(client, database, "cust-4")
    add_boot(buyer)
    idle = Shopper(client)
    add_boot(idle)
    run_job(clock, 2)
    clock.now += timedelta(hours=1)  # the customer comes back an hour later
    order = client.post(buyer.url("/checkout"), headers=idempotent(buyer.headers))
    assert order.status_code in (200, 201), order.text
    url = f"/v1/stores/{SHOP}/recovery/messages"
    page = client.get(url, params={"limit": 2}, headers=admin(stores)).json()
    assert len(page["messages"]) == 2 and page["next_before_id"] is not None
    rest = client.get(
        url, params={"limit": 2, "before_id": page["next_before_id"]}, headers=admin(stores)
    ).json()
    rows = page["messages"] + rest["messages"]
    assert rest["next_before_id"] is None and len(rows) == 3
    by_channel = {(row["customer_external_id"], row["channel"]): row for row in rows}
    assert set(by_channel) == {("cust-4", "widget"), ("cust-4", "webhook"), (None, "widget")}
    assert by_channel[("cust-4", "webhook")]["recovered"] is True
    assert by_channel[("cust-4", "webhook")]["order"]["number"] == order.json()["order_number"]
    assert by_channel[("cust-4", "webhook")]["webhook_status"] == "pending"
    assert by_channel[(None, "widget")]["recovered"] is False
    rival = client.get("/v1/stores/rival/recovery/messages", headers=admin(stores, "rival"))
    assert rival.json()["messages"] == []  # another store's log holds none of these
    assert client.get(url, headers=admin(stores, "rival")).status_code in (403, 404)


# --- unsubscribe -------------------------------------------------------------------------------


def _unsubscribe_link(
    client: TestClient, clock: Clock, database: Database, stores: dict[str, str]
) -> str:
    configure(database)
    client.put(
        f"/v1/stores/{SHOP}/customers/cust-5/consent", json={"granted": True}, headers=admin(stores)
    )
    add_boot(identified_shopper(client, database, "cust-5"))
    run_job(clock, 2)
    with database.session() as session:
        url: str = session.scalars(select(WebhookDelivery)).one().payload["unsubscribe_url"]
    return url.split("://", 1)[1].split("/", 1)[1]


def test_the_unsubscribe_link_withdraws_consent_at_once(
    client: TestClient, clock: Clock, database: Database, stores: dict[str, str]
) -> None:
    path = _unsubscribe_link(client, clock, database, stores)
    page = client.get("/" + path)
    assert page.status_code == 200 and "You are unsubscribed" in page.text
    assert page.headers["content-type"].startswith("text/html")
    again = client.get("/" + path.replace("lang=en", "lang=zh"))
    assert "您已退订" in again.text
    consent = client.get(
        f"/v1/stores/{SHOP}/customers/cust-5/consent", headers=admin(stores)
    ).json()
    assert consent["granted"] is False and consent["source"] == "unsubscribe_link"
    assert [r["source"] for r in consent["history"]].count("unsubscribe_link") == 1
    with database.session() as session:
        delivery = session.scalars(select(WebhookDelivery)).one()
    assert delivery.status == "failed"  # queued before, never sent after
    run_job(clock, 30)
    with database.session() as session:
        assert len(session.scalars(select(WebhookDelivery)).all()) == 1


def test_a_forged_unsubscribe_link_is_not_found(
    client: TestClient, clock: Clock, database: Database, stores: dict[str, str]
) -> None:
    path = _unsubscribe_link(client, clock, database, stores)
    forged = client.get("/" + path.replace("unsubscribe/", "unsubscribe/9"))
    assert forged.status_code == 404 and "<html" in forged.text
    other_store = client.get("/" + path.replace(f"stores/{SHOP}/", "stores/rival/"))
    assert other_store.status_code == 404
    one_click = client.post("/" + path)
    assert one_click.status_code == 200


def test_times_in_the_audit_are_utc(client: TestClient, stores: dict[str, str]) -> None:
    page = client.get(f"/v1/stores/{SHOP}/recovery/messages", headers=admin(stores)).json()
    assert page == {"messages": [], "next_before_id": None}
    assert datetime.now(UTC).tzinfo is UTC
