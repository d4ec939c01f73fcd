# ruff: noqa: F811  (pytest fixtures shared from the API tests are parameters here)
"""An anonymous shopper whose session token expired still gets the reminder of the cart they
left, in the same browser: the widget presents the expired token when it starts its next
session, and that session takes the old one over, once. Nothing else does: a forged or
too-old token, a second renewal of the same token, another browser, or another customer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from assistant.api.deps import services_of
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import GuideOptOut, ShopperSession, Store
from assistant.domain.base import utcnow
from assistant.recovery.sweep import run_cart_recovery
from assistant.shopper_sessions import start_session
from tests.api.conftest import SHOP, app, client, model, stores  # noqa: F401 (fixtures)
from tests.recovery.conftest import configure
from tools.cart import add_to_cart


@dataclass(frozen=True)
class LeftCart:
    """A session whose token has expired, with the cart it left and its reminder sent."""

    session_id: str
    token: str


def customer_token(database: Database, sub: str) -> str:
    with database.session() as session:
        secret = session.get_one(Store, SHOP).customer_token_secret
    expires = datetime.now(UTC) + timedelta(days=30)
    return jwt.encode({"sub": sub, "exp": expires}, secret, algorithm="HS256")


def leave_cart(
    app: FastAPI, database: Database, settings: Settings, *, hours_ago: float, customer: str = ""
) -> LeftCart:
    """A session started `hours_ago` (its 24 h token long expired) that filled a cart then; the
    recovery job has run now, so the 5% step waits for its next visit."""
    began = utcnow() - timedelta(hours=hours_ago)
    with database.transaction() as session:
        issued = start_session(
            session,
            settings,
            SHOP,
            customer_token=customer_token(database, customer) if customer else None,
            now=began,
        )
    tools = replace(services_of(app).tools, now=lambda: began)
    deps = tools.for_shopper(
        SHOP, issued.identity.session_id, customer_id=issued.identity.customer_id
    )
    add_to_cart(deps, "BOOT-TRAIL-42", 1, idempotency_key=uuid.uuid4().hex)
    report = run_cart_recovery(replace(tools, now=utcnow))
    assert report.widget == 1
    return LeftCart(issued.identity.session_id, issued.token)


def new_session(client: TestClient, **body: Any) -> dict[str, str]:
    response = client.post(f"/v1/stores/{SHOP}/sessions", json=body)
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def reminder_for(client: TestClient, headers: dict[str, str]) -> Any:
    response = client.get(f"/v1/stores/{SHOP}/recovery/reminder", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["reminder"]


@pytest.fixture
def left(app: FastAPI, database: Database, settings: Settings) -> LeftCart:
    configure(database)
    return leave_cart(app, database, settings, hours_ago=27)


def test_the_expired_token_no_longer_opens_the_session(client: TestClient, left: LeftCart) -> None:
    headers = {"Authorization": f"Bearer {left.token}"}
    assert client.get(f"/v1/stores/{SHOP}/recovery/reminder", headers=headers).status_code == 401


def test_the_same_browser_gets_the_reminder_in_its_next_session(
    client: TestClient, left: LeftCart
) -> None:
    headers = new_session(client, previous_token=left.token)
    reminder = reminder_for(client, headers)
    assert reminder is not None
    assert [line["sku"] for line in reminder["cart"]["lines"]] == ["BOOT-TRAIL-42"]
    assert reminder["offer"]["percent_off"] == 5
    cart = client.get(f"/v1/stores/{SHOP}/cart", headers=headers).json()
    assert cart["item_count"] == 1  # the cart came into the new session
    assert reminder_for(client, headers) is None  # shown once


def test_another_browser_gets_nothing(client: TestClient, left: LeftCart) -> None:
    assert reminder_for(client, new_session(client)) is None


def test_an_expired_token_renews_one_session_only(
    client: TestClient, left: LeftCart, database: Database
) -> None:
    first = new_session(client, previous_token=left.token)
    second = new_session(client, previous_token=left.token)
    assert reminder_for(client, second) is None
    assert reminder_for(client, first) is not None
    with database.session() as session:
        renewed = list(session.scalars(select(ShopperSession.renewed_from)))
    assert renewed.count(left.session_id) == 1


def test_a_forged_token_is_ignored(client: TestClient, left: LeftCart) -> None:
    header, claims, signature = left.token.split(".")
    forged = f"{header}.{claims}.{signature[:-4]}AAAA"
    assert reminder_for(client, new_session(client, previous_token=forged)) is None
    assert reminder_for(client, new_session(client, previous_token="not-a-token")) is None


def test_a_token_expired_beyond_the_renewal_window_is_ignored(
    client: TestClient, app: FastAPI, database: Database, settings: Settings
) -> None:
    configure(database)
    window_h = settings.session_renewal_window_s / 3600
    ttl_h = settings.session_ttl_s / 3600
    old = leave_cart(app, database, settings, hours_ago=ttl_h + window_h + 1)
    assert reminder_for(client, new_session(client, previous_token=old.token)) is None


def test_an_identified_session_is_not_taken_over_by_an_anonymous_one(
    client: TestClient, app: FastAPI, database: Database, settings: Settings
) -> None:
    configure(database)
    theirs = leave_cart(app, database, settings, hours_ago=27, customer="cust-7")
    assert reminder_for(client, new_session(client, previous_token=theirs.token)) is None
    # The customer, identified again, gets it (as before: by customer, in any session).
    same = new_session(
        client, previous_token=theirs.token, customer_token=customer_token(database, "cust-7")
    )
    assert reminder_for(client, same) is not None


def test_switching_the_guide_off_survives_the_renewal(
    client: TestClient, left: LeftCart, database: Database
) -> None:
    with database.transaction() as session:
        session.add(GuideOptOut(store_id=SHOP, session_id=left.session_id, created_at=utcnow()))
    new_session(client, previous_token=left.token)
    with database.session() as session:
        silenced = set(session.scalars(select(GuideOptOut.session_id)))
        renewed = session.scalar(
            select(ShopperSession.id).where(ShopperSession.renewed_from == left.session_id)
        )
    assert silenced == {left.session_id, renewed}
