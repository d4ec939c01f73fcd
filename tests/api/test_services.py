"""The app's services: built once into one container, served as dependencies, overridable."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.agent.turn import TurnResult
from assistant.api.app import create_app
from assistant.api.deps import get_agent, get_tool_services, services_of
from assistant.api.services import AppServices, Lazy
from assistant.config import Settings
from assistant.db import Database
from assistant.domain.money import Money
from tests.api.conftest import SHOP, Shopper
from tests.tools.conftest import key
from tools.deps import RankableProduct
from tools.ranking import LexicalRanker
from tools.services import IndexFirstRanker, LexicalFirstRanker, ToolServices


class TitleOrder:
    """Ranks every product, alphabetically by title: unlike any real ranker."""

    def rank(
        self, store_id: str, query: str, products: Sequence[RankableProduct]
    ) -> dict[int, float]:
        ordered = sorted(products, key=lambda product: product.title)
        return {product.product_id: float(-i) for i, product in enumerate(ordered)}


class PayHere:
    def checkout_url(self, *, store_id: str, order_number: str, token: str, total: Money) -> str:
        return f"https://pay.example/{store_id}/{order_number}?amount={total.amount_minor}"


class Canned:
    async def run_turn(
        self, store_id: str, shopper_session_id: str, text: str, **_: Any
    ) -> TurnResult:
        return TurnResult(conversation_id="c-1", reply=f"echo: {text}")


def test_a_lazy_service_is_built_once_under_concurrent_use() -> None:
    calls: list[int] = []
    lazy = Lazy(lambda: calls.append(1) or object())
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(lazy.get())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert all(value is seen[0] for value in seen)


def test_an_app_starts_without_loading_models_or_building_the_agent(
    settings: Settings, database: Database
) -> None:
    app = create_app(settings, database)
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        services = services_of(app)
        assert isinstance(services, AppServices)
        assert services.built() == frozenset()


def test_every_request_shares_the_container_built_at_start_up(
    settings: Settings, database: Database, stores: dict[str, str]
) -> None:
    agent = Canned()
    app = create_app(settings, database, agent=agent)
    with TestClient(app) as client:
        services = services_of(app)
        assert services.agent is agent
        assert services.tools is services.tools
        assert Shopper(client).send("hi").json()["reply"] == "echo: hi"


def test_a_dependency_override_replaces_the_agent(app: FastAPI, client: TestClient) -> None:
    app.dependency_overrides[get_agent] = Canned
    assert Shopper(client).send("boots?").json()["reply"] == "echo: boots?"


def test_the_routes_use_the_containers_ranker_and_payment_provider(
    app: FastAPI, client: TestClient, settings: Settings, database: Database
) -> None:
    tools = ToolServices.build(settings, database, ranker=TitleOrder(), payments=PayHere())
    app.dependency_overrides[get_tool_services] = lambda: tools
    shopper = Shopper(client)
    found = shopper.get("/products", params={"query": "anything", "limit": 20}).json()
    titles = [product["title"] for product in found["products"]]
    assert titles == sorted(titles) and len(titles) > 1
    write = {**shopper.headers, "Idempotency-Key": key()}
    sku = found["products"][0]["variants"][0]["sku"]
    added = client.post(shopper.url("/cart/items"), json={"sku": sku, "quantity": 1}, headers=write)
    assert added.status_code in (200, 201), added.text
    order = client.post(
        shopper.url("/checkout"), headers={**shopper.headers, "Idempotency-Key": key()}
    ).json()
    assert order["checkout_url"].startswith(f"https://pay.example/{SHOP}/{order['order_number']}")


def test_settings_choose_the_product_ranker(settings: Settings, database: Database) -> None:
    def ranker(name: str) -> object:
        chosen = settings.model_copy(update={"product_ranker": name})
        return AppServices(chosen, database).tools.ranker

    assert isinstance(AppServices(settings, database).tools.ranker, LexicalFirstRanker)
    assert isinstance(ranker("semantic"), IndexFirstRanker)
    assert isinstance(ranker("lexical"), LexicalRanker)
