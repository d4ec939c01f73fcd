"""The admin's "try it": one turn as a shopper, with the tools called, in a session that is
deleted afterwards."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.db import Database
from assistant.domain import Conversation, Handoff, ShopperSession, Store, WebhookDelivery
from tests.api.conftest import RIVAL, SHOP, Shopper, admin
from tests.api.test_store_settings import agent_key

TRY_IT = f"/v1/stores/{SHOP}/admin/try-it"


def count(database: Database, model: type) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_answer_comes_with_the_tools_it_called(
    client: TestClient, stores: dict[str, str], model: ScriptedChatModel
) -> None:
    model.add(tool_call("check_stock", sku="BOOT-TRAIL-42"), reply("Yes, 3 are in stock."))
    response = client.post(
        TRY_IT, json={"message": "Is the trail boot in stock?"}, headers=admin(stores)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["reply"] == "Yes, 3 are in stock."
    assert [(call["name"], call["arguments"], call["ok"]) for call in body["tool_calls"]] == [
        ("check_stock", {"sku": "BOOT-TRAIL-42"}, True)
    ]
    assert body["tool_calls"][0]["result"]["available"] == 3
    assert body["model"] == "scripted"
    assert body["handoff"]["state"] == "bot"


def test_nothing_of_the_turn_is_kept(
    client: TestClient, stores: dict[str, str], model: ScriptedChatModel, database: Database
) -> None:
    model.add(tool_call("request_human", reason="asked_for_human"))
    before = count(database, ShopperSession), count(database, Conversation)
    response = client.post(TRY_IT, json={"message": "A person please"}, headers=admin(stores))
    assert response.status_code == 200, response.text
    assert response.json()["handoff"]["reason"] == "asked_for_human"
    assert (count(database, ShopperSession), count(database, Conversation)) == before
    assert count(database, Handoff) == 0


def test_an_agent_key_cannot_try_it(client: TestClient, database: Database) -> None:
    response = client.post(TRY_IT, json={"message": "hello"}, headers=agent_key(database))
    assert response.status_code == 403
    assert response.json()["error"]["code"]


def test_another_stores_key_sees_no_store(client: TestClient, stores: dict[str, str]) -> None:
    response = client.post(TRY_IT, json={"message": "hello"}, headers=admin(stores, RIVAL))
    assert response.status_code == 404


def test_a_blank_question_is_refused_before_any_turn(
    client: TestClient, stores: dict[str, str], model: ScriptedChatModel
) -> None:
    response = client.post(TRY_IT, json={"message": "   "}, headers=admin(stores))
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "the message is empty"
    assert model.script == []


def test_a_shopper_token_is_not_an_admin_key(client: TestClient, shopper: Shopper) -> None:
    response = client.post(TRY_IT, json={"message": "hello"}, headers=shopper.headers)
    assert response.status_code == 401


def test_a_handoff_tried_out_sends_the_merchant_no_webhook(
    client: TestClient, stores: dict[str, str], model: ScriptedChatModel, database: Database
) -> None:
    with database.transaction() as session:
        store = session.get_one(Store, SHOP)
        store.settings = {**(store.settings or {}), "webhook_url": "https://hooks.example/sa"}
    model.add(tool_call("request_human", reason="asked_for_human"))
    response = client.post(TRY_IT, json={"message": "A person please"}, headers=admin(stores))
    assert response.json()["handoff"]["state"] == "waiting"
    assert count(database, WebhookDelivery) == 0
