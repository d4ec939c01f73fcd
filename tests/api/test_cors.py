"""CORS for the shopper endpoints, per store, from the store's allowed origins."""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx import Response

from assistant.db import Database
from assistant.domain import Store
from tests.api.conftest import Shopper, admin

ALLOWED = "https://shop.example"


def allow(database: Database, store: str, *origins: str) -> None:
    with database.transaction() as session:
        row = session.get_one(Store, store)
        row.settings = {**row.settings, "allowed_origins": list(origins)}


def preflight(client: TestClient, origin: str, store: str = "shop") -> Response:
    return client.options(
        f"/v1/stores/{store}/chat/messages",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


def test_a_preflight_from_an_allowed_origin_is_answered(
    client: TestClient, database: Database
) -> None:
    allow(database, "shop", ALLOWED)
    response = preflight(client, ALLOWED)
    assert response.status_code == 204
    headers = response.headers
    assert headers["access-control-allow-origin"] == ALLOWED
    assert "authorization" in headers["access-control-allow-headers"].lower()
    assert "POST" in headers["access-control-allow-methods"]


def test_a_preflight_from_another_origin_is_refused(client: TestClient, database: Database) -> None:
    allow(database, "shop", ALLOWED)
    response = preflight(client, "https://evil.example")
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers


def test_a_request_from_an_allowed_origin_gets_the_cors_headers(
    client: TestClient, database: Database
) -> None:
    allow(database, "shop", ALLOWED)
    response = client.post("/v1/stores/shop/sessions", json={}, headers={"Origin": ALLOWED})
    assert response.status_code == 201
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "Retry-After" in response.headers["access-control-expose-headers"]


def test_a_request_from_an_origin_the_store_does_not_allow_is_403(
    client: TestClient, database: Database
) -> None:
    allow(database, "shop", ALLOWED)
    response = client.post(
        "/v1/stores/shop/sessions", json={}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_each_store_has_its_own_origins(client: TestClient, database: Database) -> None:
    allow(database, "shop", ALLOWED)
    allow(database, "rival", "https://rival.example")
    assert preflight(client, ALLOWED, store="rival").status_code == 403


def test_the_services_own_pages_may_call_any_store(client: TestClient) -> None:
    response = client.post(
        "/v1/stores/shop/sessions", json={}, headers={"Origin": "http://testserver"}
    )
    assert response.status_code == 201
    assert response.headers["access-control-allow-origin"] == "http://testserver"


def test_requests_without_an_origin_are_not_cors_requests(client: TestClient) -> None:
    response = client.post("/v1/stores/shop/sessions", json={})
    assert response.status_code == 201
    assert "access-control-allow-origin" not in response.headers


def test_a_wildcard_allows_every_origin(client: TestClient, database: Database) -> None:
    allow(database, "shop", "*")
    assert preflight(client, "https://anywhere.example").status_code == 204


def test_merchant_endpoints_never_answer_cross_origin_preflights(
    client: TestClient, database: Database
) -> None:
    allow(database, "shop", ALLOWED)
    response = client.options(
        "/v1/stores/shop/settings",
        headers={"Origin": ALLOWED, "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in response.headers


def test_changing_the_allowed_origins_applies_at_once(
    client: TestClient, database: Database, stores: dict[str, str], shopper: Shopper
) -> None:
    allow(database, "shop", ALLOWED)
    assert preflight(client, "https://new.example").status_code == 403
    updated = client.patch(
        "/v1/stores/shop/settings",
        json={"allowed_origins": ["https://new.example"]},
        headers=admin(stores),
    )
    assert updated.status_code == 200, updated.text
    assert preflight(client, "https://new.example").status_code == 204
