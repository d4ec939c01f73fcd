"""The merchant sets the webhook URL and gets a signing secret through the settings API."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Store
from assistant.stores import create_api_key
from assistant.webhooks import deliver_due, verify_signature
from tests.factories import make_store
from tests.webhooks.conftest import Receiver, deliveries, queue_conversation

SETTINGS = "/v1/stores/shop/settings"
SECRET_URL = "/v1/stores/shop/settings/webhook-secret"


@pytest.fixture
def keys(database: Database) -> dict[str, dict[str, str]]:
    with database.transaction() as session:
        make_store(session, "shop")
        admin = create_api_key(session, "shop", "ops", ["admin"])[1]
        agent = create_api_key(session, "shop", "desk", ["agent"])[1]
    return {
        "admin": {"Authorization": f"Bearer {admin}"},
        "agent": {"Authorization": f"Bearer {agent}"},
    }


@pytest.fixture
def client(settings: Settings, database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database)) as test_client:
        yield test_client


def test_a_store_starts_without_webhooks(client: TestClient, keys: dict[str, Any]) -> None:
    body = client.get(SETTINGS, headers=keys["admin"]).json()
    assert (body["webhook_url"], body["webhook_secret_set"]) == (None, False)


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.example/hooks/sales",
        "https://shop.example:8443/hooks?source=assistant",
        "http://127.0.0.1:9000/hooks",
        "http://localhost:9000/hooks",
        "http://[::1]:9000/",
    ],
)
def test_a_webhook_url_is_set(client: TestClient, keys: dict[str, Any], url: str) -> None:
    response = client.patch(SETTINGS, json={"webhook_url": url}, headers=keys["admin"])
    assert response.status_code == 200, response.text
    assert client.get(SETTINGS, headers=keys["admin"]).json()["webhook_url"] == url


@pytest.mark.parametrize(
    "url",
    [
        "http://shop.example/hooks",  # plain http off this machine
        "ftp://shop.example/hooks",
        "shop.example/hooks",
        "https://",
        "https://user:pass@shop.example/hooks",
        "https://shop.example/hooks#part",
        "https://shop.example:99999/hooks",
        "https://shop.example/" + "a" * 500,
        "javascript:alert(1)",
        "",
    ],
)
def test_a_bad_webhook_url_is_422_and_changes_nothing(
    client: TestClient, keys: dict[str, Any], url: str
) -> None:
    client.patch(SETTINGS, json={"webhook_url": "https://ok.example/h"}, headers=keys["admin"])
    response = client.patch(SETTINGS, json={"webhook_url": url}, headers=keys["admin"])
    assert response.status_code == 422
    body = client.get(SETTINGS, headers=keys["admin"]).json()
    assert body["webhook_url"] == "https://ok.example/h"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://169.254.169.254/latest/meta-data/", "a cloud metadata address"),
        ("https://[fd00:ec2::254]/", "a cloud metadata address"),
        ("https://10.0.0.5/hooks", "a private address"),
        ("https://192.168.1.20/hooks", "a private address"),
        ("https://[::ffff:7f00:1]/hooks", "a loopback address"),
        ("http://127.0.0.2:9000/hooks", "a loopback address"),
        ("https://[fe80::1]/hooks", "a link-local address"),
        ("https://shop.localhost/hooks", "this machine"),
    ],
)
def test_a_webhook_url_to_a_non_public_address_is_refused_when_saved(
    client: TestClient, keys: dict[str, Any], url: str, reason: str
) -> None:
    response = client.patch(SETTINGS, json={"webhook_url": url}, headers=keys["admin"])
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "destination_refused"
    assert reason in error["message"]
    assert client.get(SETTINGS, headers=keys["admin"]).json()["webhook_url"] is None


def test_this_machine_is_refused_unless_listed(
    settings: Settings, database: Database, keys: dict[str, Any]
) -> None:
    unlisted = settings.model_copy(update={"webhook_allowed_hosts": []})
    with TestClient(create_app(unlisted, database)) as client:
        url = "http://127.0.0.1:9000/hooks"
        response = client.patch(SETTINGS, json={"webhook_url": url}, headers=keys["admin"])
    assert response.status_code == 422
    assert "SALES_ASSISTANT_WEBHOOK_ALLOWED_HOSTS" in response.json()["error"]["message"]


def test_null_clears_the_url(client: TestClient, keys: dict[str, Any]) -> None:
    client.patch(SETTINGS, json={"webhook_url": "https://ok.example/h"}, headers=keys["admin"])
    response = client.patch(SETTINGS, json={"webhook_url": None}, headers=keys["admin"])
    assert response.status_code == 200
    assert response.json()["webhook_url"] is None


def test_the_secret_is_shown_once_and_never_read_back(
    client: TestClient, keys: dict[str, Any], database: Database
) -> None:
    response = client.post(SECRET_URL, headers=keys["admin"])
    assert response.status_code == 200, response.text
    secret = response.json()["secret"]
    assert response.json()["signature_header"] == "X-Sales-Assistant-Signature"
    patched = client.patch(SETTINGS, json={"handoff_threshold": 0.4}, headers=keys["admin"])
    read = client.get(SETTINGS, headers=keys["admin"])
    for body in (patched.text, read.text):
        assert secret not in body
        assert 'webhook_secret"' not in body
    assert read.json()["webhook_secret_set"] is True
    with database.session() as session:
        store = session.get(Store, "shop")
        assert store is not None and store.settings["webhook_secret"] == secret


def test_rotating_gives_a_new_secret(client: TestClient, keys: dict[str, Any]) -> None:
    first = client.post(SECRET_URL, headers=keys["admin"]).json()["secret"]
    second = client.post(SECRET_URL, headers=keys["admin"]).json()["secret"]
    assert first != second


def test_the_secret_cannot_be_set_through_settings(
    client: TestClient, keys: dict[str, Any]
) -> None:
    response = client.patch(SETTINGS, json={"webhook_secret": "mine"}, headers=keys["admin"])
    assert response.status_code == 422


def test_an_agent_key_cannot_touch_webhooks(client: TestClient, keys: dict[str, Any]) -> None:
    assert client.post(SECRET_URL, headers=keys["agent"]).status_code == 403
    change = {"webhook_url": "https://x.example/"}
    assert client.patch(SETTINGS, json=change, headers=keys["agent"]).status_code == 403
    assert client.post(SECRET_URL).status_code == 401


def test_configured_through_the_api_a_handoff_reaches_the_receiver(
    client: TestClient,
    keys: dict[str, Any],
    database: Database,
    settings: Settings,
    receiver: Receiver,
) -> None:
    client.patch(SETTINGS, json={"webhook_url": receiver.url}, headers=keys["admin"])
    secret = client.post(SECRET_URL, headers=keys["admin"]).json()["secret"]
    queue_conversation(database)
    deliver_due(database, settings)
    [request] = receiver.requests
    assert verify_signature(secret, request.headers["x-sales-assistant-signature"], request.body)
    assert [row.status for row in deliveries(database)] == ["delivered"]
