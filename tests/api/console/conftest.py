"""Agents' keys and a console client for each agent, over the chat app of tests/api."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel, tool_call
from assistant.db import Database
from assistant.domain import Store
from assistant.stores import create_api_key
from tests.api.conftest import SHOP, Shopper


class Console:
    """One agent's console: every call carries the agent's key."""

    def __init__(self, client: TestClient, secret: str, store: str = SHOP) -> None:
        self.client = client
        self.store = store
        self.headers = {"Authorization": f"Bearer {secret}"}

    def url(self, path: str) -> str:
        return f"/v1/stores/{self.store}/console{path}"

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(self.url(path), headers=self.headers, **kwargs)

    def post(self, path: str, json: Any = None) -> Any:
        return self.client.post(self.url(path), json=json or {}, headers=self.headers)

    def patch(self, path: str, json: Any) -> Any:
        return self.client.patch(self.url(path), json=json, headers=self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(self.url(path), headers=self.headers)


def agent_key(database: Database, name: str, store: str = SHOP) -> str:
    with database.transaction() as session:
        return create_api_key(session, store, name, ["agent"])[1]


@pytest.fixture
def ana(client: TestClient, database: Database) -> Console:
    return Console(client, agent_key(database, "Ana"))


@pytest.fixture
def ben(client: TestClient, database: Database) -> Console:
    return Console(client, agent_key(database, "Ben"))


def ask_for_person(
    shopper: Shopper, model: ScriptedChatModel, text: str = "a person please"
) -> str:
    """The shopper asks for a person; returns the conversation id, now waiting."""
    model.add(tool_call("request_human", reason="asked_for_human"))
    body = shopper.send(text).json()
    assert body["handoff"]["state"] == "waiting", body
    conversation_id: str = body["conversation_id"]
    return conversation_id


def identified_shopper(client: TestClient, database: Database, sub: str, **claims: str) -> Shopper:
    """A shopper whose session carries a customer token from the merchant's backend."""
    with database.session() as session:
        secret = session.get_one(Store, SHOP).customer_token_secret
    expires = datetime.now(UTC) + timedelta(minutes=5)
    token = jwt.encode({"sub": sub, "exp": expires, **claims}, secret, algorithm="HS256")
    identified = Shopper.__new__(Shopper)
    identified.client = client
    identified.store = SHOP
    body = client.post(f"/v1/stores/{SHOP}/sessions", json={"customer_token": token}).json()
    identified.session_id = body["session_id"]
    identified.token = body["token"]
    return identified


def idempotent(headers: dict[str, str]) -> dict[str, str]:
    return {**headers, "Idempotency-Key": uuid.uuid4().hex}
