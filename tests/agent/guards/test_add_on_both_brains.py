"""The add-on after an add to the cart is the loop's, so it holds for both brains: one
suggestion after a plain add, none during a complaint or a handoff."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest

from assistant.agent.factory import add_on_finder, agent_tools, tool_services
from assistant.agent.loop import ChatAgent
from assistant.agent.models.openai_model import PROVIDER_ERRORS, build_openai_model
from assistant.agent.offline.engine import OfflineEngine
from assistant.agent.turn import TurnResult
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import ShopperSession
from assistant.domain.base import utcnow
from tests.agent.guards.conftest import Knowledge
from tests.factories import load_catalog, make_product, make_store
from tests.fakes.openai_server import ScriptedOpenAIServer, Step, call, say

STORE = "selling"
BOOT = "TRAIL-BOOT-0"  # the Trail Boot in 42


@pytest.fixture
def selling_store(database: Database) -> str:
    """A boot that goes with a sock sold in the boot's sizes; a shopper session."""
    with database.transaction() as session:
        make_store(session, STORE, name="Selling Outfitters")
        load_catalog(
            session,
            STORE,
            make_product(
                "trail-boot",
                title="Trail Boot",
                category="boots",
                price="119.00",
                stock=3,
                options=[{"size": "42"}, {"size": "43"}],
                related=["wool-sock"],
            ),
            make_product(
                "wool-sock",
                title="Wool Hiking Sock",
                category="socks",
                price="18.00",
                stock=9,
                options=[{"size": "42"}, {"size": "43"}],
            ),
        )
        row = ShopperSession(store_id=STORE, expires_at=utcnow() + timedelta(hours=1))
        session.add(row)
        session.flush()
        return row.id


@pytest.fixture(params=["offline", "openai"])
def brain(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@contextmanager
def talking(
    brain: str, settings: Settings, database: Database, script: Sequence[Step]
) -> Iterator[ChatAgent]:
    knowledge: Any = Knowledge()
    services = tool_services(settings, database, knowledge)
    tools = agent_tools(services, knowledge)
    if brain == "offline":
        engine = OfflineEngine.for_database(database)
        yield ChatAgent(
            settings, database, engine, tools, model_name="offline", add_on=add_on_finder(services)
        )
        return
    server = ScriptedOpenAIServer(list(script))
    with server.running():
        llm = settings.model_copy(
            update={
                "llm_provider": "openai",
                "llm_base_url": server.base_url,
                "llm_timeout_s": 5.0,
                "llm_max_retries": 0,
            }
        )
        yield ChatAgent(
            llm,
            database,
            build_openai_model(llm),
            tools,
            model_name="openai:scripted",
            provider_errors=PROVIDER_ERRORS,
            add_on=add_on_finder(services),
        )


def send(agent: ChatAgent, shopper: str, text: str) -> TurnResult:
    return asyncio.run(agent.run_turn(STORE, shopper, text))


def suggested(result: TurnResult) -> bool:
    return any(c.name == "suggest_add_on" for c in result.tool_calls)


def test_a_plain_add_gets_one_suggestion_in_the_same_size(
    brain: str, settings: Settings, database: Database, selling_store: str
) -> None:
    script = [call("add_to_cart", sku=BOOT, quantity=1), say("Added the Trail Boot.")]
    with talking(brain, settings, database, script) as agent:
        result = send(agent, selling_store, "add the trail boot in size 42 to my cart")
    assert [c.name for c in result.tool_calls if c.name == "add_to_cart"] == ["add_to_cart"]
    assert suggested(result)
    assert result.reply.count("You might also want") == 1
    assert "Wool Hiking Sock (42) at $18.00" in result.reply
    assert result.grounding_violations == []


def test_no_suggestion_during_a_complaint(
    brain: str, settings: Settings, database: Database, selling_store: str
) -> None:
    text = (
        "this is ridiculous, my last order came broken and i am really annoyed. "
        "add the trail boot 42"
    )
    script = [call("add_to_cart", sku=BOOT, quantity=1), say("Added the Trail Boot.")]
    with talking(brain, settings, database, script) as agent:
        result = send(agent, selling_store, text)
    assert not suggested(result)
    assert "might also want" not in result.reply


def test_no_suggestion_when_the_turn_hands_off(
    brain: str, settings: Settings, database: Database, selling_store: str
) -> None:
    text = "add the trail boot in 42 and then let me talk to a real person"
    script = [
        call("add_to_cart", sku=BOOT, quantity=1),
        call("request_human", reason="asked_for_human", summary="wants a person"),
        say("A colleague will join."),
    ]
    with talking(brain, settings, database, script) as agent:
        result = send(agent, selling_store, text)
    assert result.handoff.state == "waiting"
    assert not suggested(result)
    assert "might also want" not in result.reply
