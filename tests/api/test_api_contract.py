"""The API as a client sees it: documented in OpenAPI, and never a 200 on failure."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel, reply
from tests.api.conftest import Shopper, admin


def test_the_docs_page_is_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200


def test_openapi_describes_the_chat_settings_and_operations_endpoints(
    client: TestClient,
) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in [
        "/v1/stores/{store_id}/chat/messages",
        "/v1/stores/{store_id}/chat/messages/stream",
        "/v1/stores/{store_id}/conversations/{conversation_id}/messages",
        "/v1/stores/{store_id}/settings",
        "/v1/stores/{store_id}/api-keys",
        "/v1/stores/{store_id}/customer-token-secret",
        "/healthz",
        "/readyz",
        "/metrics",
    ]:
        assert path in paths, path
    stream = paths["/v1/stores/{store_id}/chat/messages/stream"]["post"]
    assert "text/event-stream" in stream["responses"]["200"]["content"]
    assert "429" in paths["/v1/stores/{store_id}/chat/messages"]["post"]["responses"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/chat/messages", {"message": ""}),
        ("post", "/chat/messages", {"text": "wrong field"}),
        ("post", "/chat/messages/stream", {"message": "x" * 2_001}),
        ("get", "/conversations/abc/messages", None),
        ("get", "/chat/messages?after=-1", None),
        ("get", "/nothing-here", None),
    ],
)
def test_failures_are_never_a_200_and_carry_the_stable_body(
    shopper: Shopper, method: str, path: str, body: object
) -> None:
    response = shopper.client.request(method, shopper.url(path), json=body, headers=shopper.headers)
    assert response.status_code >= 400
    error = response.json()["error"]
    assert error["code"] and error["message"]


def test_an_id_past_the_database_integer_range_is_refused(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(reply("Hello!"))
    conversation_id = shopper.send("hi").json()["conversation_id"]
    for path in ["/chat/messages", f"/conversations/{conversation_id}/messages"]:
        response = shopper.get(path, params={"after": 2**63})
        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"] == ["query", "after"]


def test_a_numeric_product_reference_past_the_integer_range_is_not_found(
    shopper: Shopper,
) -> None:
    response = shopper.get("/products/99999999999999999999")
    assert response.status_code == 404, response.text


def test_a_price_filter_finer_than_the_currency_is_invalid_input(
    client: TestClient, stores: dict[str, str]
) -> None:
    response = client.get(
        "/v1/stores/shop/search",
        params={"q": "boots", "price_min": "4666277.630006807"},
        headers=admin(stores),
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"] == {"parameter": "price_min"}
