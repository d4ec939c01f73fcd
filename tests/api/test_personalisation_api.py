# ruff: noqa: F811  (pytest fixtures shared from the API tests are parameters here)
"""The shopper's switch for personal suggestions over HTTP: identified customers only, recorded
in the consent history, honoured by the next request."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from assistant.api.deps import services_of
from assistant.db import Database
from assistant.domain import ConsentRecord, Customer
from tests.api.conftest import SHOP, Shopper, app, client, model, stores  # noqa: F401 (fixtures)
from tests.api.console.conftest import identified_shopper
from tests.tools.helpers import failed, ok
from tools.personal import recommend_for_me


def test_an_anonymous_shopper_has_no_personal_suggestions_to_switch(client: TestClient) -> None:
    anonymous = Shopper(client)
    state = client.get(anonymous.url("/personalisation"), headers=anonymous.headers).json()
    assert state == {"identified": False, "enabled": False, "changed_at": None}
    refused = client.put(
        anonymous.url("/personalisation"), json={"enabled": True}, headers=anonymous.headers
    )
    assert refused.status_code == 403


def test_personal_suggestions_are_on_for_an_identified_customer(
    client: TestClient, database: Database
) -> None:
    shopper = identified_shopper(client, database, "cust-1")
    state = client.get(shopper.url("/personalisation"), headers=shopper.headers).json()
    assert (state["identified"], state["enabled"]) == (True, True)


def test_turning_them_off_is_recorded_and_honoured_at_once(
    app: FastAPI, client: TestClient, database: Database
) -> None:
    shopper = identified_shopper(client, database, "cust-1")
    response = client.put(
        shopper.url("/personalisation"), json={"enabled": False}, headers=shopper.headers
    )
    assert response.status_code == 200
    assert response.json()["enabled"] is False and response.json()["changed_at"]
    with database.session() as session:
        customer = session.scalars(select(Customer)).one()
        record = session.scalars(select(ConsentRecord)).one()
    assert customer.personalisation_opt_out is True
    assert (record.kind, record.granted, record.source) == ("personalisation", False, "widget")
    tools = services_of(app).tools
    deps = tools.for_shopper(SHOP, shopper.session_id, customer_id=customer.id)
    assert failed(recommend_for_me(deps)).code == "personalisation_off"

    again = client.put(
        shopper.url("/personalisation"), json={"enabled": True}, headers=shopper.headers
    )
    assert again.json()["enabled"] is True
    assert ok(recommend_for_me(deps)).items == []  # back on: nothing bought yet, nothing suggested


def test_the_choice_needs_a_boolean(client: TestClient, database: Database) -> None:
    shopper = identified_shopper(client, database, "cust-1")
    response = client.put(
        shopper.url("/personalisation"), json={"enabled": "maybe"}, headers=shopper.headers
    )
    assert response.status_code == 422
