"""Merchant endpoints for bargaining: limits, rules and the log, behind an admin key."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import RIVAL, SHOP, admin

BARGAINING = f"/v1/stores/{SHOP}/bargaining"


def test_limits_are_off_until_the_merchant_sets_them(
    client: TestClient, stores: dict[str, str]
) -> None:
    body = client.get(BARGAINING, headers=admin(stores)).json()
    assert (body["limits"]["enabled"], body["discount_cap_percent"], body["rules"]) == (
        False,
        15,
        [],
    )


def test_limits_above_the_cap_are_422_and_change_nothing(
    client: TestClient, stores: dict[str, str]
) -> None:
    response = client.put(
        BARGAINING, json={"enabled": True, "max_percent": 40}, headers=admin(stores)
    )
    assert response.status_code == 422
    assert client.get(BARGAINING, headers=admin(stores)).json()["limits"]["max_percent"] == 0


def test_store_limits_and_rules_are_saved(client: TestClient, stores: dict[str, str]) -> None:
    saved = client.put(
        BARGAINING,
        json={"enabled": True, "max_percent": 8, "beyond_limit": "handoff"},
        headers=admin(stores),
    )
    assert saved.status_code == 200 and saved.json()["limits"]["beyond_limit"] == "handoff"
    rule = client.put(
        f"{BARGAINING}/rules/category/socks", json={"min_quantity": 4}, headers=admin(stores)
    )
    assert rule.status_code == 200 and rule.json()["limits"]["min_quantity"] == 4
    product = client.put(
        f"{BARGAINING}/rules/product/trail-boot", json={"enabled": False}, headers=admin(stores)
    )
    assert product.status_code == 200
    rules = client.get(BARGAINING, headers=admin(stores)).json()["rules"]
    assert [(r["target"], r["key"]) for r in rules] == [
        ("category", "socks"),
        ("product", "trail-boot"),
    ]
    gone = client.delete(f"{BARGAINING}/rules/category/socks", headers=admin(stores))
    assert gone.status_code == 204


def test_a_rule_for_an_unknown_product_is_404(client: TestClient, stores: dict[str, str]) -> None:
    response = client.put(
        f"{BARGAINING}/rules/product/no-such-thing", json={"enabled": False}, headers=admin(stores)
    )
    assert response.status_code == 404


def test_unknown_fields_are_refused(client: TestClient, stores: dict[str, str]) -> None:
    response = client.put(BARGAINING, json={"max_pct": 5}, headers=admin(stores))
    assert response.status_code == 422


def test_the_log_is_paginated_and_per_store(client: TestClient, stores: dict[str, str]) -> None:
    page = client.get(f"{BARGAINING}/offers?limit=5", headers=admin(stores)).json()
    assert page == {"items": [], "total": 0}
    other = client.get(f"{BARGAINING}/offers", headers=admin(stores, RIVAL))
    assert other.status_code == 404
