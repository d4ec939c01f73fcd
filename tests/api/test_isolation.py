"""Every request is scoped to one store and one shopper: another store's key reads nothing, and
another shopper's conversation or cart cannot be reached, even with the right ids."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.api.deps import get_knowledge, services_of
from retrieval.knowledge import KnowledgeBase
from tests.api.conftest import RIVAL, SHOP, Shopper, admin
from tests.retrieval.conftest import HashingEmbedder, markdown
from tests.tools.conftest import key


@pytest.fixture
def with_documents(app: FastAPI, client: TestClient, stores: dict[str, str]) -> str:
    """A policy document in the rival store; returns its id."""
    services = services_of(app)
    knowledge = KnowledgeBase(services.settings, services.database, embedder=HashingEmbedder())
    app.dependency_overrides[get_knowledge] = lambda: knowledge
    response = client.post(
        f"/v1/stores/{RIVAL}/documents",
        files={"file": ("returns.md", markdown("Returns", {"Window": "30 days."}))},
        data={"doc_type": "policy"},
        headers=admin(stores, RIVAL),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["document"]["id"])


@pytest.mark.parametrize(
    "path",
    [
        "/settings",
        "/api-keys",
        "/customer-token-secret",
        "/documents",
        "/search?q=returns",
    ],
)
def test_a_stores_admin_key_reads_nothing_of_another_store(
    client: TestClient, stores: dict[str, str], with_documents: str, path: str
) -> None:
    response = client.get(f"/v1/stores/{RIVAL}{path}", headers=admin(stores, SHOP))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_another_stores_document_is_not_found_by_its_id(
    client: TestClient, stores: dict[str, str], with_documents: str
) -> None:
    for store in (SHOP, RIVAL):
        response = client.get(
            f"/v1/stores/{store}/documents/{with_documents}", headers=admin(stores, SHOP)
        )
        assert response.status_code == 404


def test_a_stores_key_cannot_change_another_stores_settings(
    client: TestClient, stores: dict[str, str]
) -> None:
    response = client.patch(
        f"/v1/stores/{RIVAL}/settings",
        json={"handoff_threshold": 0.9},
        headers=admin(stores, SHOP),
    )
    assert response.status_code == 404
    mine = client.get(f"/v1/stores/{RIVAL}/settings", headers=admin(stores, RIVAL)).json()
    assert mine["handoff_threshold"] == 0.35


@pytest.mark.parametrize(
    "path",
    ["/products?query=boot", "/cart", "/chat/messages", "/orders", "/variants/SOCK-WOOL-M/stock"],
)
def test_a_merchant_key_is_no_shopper_session(
    client: TestClient, stores: dict[str, str], path: str
) -> None:
    response = client.get(f"/v1/stores/{RIVAL}{path}", headers=admin(stores, SHOP))
    assert response.status_code == 401


def test_a_session_of_one_store_cannot_chat_in_another(client: TestClient) -> None:
    shopper = Shopper(client, SHOP)
    response = client.post(
        f"/v1/stores/{RIVAL}/chat/messages", json={"message": "hi"}, headers=shopper.headers
    )
    assert response.status_code == 403


def test_a_shopper_cannot_read_another_shoppers_conversation_by_its_id(
    client: TestClient, model: ScriptedChatModel
) -> None:
    model.add(reply("Hello Yuki."))
    yuki, xavier = Shopper(client), Shopper(client)
    conversation_id = yuki.send("My name is Yuki").json()["conversation_id"]
    assert yuki.get(f"/conversations/{conversation_id}/messages").status_code == 200
    response = xavier.get(f"/conversations/{conversation_id}/messages")
    assert response.status_code == 404
    assert "Yuki" not in response.text


def test_a_conversation_id_of_another_store_is_not_found(
    client: TestClient, model: ScriptedChatModel
) -> None:
    model.add(reply("Hi."))
    rival_shopper = Shopper(client, RIVAL)
    conversation_id = rival_shopper.send("hello").json()["conversation_id"]
    response = Shopper(client, SHOP).get(f"/conversations/{conversation_id}/messages")
    assert response.status_code == 404


def test_a_shopper_sees_only_their_own_transcript(
    client: TestClient, model: ScriptedChatModel
) -> None:
    model.add(reply("Noted."))
    yuki, xavier = Shopper(client), Shopper(client)
    yuki.send("My card ends in 4242")
    transcript = xavier.get("/chat/messages").json()
    assert transcript == {
        "conversation_id": None,
        "state": "bot",
        "handoff_status": None,
        "messages": [],
    }


def test_a_shopper_sees_only_their_own_cart(client: TestClient, model: ScriptedChatModel) -> None:
    model.add(tool_call("add_to_cart", sku="SOCK-WOOL-M", quantity=3), reply("Added 3 socks."))
    yuki, xavier = Shopper(client), Shopper(client)
    assert yuki.send("3 wool socks please").json()["cart"]["item_count"] == 3
    assert xavier.get("/cart").json()["item_count"] == 0
    removed = client.delete(
        "/v1/stores/shop/cart/items/SOCK-WOOL-M",
        headers={**xavier.headers, "Idempotency-Key": key()},
    )
    assert removed.status_code == 404
    assert yuki.get("/cart").json()["item_count"] == 3


def test_a_cart_in_one_store_is_not_seen_in_another(
    client: TestClient, model: ScriptedChatModel
) -> None:
    model.add(tool_call("add_to_cart", sku="SOCK-WOOL-M", quantity=1), reply("Added."))
    shop_shopper = Shopper(client, SHOP)
    shop_shopper.send("a sock please")
    rival_cart = Shopper(client, RIVAL).get("/cart").json()
    assert rival_cart["item_count"] == 0
