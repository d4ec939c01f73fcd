"""The hello-to-order conversation of test_conversations, driven by an OpenAI-compatible model
over real HTTP: the same loop, tools, retrieval, guards and database as the offline engine."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from assistant.agent.factory import build_agent
from assistant.agent.models.openai_model import build_openai_model
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Order, Variant
from retrieval.knowledge import KnowledgeBase
from tests.agent.offline.test_conversations import Shopper, demo_store
from tests.fakes.openai_server import ScriptedOpenAIServer, call, say

__all__ = ["demo_store"]  # the module-scoped fixture, shared with test_conversations

REPLIES = {
    "en": [
        "Hello! Welcome, what are you looking for today?",
        "I found waterproof boots in size 42 within your budget.",
        "Our return policy is in the passage I cited.",
        "Yes, that one is in stock.",
        "Added 2 to your cart.",
        "Your order is created; pay with the link.",
    ],
    "zh": [
        "您好！今天想找点什么？",
        "找到了42码的防水靴，在您的预算内。",
        "退货政策见我引用的段落。",
        "这款有货。",
        "已将两双加入购物车。",
        "订单已创建，请通过链接付款。",
    ],
}
MESSAGES = {
    "en": [
        "hi",
        "do you have waterproof boots under $120 in size 42?",
        "what is your return policy?",
        "is it in stock?",
        "add two to my cart",
        "checkout please",
    ],
    "zh": [
        "你好",
        "有防水的登山靴吗？120美元以下，42码",
        "退货期限是多少天？",
        "有货吗",
        "加两双",
        "结账",
    ],
}


def a_boot_in_size_42(database: Database) -> str:
    with database.session() as session:
        sku = session.scalars(
            select(Variant.sku)
            .where(Variant.store_id == "demo", Variant.options["size"].as_string() == "42")
            .where(Variant.stock_on_hand - Variant.stock_reserved >= 2)
            .order_by(Variant.sku)
        ).first()
    assert sku is not None
    return sku


@pytest.mark.parametrize("language", ["en", "zh"])
def test_from_hello_to_an_order_over_an_openai_compatible_server(
    demo_store: tuple[Settings, Database, KnowledgeBase], language: str
) -> None:
    settings, database, knowledge = demo_store
    sku = a_boot_in_size_42(database)
    said = REPLIES[language]
    server = ScriptedOpenAIServer(
        [
            say(said[0]),
            call(
                "search_products",
                query="waterproof boots",
                max_price=120,
                attributes={"size": "42"},
            ),
            say(said[1]),
            call("search_knowledge", query="return policy"),
            say(said[2]),
            call("check_stock", sku=sku, quantity=2),
            say(said[3]),
            call("add_to_cart", sku=sku, quantity=2),
            say(said[4]),
            call("start_checkout"),
            say(said[5]),
        ]
    )
    configured = settings.model_copy(
        update={"llm_provider": "openai", "llm_base_url": None, "llm_max_retries": 0}
    )
    with server.running():
        configured = configured.model_copy(update={"llm_base_url": server.base_url})
        agent = build_agent(configured, database, knowledge, model=build_openai_model(configured))
        shopper = Shopper(agent, database)
        results = [
            asyncio.run(agent.run_turn("demo", shopper.session_id, text))
            for text in MESSAGES[language]
        ]
    replies = [result.reply for result in results]
    # The loop adds one in-size suggestion after the add to the cart, whatever the brain said.
    assert replies[:4] + replies[5:] == said[:4] + said[5:]
    said_then, add_on = replies[4].split("\n\n")
    assert said_then == said[4] and "$" in add_on
    assert [[call.name for call in result.tool_calls] for result in results] == [
        [],
        ["search_products"],
        ["search_knowledge"],
        ["check_stock"],
        ["add_to_cart", "suggest_add_on"],
        ["start_checkout"],
    ]
    assert all(result.grounding_violations == [] for result in results)
    assert all(result.handoff.state == "bot" for result in results)
    assert results[2].citations, "the policy answer cites the retrieved passage"
    found = results[1].tool_calls[0].result
    assert isinstance(found, dict) and found.get("products"), found
    assert results[0].language == language
    placed = results[5].tool_calls[0].result
    assert isinstance(placed, dict) and placed.get("order_number"), placed
    with database.session() as session:
        order = session.scalars(select(Order).where(Order.session_id == shopper.session_id)).one()
        assert order.status == "pending_payment"
        assert [(line.sku, line.quantity) for line in order.lines] == [(sku, 2)]
    sent = server.requests[-1]["messages"]
    assert sent[-1]["role"] == "tool" and "order" in sent[-1]["content"].lower()
