"""Merchant endpoints: store settings, the customer-token secret, and API keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from assistant.api.routes.store_settings import StoreSettingsUpdate
from assistant.db import Database
from assistant.domain import Store
from assistant.domain.store_settings import (
    DEFAULT_DISCOUNT_CAP_PERCENT,
    DEFAULT_HANDOFF_THRESHOLD,
    StoreSettings,
)
from assistant.stores import create_api_key
from tests.api.conftest import SHOP, admin

SETTINGS = f"/v1/stores/{SHOP}/settings"
KEYS = f"/v1/stores/{SHOP}/api-keys"


def agent_key(database: Database) -> dict[str, str]:
    with database.transaction() as session:
        secret = create_api_key(session, SHOP, "desk", ["agent"])[1]
    return {"Authorization": f"Bearer {secret}"}


def test_settings_are_read_with_an_admin_key(client: TestClient, stores: dict[str, str]) -> None:
    body = client.get(SETTINGS, headers=admin(stores)).json()
    assert body["handoff_threshold"] == 0.35
    assert body["discount_cap_percent"] == 15
    assert body["allowed_origins"] == []


def test_settings_change_and_the_rest_stay(client: TestClient, stores: dict[str, str]) -> None:
    hours = {"mon": ["09:00", "17:30"], "sat": None}
    response = client.patch(
        SETTINGS,
        json={
            "handoff_threshold": 0.5,
            "business_hours": hours,
            "allowed_origins": ["https://Shop.Example/"],
            "timezone": "Europe/Berlin",
        },
        headers=admin(stores),
    )
    assert response.status_code == 200, response.text
    body = client.get(SETTINGS, headers=admin(stores)).json()
    assert body["handoff_threshold"] == 0.5
    assert body["discount_cap_percent"] == 15
    assert body["business_hours"] == hours
    assert body["allowed_origins"] == ["https://shop.example"]
    assert body["timezone"] == "Europe/Berlin"


@pytest.mark.parametrize(
    "change",
    [
        {"handoff_threshold": 1.5},
        {"handoff_threshold": -0.1},
        {"discount_cap_percent": 101},
        {"business_hours": {"mon": ["18:00", "09:00"]}},
        {"business_hours": {"someday": ["09:00", "18:00"]}},
        {"business_hours": {"mon": ["9am", "6pm"]}},
        {"allowed_origins": ["javascript:alert(1)"]},
        {"allowed_origins": ["https://shop.example/path"]},
        {"timezone": "Mars/Olympus"},
        {"secret": "x"},
        {},
    ],
)
def test_invalid_settings_are_422_and_change_nothing(
    client: TestClient, stores: dict[str, str], change: dict[str, Any]
) -> None:
    response = client.patch(SETTINGS, json=change, headers=admin(stores))
    assert response.status_code == 422
    assert client.get(SETTINGS, headers=admin(stores)).json()["handoff_threshold"] == 0.35


def test_an_agent_key_cannot_read_settings(client: TestClient, database: Database) -> None:
    assert client.get(SETTINGS, headers=agent_key(database)).status_code == 403


def test_settings_need_a_key(client: TestClient) -> None:
    assert client.get(SETTINGS).status_code == 401


def test_the_customer_token_secret_verifies_customer_tokens(
    client: TestClient, stores: dict[str, str]
) -> None:
    secret = client.get(f"/v1/stores/{SHOP}/customer-token-secret", headers=admin(stores)).json()
    assert secret["algorithm"] == "HS256"
    token = jwt.encode(
        {"sub": "c-9", "exp": datetime.now(UTC) + timedelta(minutes=5)},
        secret["secret"],
        algorithm="HS256",
    )
    session = client.post(f"/v1/stores/{SHOP}/sessions", json={"customer_token": token})
    assert (session.status_code, session.json()["identified"]) == (201, True)


def test_rotating_the_secret_invalidates_old_customer_tokens(
    client: TestClient, stores: dict[str, str]
) -> None:
    url = f"/v1/stores/{SHOP}/customer-token-secret"
    old = client.get(url, headers=admin(stores)).json()["secret"]
    new = client.post(f"{url}/rotate", headers=admin(stores)).json()["secret"]
    assert new != old
    token = jwt.encode(
        {"sub": "c-9", "exp": datetime.now(UTC) + timedelta(minutes=5)}, old, algorithm="HS256"
    )
    assert (
        client.post(f"/v1/stores/{SHOP}/sessions", json={"customer_token": token}).status_code
        == 401
    )


def test_a_new_key_is_shown_once_and_works(client: TestClient, stores: dict[str, str]) -> None:
    created = client.post(KEYS, json={"name": "desk", "scopes": ["agent"]}, headers=admin(stores))
    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith(body["prefix"])
    listed = client.get(KEYS, headers=admin(stores)).json()
    assert {key["name"] for key in listed} == {"ops", "desk"}
    assert "secret" not in str(listed) and body["secret"] not in str(listed)
    search = client.get(
        f"/v1/stores/{SHOP}/documents", headers={"Authorization": f"Bearer {body['secret']}"}
    )
    assert search.status_code == 403  # an agent key is no admin


def test_a_revoked_key_stops_working(client: TestClient, stores: dict[str, str]) -> None:
    created = client.post(KEYS, json={"name": "temp", "scopes": ["admin"]}, headers=admin(stores))
    key = created.json()
    assert client.delete(f"{KEYS}/{key['id']}", headers=admin(stores)).status_code == 204
    response = client.get(SETTINGS, headers={"Authorization": f"Bearer {key['secret']}"})
    assert response.status_code == 401
    listed = {k["id"]: k for k in client.get(KEYS, headers=admin(stores)).json()}
    assert listed[key["id"]]["revoked_at"] is not None


def test_a_key_cannot_revoke_itself(client: TestClient, stores: dict[str, str]) -> None:
    own = next(k for k in client.get(KEYS, headers=admin(stores)).json() if k["name"] == "ops")
    assert client.delete(f"{KEYS}/{own['id']}", headers=admin(stores)).status_code == 409


def test_another_stores_key_cannot_be_revoked(client: TestClient, stores: dict[str, str]) -> None:
    rival = client.get("/v1/stores/rival/api-keys", headers=admin(stores, "rival")).json()[0]
    assert client.delete(f"{KEYS}/{rival['id']}", headers=admin(stores)).status_code == 404


@pytest.mark.parametrize("scopes", [[], ["owner"]])
def test_a_key_needs_known_scopes(
    client: TestClient, stores: dict[str, str], scopes: list[str]
) -> None:
    response = client.post(KEYS, json={"name": "x", "scopes": scopes}, headers=admin(stores))
    assert response.status_code == 422


DEFAULTS: dict[str, Any] = {
    "handoff_threshold": DEFAULT_HANDOFF_THRESHOLD,
    "discount_cap_percent": DEFAULT_DISCOUNT_CAP_PERCENT,
    "handoff_wait_s": None,
    "business_hours": {},
    "allowed_origins": [],
    "own_domains": [],
    "injection_handoff_after": 3,
    "webhook_url": None,
    "timezone": "UTC",
}


def test_unset_settings_read_as_the_declared_defaults(
    client: TestClient, stores: dict[str, str], database: Database
) -> None:
    with database.transaction() as session:
        session.get_one(Store, SHOP).settings = {}
    body = client.get(SETTINGS, headers=admin(stores)).json()
    assert {name: body[name] for name in DEFAULTS} == DEFAULTS


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("handoff_threshold", 0.8),
        ("discount_cap_percent", 40),
        ("handoff_wait_s", 600),
        ("business_hours", {"mon": ["09:00", "17:00"]}),
        ("allowed_origins", ["https://shop.example"]),
        ("own_domains", ["shop.example"]),
        ("injection_handoff_after", 0),
        ("webhook_url", "https://shop.example/hooks"),
        ("timezone", "Europe/Berlin"),
    ],
)
def test_null_puts_a_setting_back_to_its_default(
    client: TestClient, stores: dict[str, str], field: str, value: Any
) -> None:
    changed = client.patch(SETTINGS, json={field: value}, headers=admin(stores))
    assert changed.status_code == 200, changed.text
    assert changed.json()[field] == value
    reset = client.patch(SETTINGS, json={field: None}, headers=admin(stores))
    assert reset.status_code == 200, reset.text
    assert reset.json()[field] == DEFAULTS[field]
    assert client.get(SETTINGS, headers=admin(stores)).json()[field] == DEFAULTS[field]


def test_the_schema_says_what_null_means(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for name, field in schemas["StoreSettingsUpdate"]["properties"].items():
        assert "null" in field["description"], name


@pytest.mark.parametrize("domains", [["https://shop.example"], ["shop"], ["a b.example"]])
def test_own_domains_are_host_names(
    client: TestClient, stores: dict[str, str], domains: list[str]
) -> None:
    response = client.patch(SETTINGS, json={"own_domains": domains}, headers=admin(stores))
    assert response.status_code == 422


def _bounds(schema: dict[str, Any]) -> dict[str, Any]:
    """The value constraints of one property, without its nullability and its texts."""
    branch = next((s for s in schema.get("anyOf", []) if s.get("type") != "null"), schema)
    return {k: v for k, v in branch.items() if k in {"type", "minimum", "maximum", "maxLength"}}


def test_a_change_is_bounded_exactly_as_the_stored_setting() -> None:
    stored = StoreSettings.model_json_schema()["properties"]
    sent = StoreSettingsUpdate.model_json_schema()["properties"]
    scalar = [name for name in sent if name in stored and _bounds(stored[name]).keys() - {"type"}]
    assert {"handoff_threshold", "discount_cap_percent", "payment_timeout_minutes"} <= set(scalar)
    for name in scalar:
        assert _bounds(sent[name]) == _bounds(stored[name]), name


def test_a_checkout_template_is_checked_alike_when_sent_and_when_read() -> None:
    bad = {"checkout_url_template": "http://shop.example/pay?o={order_number}"}
    with pytest.raises(ValidationError):
        StoreSettings.model_validate(bad)
    with pytest.raises(ValidationError):
        StoreSettingsUpdate.model_validate(bad)
