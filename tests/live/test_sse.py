"""The SSE endpoints on a real server: who may open them, what each side sees, and that a closed
stream lets go of its subscription."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from assistant.agent.models.scripted import ScriptedChatModel, tool_call
from assistant.api.deps import services_of
from assistant.config import Settings
from assistant.conversations import NewMessage, append_messages, get_conversation, transition
from assistant.db import Database
from assistant.live import LiveBus
from assistant.stores import create_api_key
from tests.api.conftest import make_app
from tests.e2e.conftest import LiveServer
from tests.live.conftest import sse, wait_until
from tests.tools.conftest import build_shop

SHOP, RIVAL = "shop", "rival"


@dataclass
class Setup:
    client: httpx.Client
    model: ScriptedChatModel
    bus: LiveBus
    agent_keys: dict[str, str]
    database: Database

    def agent(self, store: str = SHOP) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.agent_keys[store]}"}

    def shopper(self, store: str = SHOP) -> dict[str, str]:
        response = self.client.post(f"/v1/stores/{store}/sessions", json={})
        assert response.status_code == 201, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}

    def hand_off(self, shopper: dict[str, str], store: str = SHOP) -> str:
        """The shopper asks for a person (the scripted model calls request_human)."""
        self.model.add(tool_call("request_human", reason="asked_for_human"))
        response = self.client.post(
            f"/v1/stores/{store}/chat/messages",
            json={"message": "A person, please"},
            headers=shopper,
        )
        assert response.status_code == 200, response.text
        assert response.json()["handoff"]["state"] == "waiting"
        return str(response.json()["conversation_id"])


@pytest.fixture
def setup(settings: Settings, database: Database) -> Iterator[Setup]:
    build_shop(database, SHOP)
    build_shop(database, RIVAL)
    with database.transaction() as session:
        keys = {
            SHOP: create_api_key(session, SHOP, "Ana", ["agent"])[1],
            RIVAL: create_api_key(session, RIVAL, "Rex", ["agent"])[1],
        }
    model = ScriptedChatModel()
    app = make_app(settings, database, model)
    with (
        LiveServer(app) as server,
        httpx.Client(base_url=server.url, timeout=httpx.Timeout(20.0)) as client,
    ):
        yield Setup(client, model, services_of(app).live_bus, keys, database)


def console_url(store: str = SHOP) -> str:
    return f"/v1/stores/{store}/console/events"


def shopper_url(conversation_id: str, store: str = SHOP) -> str:
    return f"/v1/stores/{store}/chat/conversations/{conversation_id}/events"


def status_of(setup: Setup, url: str, headers: dict[str, str]) -> tuple[int, str]:
    with setup.client.stream("GET", url, headers=headers) as response:
        body = response.read()
        return response.status_code, json.loads(body)["error"]["code"]


def test_the_console_stream_needs_an_agent_key_of_the_store(setup: Setup) -> None:
    assert status_of(setup, console_url(), {}) == (401, "unauthenticated")
    assert status_of(setup, console_url(), {"Authorization": "Bearer sak_nope"}) == (
        401,
        "unauthenticated",
    )
    assert status_of(setup, console_url(), setup.agent(RIVAL)) == (404, "not_found")


def test_the_shopper_stream_needs_the_token_of_the_session_that_owns_it(setup: Setup) -> None:
    conversation_id = setup.hand_off(setup.shopper())
    assert status_of(setup, shopper_url(conversation_id), {}) == (401, "unauthenticated")
    assert status_of(setup, shopper_url(conversation_id), setup.shopper(RIVAL)) == (
        403,
        "forbidden",
    )
    assert status_of(setup, shopper_url(conversation_id), setup.shopper()) == (404, "not_found")
    assert status_of(setup, shopper_url(conversation_id), setup.agent()) == (401, "unauthenticated")


def test_the_console_stream_carries_the_stores_events_and_no_others(setup: Setup) -> None:
    with sse(setup.client, console_url(), setup.agent()) as stream:
        setup.hand_off(setup.shopper(RIVAL), RIVAL)
        conversation_id = setup.hand_off(setup.shopper())
        frames = stream.events_until("queue.entered")

    assert all(frame.data["store_id"] == SHOP for frame in frames)
    assert all(frame.data["conversation_id"] == conversation_id for frame in frames)
    by_kind = {frame.event: frame.data["data"] for frame in frames}
    assert by_kind["conversation.state"] == {"from": "bot", "to": "waiting", "actor": "assistant"}
    assert by_kind["queue.entered"] == {"reason": "asked_for_human", "priority": 0}
    assert frames[0].data["data"]["role"] == "user"  # the shopper's message came first


def test_the_shopper_sees_a_persons_reply_but_no_notes_and_no_agent_ids(setup: Setup) -> None:
    shopper = setup.shopper()
    conversation_id = setup.hand_off(shopper)
    with sse(setup.client, shopper_url(conversation_id), shopper) as stream:
        with setup.database.transaction() as session:
            conversation = get_conversation(session, SHOP, conversation_id)
            transition(session, conversation, "human", actor="sak_ana")
            append_messages(
                session,
                conversation,
                [
                    NewMessage(role="note", content="VIP", author="Ana"),
                    NewMessage(role="agent", content="Hi, Ana here.", author="Ana"),
                ],
            )
        frames = stream.events_until("message.created")

    assert [(frame.event, frame.data["data"]) for frame in frames[:1]] == [
        ("conversation.state", {"from": "waiting", "to": "human"})
    ]
    assert frames[1].data["data"]["role"] == "agent"
    assert len(frames) == 2
    assert "sak_ana" not in json.dumps([frame.data for frame in frames])


def test_a_stream_the_client_closes_lets_go_of_its_subscription(setup: Setup) -> None:
    with sse(setup.client, console_url(), setup.agent()):
        assert setup.bus.subscriber_count == 1
    wait_until(lambda: setup.bus.subscriber_count == 0)
