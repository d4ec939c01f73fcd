"""The loop with a scripted model: persistence, handoff, limits, grounding."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence

import pytest
from langchain_core.messages import AIMessage, SystemMessage
from langchain_core.tools import BaseTool, StructuredTool
from sqlalchemy import select

from assistant.agent.loop import ChatAgent
from assistant.agent.models.scripted import (
    ScriptedChatModel,
    ScriptExhaustedError,
    reply,
    tool_call,
)
from assistant.agent.phrases import phrase
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Conversation, Handoff, Message
from assistant.errors import InvalidInputError
from prompts import load_prompt


def stock_tools() -> Sequence[BaseTool]:
    def check_stock(sku: str, quantity: int = 1) -> dict[str, object]:
        """Check stock for a SKU."""
        return {"sku": sku, "available": 3, "price": {"amount_minor": 11900, "display": "$119.00"}}

    return [StructuredTool.from_function(check_stock)]


def make_agent(settings: Settings, database: Database, model: ScriptedChatModel) -> ChatAgent:
    return ChatAgent(
        settings,
        database,
        model,
        stock_tools(),
        model_name="scripted",
        provider_errors=(ScriptExhaustedError,),
    )


def run(agent: ChatAgent, shopper: str, text: str):  # type: ignore[no-untyped-def]
    return asyncio.run(agent.run_turn("shop", shopper, text))


def test_a_grounded_answer_is_returned_and_persisted(
    settings: Settings, database: Database, shopper: str
) -> None:
    model = ScriptedChatModel(
        script=[tool_call("check_stock", sku="B-42"), reply("Yes, 3 are left at $119.00.")]
    )
    result = run(make_agent(settings, database, model), shopper, "Is B-42 in stock?")
    assert result.reply == "Yes, 3 are left at $119.00."
    assert [c.name for c in result.tool_calls] == ["check_stock"]
    assert result.tool_calls[0].result["available"] == 3
    assert result.handoff.state == "bot"
    with database.session() as session:
        roles = [m.role for m in session.scalars(select(Message).order_by(Message.id))]
        assert roles == ["user", "assistant", "tool", "assistant"]
        final = session.scalars(select(Message).order_by(Message.id.desc())).first()
        assert final is not None and final.prompt_version == "system@2"


def test_an_invented_price_is_removed_and_flagged(
    settings: Settings, database: Database, shopper: str
) -> None:
    model = ScriptedChatModel(
        script=[tool_call("check_stock", sku="B-42"), reply("It is in stock. It costs $89.00.")]
    )
    result = run(make_agent(settings, database, model), shopper, "price of B-42?")
    assert "89" not in result.reply
    assert result.grounding_violations == ["89"]


def test_request_human_queues_the_conversation_and_silences_the_bot(
    settings: Settings, database: Database, shopper: str
) -> None:
    model = ScriptedChatModel(
        script=[
            tool_call("request_human", reason="asked_for_human", summary="wants a person"),
            reply("unused"),
        ]
    )
    agent = make_agent(settings, database, model)
    first = run(agent, shopper, "I want to talk to a person")
    assert first.handoff.state == "waiting"
    assert "person will reply" in first.reply
    second = run(agent, shopper, "hello?")
    assert second.reply == ""
    assert second.handoff.state == "waiting"
    with database.session() as session:
        assert session.scalars(select(Handoff)).one().reason == "asked_for_human"
        assert session.scalars(select(Conversation)).one().state == "waiting"


def test_the_tool_call_limit_ends_the_turn_with_a_handoff(
    database: Database, shopper: str, settings: Settings
) -> None:
    limited = settings.model_copy(update={"turn_max_tool_calls": 2})
    model = ScriptedChatModel(script=[tool_call("check_stock", sku=f"S-{i}") for i in range(5)])
    result = run(make_agent(limited, database, model), shopper, "check everything")
    assert result.handoff.state == "waiting"
    assert result.handoff.reason == "limit_reached"


def test_a_model_failure_keeps_the_shoppers_message(
    settings: Settings, database: Database, shopper: str
) -> None:
    model = ScriptedChatModel(script=[])  # the first call raises
    result = run(make_agent(settings, database, model), shopper, "hello")
    assert result.handoff.reason == "provider_error"
    with database.session() as session:
        assert (
            session.scalars(select(Message).where(Message.role == "user")).one().content == "hello"
        )


def test_an_unexpected_error_is_logged_and_handed_off_as_such(
    settings: Settings, database: Database, shopper: str, caplog: pytest.LogCaptureFixture
) -> None:
    agent = ChatAgent(settings, database, ScriptedChatModel(), stock_tools(), model_name="x")
    with caplog.at_level(logging.ERROR, logger="assistant.agent"):
        result = run(agent, shopper, "hello")
    assert result.handoff.reason == "internal_error"
    assert result.reply
    (record,) = [r for r in caplog.records if r.name == "assistant.agent"]
    assert record.exc_info is not None and record.exc_info[0] is ScriptExhaustedError


def test_a_message_over_the_limit_is_refused(
    settings: Settings, database: Database, shopper: str
) -> None:
    agent = make_agent(settings, database, ScriptedChatModel())
    with pytest.raises(InvalidInputError):
        run(agent, shopper, "x" * (settings.max_message_chars + 1))


def test_chinese_messages_get_chinese_notices(
    settings: Settings, database: Database, shopper: str
) -> None:
    model = ScriptedChatModel(script=[tool_call("request_human", reason="asked_for_human")])
    result = run(make_agent(settings, database, model), shopper, "转人工")
    assert result.language == "zh"
    assert "工作人员" in result.reply


def test_streaming_events_arrive_in_order_and_rebuild_the_reply(
    settings: Settings, database: Database, shopper: str
) -> None:
    from assistant.agent.loop import TurnEvent

    events: list[TurnEvent] = []

    async def sink(event: TurnEvent) -> None:
        events.append(event)

    model = ScriptedChatModel(
        script=[tool_call("check_stock", sku="B-42"), reply("Yes, 3 are left at $119.00.")]
    )
    agent = make_agent(settings, database, model)
    asyncio.run(agent.run_turn("shop", shopper, "B-42?", on_event=sink))
    kinds = [event.kind for event in events]
    assert kinds[0] == "tool" and kinds[-1] == "done"
    tokens = "".join(e.data["text"] for e in events if e.kind == "token")
    assert tokens == "Yes, 3 are left at $119.00."
    assert events[-1].data["reply"] == tokens


def counting_stock_tool(calls: list[str]) -> BaseTool:
    def check_stock(sku: str) -> dict[str, object]:
        """Check stock for a SKU."""
        calls.append(sku)
        return {"sku": sku, "available": 3}

    return StructuredTool.from_function(check_stock)


def two_calls(*skus: str) -> AIMessage:
    return AIMessage(
        content="",
        tool_calls=[
            {"name": "check_stock", "args": {"sku": sku}, "id": f"call_{sku}", "type": "tool_call"}
            for sku in skus
        ],
    )


def test_the_model_call_past_the_limit_is_never_made(
    database: Database, shopper: str, settings: Settings
) -> None:
    limited = settings.model_copy(update={"turn_max_model_calls": 2})
    ran: list[str] = []
    model = ScriptedChatModel(script=[tool_call("check_stock", sku=f"S-{i}") for i in range(5)])
    agent = ChatAgent(limited, database, model, [counting_stock_tool(ran)], model_name="scripted")
    result = run(agent, shopper, "check everything")
    assert len(model.received) == 2
    assert ran == ["S-0", "S-1"]
    assert result.handoff.reason == "limit_reached"
    assert result.reply == phrase("handoff_notice", "en")


def test_no_tool_of_a_batch_past_the_tool_limit_runs(
    database: Database, shopper: str, settings: Settings
) -> None:
    limited = settings.model_copy(update={"turn_max_tool_calls": 2})
    ran: list[str] = []
    model = ScriptedChatModel(script=[tool_call("check_stock", sku="A"), two_calls("B", "C")])
    agent = ChatAgent(limited, database, model, [counting_stock_tool(ran)], model_name="scripted")
    result = run(agent, shopper, "check everything")
    assert ran == ["A"]
    assert [(call.arguments["sku"], call.ok) for call in result.tool_calls] == [
        ("A", True),
        ("B", False),
        ("C", False),
    ]
    assert result.handoff.reason == "limit_reached"


def test_every_model_call_gets_the_system_prompt_for_the_store(
    settings: Settings, database: Database, shopper: str
) -> None:
    model = ScriptedChatModel(script=[tool_call("check_stock", sku="B-42"), reply("3 left.")])
    run(make_agent(settings, database, model), shopper, "Is B-42 in stock?")
    expected = load_prompt("system").render(store_name="Shop shop", today=time.strftime("%Y-%m-%d"))
    assert [type(sent[0]) for sent in model.received] == [SystemMessage, SystemMessage]
    assert {sent[0].content for sent in model.received} == {expected}
