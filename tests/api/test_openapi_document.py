"""The OpenAPI document says what the service answers: the statuses each operation can return,
the error body they carry, and the limits the configuration enforces."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from assistant.config import Settings
from tests.api.conftest import Shopper, admin

HTTP_METHODS = {"get", "put", "post", "delete", "patch"}


def document(client: TestClient) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/openapi.json").json()
    return body


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in doc["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def validates(doc: dict[str, Any], schema_name: str, instance: object) -> None:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": doc["components"]}
    jsonschema.validate(instance, schema)


def test_every_error_response_is_documented_with_the_stable_body(client: TestClient) -> None:
    doc = document(client)
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    for path, method, operation in operations(doc):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (path, method)


def test_operations_document_the_statuses_they_share(client: TestClient) -> None:
    for path, method, operation in operations(document(client)):
        responses = operation["responses"]
        if operation.get("security"):
            assert {"401", "403"} <= set(responses), (path, method)
        if "{" in path:
            assert "404" in responses, (path, method)
        if "requestBody" in operation:
            assert {"400", "413", "422"} <= set(responses), (path, method)
    chat = document(client)["paths"]["/v1/stores/{store_id}/sessions"]["post"]
    assert "Retry-After" in chat["responses"]["429"]["headers"]


def test_a_validation_error_matches_the_documented_error_body(shopper: Shopper) -> None:
    response = shopper.client.post(
        shopper.url("/chat/messages"), json={"text": "wrong field"}, headers=shopper.headers
    )
    assert response.status_code == 422
    assert isinstance(response.json()["error"]["details"], list)
    validates(document(shopper.client), "ErrorBody", response.json())


def test_a_domain_error_matches_the_documented_error_body(shopper: Shopper) -> None:
    response = shopper.get("/conversations/nothing/messages")
    assert response.status_code == 404
    validates(document(shopper.client), "ErrorBody", response.json())


def test_a_body_that_is_not_text_is_a_documented_400(shopper: Shopper) -> None:
    response = shopper.client.post(
        shopper.url("/chat/messages"),
        content=b"\xff\xfe\x00",
        headers={**shopper.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    validates(document(shopper.client), "ErrorBody", response.json())


def test_an_admin_key_revoking_itself_is_a_documented_conflict(
    client: TestClient, stores: dict[str, str]
) -> None:
    keys = client.get("/v1/stores/shop/api-keys", headers=admin(stores)).json()
    response = client.delete(f"/v1/stores/shop/api-keys/{keys[0]['id']}", headers=admin(stores))
    assert response.status_code == 409
    operation = document(client)["paths"]["/v1/stores/{store_id}/api-keys/{key_id}"]["delete"]
    assert "409" in operation["responses"]


def test_configured_limits_are_in_the_schema(client: TestClient, settings: Settings) -> None:
    schemas = document(client)["components"]["schemas"]
    assert schemas["ChatRequest"]["properties"]["message"]["maxLength"] == (
        settings.max_message_chars
    )
    for name in ["CartItemAdd", "CartItemUpdate"]:
        quantity = schemas[name]["properties"]["quantity"]
        assert quantity["maximum"] == settings.max_line_quantity, name
    email = schemas["TicketRequest"]["properties"]["email"]
    assert email["pattern"] and email["maxLength"] == 320


def test_one_unit_past_the_documented_line_limit_is_refused(
    shopper: Shopper, settings: Settings
) -> None:
    response = shopper.client.post(
        shopper.url("/cart/items"),
        json={"sku": "BOOT-TRAIL-42", "quantity": settings.max_line_quantity + 1},
        headers={**shopper.headers, "Idempotency-Key": "k-1"},
    )
    assert response.status_code == 422, response.text
    assert str(settings.max_line_quantity) in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("put", "/healthz", "GET"),
        ("delete", "/v1/stores/shop/chat/messages", "GET, POST"),
    ],
)
def test_a_wrong_method_says_which_are_allowed(
    client: TestClient, method: str, path: str, allowed: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == set(allowed.split(", "))
    assert response.json()["error"]["code"] == "method_not_allowed"
