"""Brain 2 over real HTTP: the same loop driven by ChatOpenAI against a scripted local server."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from assistant.agent.loop import ChatAgent
from assistant.agent.models.openai_model import PROVIDER_ERRORS, build_openai_model
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Message
from tests.agent.test_loop import stock_tools
from tests.fakes.openai_server import ScriptedOpenAIServer, call, fail, say, stall


def agent_for(server: ScriptedOpenAIServer, settings: Settings, database: Database) -> ChatAgent:
    configured = settings.model_copy(
        update={
            "llm_provider": "openai",
            "llm_base_url": server.base_url,
            "llm_timeout_s": 2.0,
            "llm_max_retries": 0,
        }
    )
    model = build_openai_model(configured)
    return ChatAgent(
        configured,
        database,
        model,
        stock_tools(),
        model_name="openai:test",
        provider_errors=PROVIDER_ERRORS,
    )


def test_tool_call_then_answer_over_http(
    settings: Settings, database: Database, shopper: str
) -> None:
    server = ScriptedOpenAIServer([call("check_stock", sku="B-42"), say("Yes, 3 left at $119.00.")])
    with server.running():
        result = asyncio.run(
            agent_for(server, settings, database).run_turn("shop", shopper, "B-42?")
        )
    assert result.reply == "Yes, 3 left at $119.00."
    assert result.tool_calls[0].name == "check_stock"
    assert result.tokens_in == 40
    tool_names = [t["function"]["name"] for t in server.requests[0]["tools"]]
    assert {"check_stock", "request_human"} <= set(tool_names)
    assert server.requests[1]["messages"][-1]["role"] == "tool"


def test_a_provider_error_hands_off_and_keeps_the_message(
    settings: Settings, database: Database, shopper: str
) -> None:
    server = ScriptedOpenAIServer([fail(500)])
    with server.running():
        result = asyncio.run(agent_for(server, settings, database).run_turn("shop", shopper, "hi"))
    assert result.handoff.reason == "provider_error"
    assert "person" in result.reply
    with database.session() as session:
        first = session.scalars(select(Message).order_by(Message.id)).first()
        assert first is not None and first.role == "user"


def test_a_timeout_ends_the_turn_politely(
    settings: Settings, database: Database, shopper: str
) -> None:
    server = ScriptedOpenAIServer([stall(4.0)])
    with server.running():
        result = asyncio.run(agent_for(server, settings, database).run_turn("shop", shopper, "hi"))
    assert result.handoff.state == "waiting"
    assert result.reply


def test_the_adapter_streams_tokens_over_http(settings: Settings) -> None:
    server = ScriptedOpenAIServer([say("Three pairs are in stock.")])
    configured = settings.model_copy(update={"llm_provider": "openai", "llm_max_retries": 0})
    with server.running():
        model = build_openai_model(configured.model_copy(update={"llm_base_url": server.base_url}))
        chunks = [str(chunk.content) for chunk in model.stream("Are the boots in stock?")]
    assert server.requests[0]["stream"] is True
    assert len([chunk for chunk in chunks if chunk]) == 5
    assert "".join(chunks).strip() == "Three pairs are in stock."
