"""Whole conversations on the demo store with the offline engine: tools, retrieval, database."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from assistant.agent.factory import build_agent
from assistant.agent.loop import ChatAgent
from assistant.agent.turn import TurnResult
from assistant.config import Settings
from assistant.db import Database
from assistant.demo import open_demo_store
from assistant.domain import Order, Variant
from retrieval.knowledge import KnowledgeBase
from tests.factories import make_shopper_session


@pytest.fixture(scope="module")
def demo_store(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Settings, Database, KnowledgeBase]]:
    """The demo store with its documents indexed, built once for the module (SQLite)."""
    root: Path = tmp_path_factory.mktemp("demo")
    settings = Settings(data_dir=root, _env_file=None)
    with open_demo_store(settings) as store:
        yield settings, store.database, store.knowledge


@pytest.fixture(scope="module")
def demo(demo_store: tuple[Settings, Database, KnowledgeBase]) -> tuple[ChatAgent, Database]:
    """The offline engine over the demo store."""
    settings, database, knowledge = demo_store
    return build_agent(settings, database, knowledge), database


class Shopper:
    def __init__(self, agent: ChatAgent, database: Database) -> None:
        self.agent = agent
        with database.transaction() as session:
            self.session_id = make_shopper_session(session, "demo")

    def say(self, text: str) -> TurnResult:
        result = asyncio.run(self.agent.run_turn("demo", self.session_id, text))
        assert result.grounding_violations == [], (text, result.reply)
        return result


def called(result: TurnResult) -> list[str]:
    return [call.name for call in result.tool_calls]


def test_from_hello_to_an_order_in_english(demo: tuple[ChatAgent, Database]) -> None:
    agent, database = demo
    shopper = Shopper(agent, database)
    assert "Trailhead Outfitters" in shopper.say("hi").reply
    found = shopper.say("do you have waterproof boots under $120 in size 42?")
    assert called(found) == ["search_products"]
    assert "$" in found.reply
    policy = shopper.say("what is your return policy?")
    assert called(policy) == ["search_knowledge"]
    assert policy.citations and policy.handoff.state == "bot"
    stock = shopper.say("is the first one in stock in charcoal?")
    assert "check_stock" in called(stock) or "in stock" in stock.reply
    added = shopper.say("add two of them to my cart")
    assert "add_to_cart" in called(added), added.reply
    assert "Added 2" in added.reply
    order = shopper.say("checkout please")
    assert called(order) == ["start_checkout"]
    with database.session() as session:
        placed = session.scalars(select(Order).where(Order.session_id == shopper.session_id)).one()
        assert placed.status == "pending_payment"
        assert placed.number in order.reply
        line = placed.lines[0]
        variant = session.get(Variant, line.variant_id)
        assert variant is not None and variant.stock_reserved >= 2


def test_from_hello_to_an_order_in_chinese(demo: tuple[ChatAgent, Database]) -> None:
    agent, database = demo
    shopper = Shopper(agent, database)
    assert shopper.say("你好").language == "zh"
    found = shopper.say("有防水的登山靴吗？120美元以下，42码")
    assert called(found) == ["search_products"]
    assert "有货" in found.reply
    policy = shopper.say("退货期限是多少天？")
    assert called(policy) == ["search_knowledge"] and policy.citations
    stock = shopper.say("第一款黑色的有货吗")
    assert stock.language == "zh"
    added = shopper.say("加一双到购物车")
    if "add_to_cart" not in called(added):
        added = shopper.say(added_option(added.reply))
    assert "add_to_cart" in called(added), added.reply
    assert "已将" in added.reply
    order = shopper.say("结账")
    assert called(order) == ["start_checkout"]
    assert "订单" in order.reply


def added_option(question: str) -> str:
    """Answer the engine's "which option?" with the first value it offered."""
    return question.rsplit("：", 1)[-1].split(",")[0].strip(" 。")


def test_an_unanswerable_question_is_handed_to_a_person(demo: tuple[ChatAgent, Database]) -> None:
    agent, database = demo
    shopper = Shopper(agent, database)
    result = shopper.say("can you repair my neighbour's lawnmower engine by friday?")
    assert result.handoff.state == "waiting"
    assert "person" in result.reply


def test_a_handoff_silences_the_bot(demo: tuple[ChatAgent, Database]) -> None:
    agent, database = demo
    shopper = Shopper(agent, database)
    assert shopper.say("转人工").handoff.state == "waiting"
    assert shopper.say("还在吗？").reply == ""
