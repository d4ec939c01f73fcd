"""The shopper REST API: the same tools behind HTTP, errors as 4xx with the stable body."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import jwt
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Store
from tests.tools.conftest import build_shop, key

BASE = "/v1/stores/shop"


@pytest.fixture
def client(settings: Settings, database: Database) -> Iterator[TestClient]:
    build_shop(database)
    with TestClient(create_app(settings, database)) as test_client:
        yield test_client


def start(client: TestClient, store: str = "shop", **body: Any) -> dict[str, str]:
    response = client.post(f"/v1/stores/{store}/sessions", json=body)
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture
def auth(client: TestClient) -> dict[str, str]:
    return start(client)


def write(headers: dict[str, str], idempotency_key: str | None = None) -> dict[str, str]:
    return {**headers, "Idempotency-Key": idempotency_key or key()}


def customer_token(database: Database, sub: str) -> str:
    with database.session() as session:
        secret = session.get_one(Store, "shop").customer_token_secret
    expires = datetime.now(UTC) + timedelta(minutes=5)
    return jwt.encode({"sub": sub, "exp": expires}, secret, algorithm="HS256")


def add(client: TestClient, auth: dict[str, str], sku: str, quantity: int = 1) -> Any:
    return client.post(
        f"{BASE}/cart/items", json={"sku": sku, "quantity": quantity}, headers=write(auth)
    )


def test_a_session_starts_with_a_bearer_token(client: TestClient) -> None:
    body = client.post(f"{BASE}/sessions", json={}).json()
    assert body["token"] and body["identified"] is False


def test_a_session_in_an_unknown_store_is_404(client: TestClient) -> None:
    assert client.post("/v1/stores/nowhere/sessions", json={}).status_code == 404


def test_shopper_endpoints_need_a_session_token(client: TestClient) -> None:
    response = client.get(f"{BASE}/cart")
    assert (response.status_code, response.json()["error"]["code"]) == (401, "unauthenticated")


def test_a_token_of_another_store_is_refused(client: TestClient, database: Database) -> None:
    build_shop(database, "other")
    response = client.get(f"{BASE}/cart", headers=start(client, "other"))
    assert response.status_code == 403


def test_search_returns_matching_products(client: TestClient, auth: dict[str, str]) -> None:
    response = client.get(
        f"{BASE}/products",
        params={
            "query": "boot",
            "attribute": ["waterproof:true", "size:43"],
            "in_stock_only": True,
        },
        headers=auth,
    )
    assert response.status_code == 200
    assert [v["sku"] for p in response.json()["products"] for v in p["variants"]] == [
        "BOOT-SUMMIT-43"
    ]


def test_a_malformed_attribute_filter_is_422(client: TestClient, auth: dict[str, str]) -> None:
    response = client.get(f"{BASE}/products", params={"attribute": "waterproof"}, headers=auth)
    assert response.status_code == 422


def test_a_product_is_found_by_sku(client: TestClient, auth: dict[str, str]) -> None:
    response = client.get(f"{BASE}/products/BOOT-TRAIL-42", headers=auth)
    assert (response.status_code, response.json()["handle"]) == (200, "trail-boot")


def test_an_unknown_product_is_404_with_the_next_step(
    client: TestClient, auth: dict[str, str]
) -> None:
    error = client.get(f"{BASE}/products/zeppelin", headers=auth).json()["error"]
    assert (error["code"], error["details"]["reason"]) == ("not_found", "product_not_found")
    assert "search_products" in error["details"]["next_step"]


def test_stock_of_a_sold_out_variant_lists_alternatives(
    client: TestClient, auth: dict[str, str]
) -> None:
    body = client.get(f"{BASE}/variants/BOOT-TRAIL-43/stock", headers=auth).json()
    assert body["available_now"] is False
    assert body["alternatives"][0]["sku"] == "BOOT-TRAIL-42"


def test_an_unknown_sku_is_404_with_look_alikes(client: TestClient, auth: dict[str, str]) -> None:
    response = client.get(f"{BASE}/variants/BOOT-TRAIL-44/stock", headers=auth)
    assert response.status_code == 404
    assert "BOOT-TRAIL-42" in response.json()["error"]["details"]["suggestions"]


def test_a_price_quote_applies_quantity_breaks_and_a_coupon(
    client: TestClient, auth: dict[str, str]
) -> None:
    body = client.get(
        f"{BASE}/variants/SOCK-WOOL-M/price",
        params={"quantity": 6, "coupon": "FIVER"},
        headers=auth,
    ).json()
    assert body["applied_rule"]["code"] == "SOCKS-3"
    assert (body["line_total"]["amount_minor"], body["total"]["amount_minor"]) == (5_100, 4_600)


def test_cart_writes_need_an_idempotency_key(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post(f"{BASE}/cart/items", json={"sku": "SOCK-WOOL-M"}, headers=auth)
    assert response.status_code == 422


def test_add_change_and_remove_cart_lines(client: TestClient, auth: dict[str, str]) -> None:
    add(client, auth, "SOCK-WOOL-M")
    add(client, auth, "BOOT-TRAIL-42")
    changed = client.patch(
        f"{BASE}/cart/items/SOCK-WOOL-M", json={"quantity": 3}, headers=write(auth)
    ).json()
    assert [line["quantity"] for line in changed["lines"]] == [3, 1]
    removed = client.delete(f"{BASE}/cart/items/BOOT-TRAIL-42", headers=write(auth)).json()
    assert [line["sku"] for line in removed["lines"]] == ["SOCK-WOOL-M"]
    assert client.get(f"{BASE}/cart", headers=auth).json() == removed


def test_a_replayed_request_returns_the_same_body_and_changes_nothing(
    client: TestClient, auth: dict[str, str]
) -> None:
    headers = write(auth, "same-key")
    first = client.post(f"{BASE}/cart/items", json={"sku": "SOCK-WOOL-M"}, headers=headers)
    again = client.post(f"{BASE}/cart/items", json={"sku": "SOCK-WOOL-M"}, headers=headers)
    assert again.json() == first.json()
    assert client.get(f"{BASE}/cart", headers=auth).json()["item_count"] == 1


def test_a_key_reused_with_another_body_is_409(client: TestClient, auth: dict[str, str]) -> None:
    headers = write(auth, "same-key")
    client.post(f"{BASE}/cart/items", json={"sku": "SOCK-WOOL-M"}, headers=headers)
    response = client.post(
        f"{BASE}/cart/items", json={"sku": "SOCK-WOOL-M", "quantity": 2}, headers=headers
    )
    assert (response.status_code, response.json()["error"]["code"]) == (
        409,
        "idempotency_conflict",
    )


def test_adding_more_than_can_ship_is_409_with_alternatives(
    client: TestClient, auth: dict[str, str]
) -> None:
    response = add(client, auth, "BOOT-TRAIL-43")
    assert response.status_code == 409
    assert response.json()["error"]["details"]["alternatives"][0]["sku"] == "BOOT-TRAIL-42"


def test_a_quantity_over_the_line_limit_is_422(client: TestClient, auth: dict[str, str]) -> None:
    response = add(client, auth, "SOCK-WOOL-M", 11)
    assert response.json()["error"]["details"]["reason"] == "quantity_over_limit"


def test_an_expired_coupon_is_422(client: TestClient, auth: dict[str, str]) -> None:
    add(client, auth, "BOOT-TRAIL-42")
    response = client.post(f"{BASE}/cart/coupon", json={"code": "OLD"}, headers=write(auth))
    assert response.status_code == 422
    assert response.json()["error"]["details"]["reason"] in {"coupon_expired"}


def test_checkout_creates_an_order_and_returns_where_to_pay(
    client: TestClient, auth: dict[str, str]
) -> None:
    add(client, auth, "BOOT-TRAIL-42", 2)
    response = client.post(f"{BASE}/checkout", headers=write(auth))
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending_payment"
    assert body["checkout_url"].startswith("http://127.0.0.1:8000/checkout/")
    page = client.get(urlsplit(body["checkout_url"]).path)
    assert body["order_number"] in page.text


def test_checkout_of_an_empty_cart_is_409(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post(f"{BASE}/checkout", headers=write(auth))
    assert (response.status_code, response.json()["error"]["details"]["reason"]) == (
        409,
        "empty_cart",
    )


def test_order_lookup_needs_an_identified_customer(
    client: TestClient, auth: dict[str, str]
) -> None:
    assert client.get(f"{BASE}/orders/SA-1", headers=auth).status_code == 403


def test_an_identified_customer_sees_only_their_orders(
    client: TestClient, database: Database
) -> None:
    ann = start(client, customer_token=customer_token(database, "ann"))
    add(client, ann, "SOCK-WOOL-M")
    number = client.post(f"{BASE}/checkout", headers=write(ann)).json()["order_number"]
    assert client.get(f"{BASE}/orders/{number}", headers=ann).json()["order_number"] == number
    assert client.get(f"{BASE}/orders", headers=ann).json()["orders"][0]["order_number"] == number
    bob = start(client, customer_token=customer_token(database, "bob"))
    assert client.get(f"{BASE}/orders/{number}", headers=bob).status_code == 404


def test_identifying_a_session_later_unlocks_its_orders(
    client: TestClient, auth: dict[str, str], database: Database
) -> None:
    response = client.post(
        f"{BASE}/sessions/identify",
        json={"customer_token": customer_token(database, "ann")},
        headers=auth,
    )
    assert response.json()["identified"] is True
    assert client.get(f"{BASE}/orders", headers=auth).status_code == 200


def test_recommendations_for_a_product_and_for_the_cart(
    client: TestClient, auth: dict[str, str]
) -> None:
    for_product = client.get(f"{BASE}/products/trail-boot/recommendations", headers=auth).json()
    assert for_product["items"][0]["product"]["handle"] == "wool-sock"
    add(client, auth, "BOOT-TRAIL-42")
    for_cart = client.get(f"{BASE}/cart/recommendations", headers=auth).json()
    assert for_cart["based_on"] == ["Trail Boot"]


def test_bad_input_never_answers_500(client: TestClient, auth: dict[str, str]) -> None:
    attempts = [
        client.get(f"{BASE}/variants/%20%20/stock", headers=auth),
        client.get(f"{BASE}/variants/SOCK-WOOL-M/price", params={"quantity": 0}, headers=auth),
        client.get(f"{BASE}/products", params={"min_price": "abc"}, headers=auth),
        client.post(
            f"{BASE}/cart/items", json={"sku": "SOCK-WOOL-M", "quantity": 1.5}, headers=write(auth)
        ),
        client.post(f"{BASE}/cart/coupon", json={"code": "'; drop table"}, headers=write(auth)),
        client.patch(f"{BASE}/cart/items/SOCK-WOOL-M", json={"quantity": 2}, headers=write(auth)),
        client.get(f"{BASE}/orders/%23%23", headers=auth),
        client.get(f"{BASE}/cart", headers={"Authorization": "Bearer not-a-token"}),
    ]
    assert all(400 <= response.status_code < 500 for response in attempts), [
        (r.status_code, r.text) for r in attempts
    ]


def test_openapi_documents_the_shopper_endpoints(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    expected = {
        ("post", "/sessions"),
        ("get", "/products"),
        ("get", "/products/{product_ref}"),
        ("get", "/products/{product_ref}/recommendations"),
        ("get", "/variants/{sku}/stock"),
        ("get", "/variants/{sku}/price"),
        ("get", "/cart"),
        ("post", "/cart/items"),
        ("patch", "/cart/items/{sku}"),
        ("delete", "/cart/items/{sku}"),
        ("post", "/cart/coupon"),
        ("post", "/checkout"),
        ("get", "/orders/{number}"),
    }
    for method, path in expected:
        operation = spec["paths"]["/v1/stores/{store_id}" + path][method]
        assert operation["summary"], path
        success = operation["responses"].get("200") or operation["responses"]["201"]
        assert "$ref" in success["content"]["application/json"]["schema"], path
