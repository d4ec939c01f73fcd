"""An app with a scripted brain over the small factory shop (and a rival store), and helpers to
talk to it as a shopper or a merchant."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from langchain_core.tools import BaseTool

from assistant.agent.factory import deps_for_turn
from assistant.agent.loop import ChatAgent
from assistant.agent.models.scripted import ScriptedChatModel, ScriptExhaustedError
from assistant.api.app import create_app
from assistant.config import Settings
from assistant.db import Database
from assistant.stores import create_api_key
from tests.tools.conftest import build_shop
from tools.langchain_tools import build_runtime_tools
from tools.services import ToolServices

SHOP = "shop"
RIVAL = "rival"


def commerce_tools(settings: Settings, database: Database) -> Sequence[BaseTool]:
    tools = ToolServices.build(settings, database)
    return build_runtime_tools(settings, deps_for_turn(tools))


def scripted_agent(settings: Settings, database: Database, model: Any) -> ChatAgent:
    return ChatAgent(
        settings,
        database,
        model,
        commerce_tools(settings, database),
        model_name="scripted",
        provider_errors=(ScriptExhaustedError,),
    )


@dataclass(frozen=True)
class SseEvent:
    event: str
    data: Any


def parse_sse(text: str) -> list[SseEvent]:
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[len("event:") :].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:") :].strip())
        if data:
            events.append(SseEvent(name, json.loads("\n".join(data))))
    return events


class Shopper:
    """A shopper session of one store, talking through the test client."""

    def __init__(self, client: TestClient, store: str = SHOP) -> None:
        self.client = client
        self.store = store
        response = client.post(f"/v1/stores/{store}/sessions", json={})
        assert response.status_code == 201, response.text
        body = response.json()
        self.session_id: str = body["session_id"]
        self.token: str = body["token"]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def url(self, path: str) -> str:
        return f"/v1/stores/{self.store}{path}"

    def send(self, text: str, **kwargs: Any) -> Any:
        return self.client.post(
            self.url("/chat/messages"), json={"message": text}, headers=self.headers, **kwargs
        )

    def stream(self, text: str) -> Any:
        return self.client.post(
            self.url("/chat/messages/stream"), json={"message": text}, headers=self.headers
        )

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(self.url(path), headers=self.headers, **kwargs)


@pytest.fixture
def model() -> ScriptedChatModel:
    return ScriptedChatModel()


@pytest.fixture
def stores(database: Database) -> dict[str, str]:
    """Two stores with the factory catalog; an admin key of each."""
    build_shop(database, SHOP)
    build_shop(database, RIVAL)
    with database.transaction() as session:
        return {
            SHOP: create_api_key(session, SHOP, "ops", ["admin"])[1],
            RIVAL: create_api_key(session, RIVAL, "ops", ["admin"])[1],
        }


def make_app(settings: Settings, database: Database, model: Any) -> FastAPI:
    return create_app(settings, database, agent=scripted_agent(settings, database, model))


@pytest.fixture
def app(
    settings: Settings, database: Database, model: ScriptedChatModel, stores: dict[str, str]
) -> FastAPI:
    return make_app(settings, database, model)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def shopper(client: TestClient) -> Shopper:
    return Shopper(client)


def admin(stores: dict[str, str], store: str = SHOP) -> dict[str, str]:
    return {"Authorization": f"Bearer {stores[store]}"}
