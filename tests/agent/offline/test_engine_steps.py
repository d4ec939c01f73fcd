"""The offline engine's decisions, one turn state at a time, on the demo store's vocabulary."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from assistant.agent.memory import context_message
from assistant.agent.offline.engine import OfflineEngine
from assistant.agent.offline.steps import Step
from assistant.agent.offline.turn_state import DoneCall, TurnState, read_turn
from tests.factories import brain_input

CONTEXT: dict[str, Any] = {
    "store_name": "Trailhead Outfitters",
    "currency": "USD",
    "handoff_threshold": 0.35,
    "discount_cap_percent": 15,
}
BOOT = {
    "product_id": 1,
    "handle": "fernway-wp-boot",
    "title": "Fernway Lightweight WP Boot",
    "category": "hiking-boots",
    "sku": "BOOT-FERN-CHR-42",
    "options": {"colour": "Charcoal", "size": "42"},
}


def decide(engine: OfflineEngine, text: str, *done: DoneCall, **context: Any) -> Step:
    return engine.decide(
        TurnState(text=text, brain=brain_input(**{**CONTEXT, **context}), done=done)
    )


def only_call(step: Step) -> tuple[str, dict[str, Any]]:
    assert len(step.calls) == 1, step
    return step.calls[0].name, step.calls[0].args


def test_a_greeting_is_answered_without_tools(engine: OfflineEngine) -> None:
    step = decide(engine, "hi there")
    assert step.calls == ()
    assert "Trailhead Outfitters" in step.reply


def test_a_search_carries_every_constraint(engine: OfflineEngine) -> None:
    name, args = only_call(decide(engine, "do you have waterproof boots under $120 in size 42?"))
    assert name == "search_products"
    assert args["max_price"] == "120.00"
    assert args["attributes"] == {"waterproof": True, "size": "42"}
    assert args["category"] == "hiking-boots"


def test_a_chinese_search_uses_the_concepts_it_understood(engine: OfflineEngine) -> None:
    name, args = only_call(decide(engine, "有防水的登山靴吗？120美元以下"))
    assert name == "search_products"
    assert "boots" in args["query"]
    assert args["max_price"] == "120.00"


def test_search_results_become_a_short_list(engine: OfflineEngine) -> None:
    result = {
        "products": [
            {
                "product_id": 1,
                "handle": "a",
                "title": "Alpha Boot",
                "price_from": {"amount_minor": 9900, "display": "$99.00"},
                "price_to": {"amount_minor": 9900, "display": "$99.00"},
                "in_stock": True,
                "variants": [],
            }
        ]
    }
    step = decide(engine, "waterproof boots", DoneCall("search_products", {}, result))
    assert "Alpha Boot: $99.00 (in stock)" in step.reply


def test_no_results_relax_the_filters_then_try_the_documents(engine: OfflineEngine) -> None:
    empty = DoneCall("search_products", {"attributes": {"waterproof": True}}, {"products": []})
    name, args = only_call(decide(engine, "waterproof boots in size 42", empty))
    assert name == "search_products"
    assert "attributes" not in args
    name, _ = only_call(decide(engine, "waterproof boots in size 42", empty, empty))
    assert name == "search_knowledge"
    nothing = DoneCall("search_knowledge", {}, {"hits": [], "confidence": 0.0})
    step = decide(engine, "waterproof boots in size 42", empty, empty, nothing)
    assert step.resolved is False


@pytest.mark.parametrize(
    "text",
    ["I want to talk to a real person", "can I speak to an agent", "转人工", "我要找人工客服"],
)
def test_asking_for_a_person_hands_off(engine: OfflineEngine, text: str) -> None:
    name, args = only_call(decide(engine, text))
    assert (name, args["reason"]) == ("request_human", "asked_for_human")


def test_a_discount_above_the_cap_goes_to_a_person(engine: OfflineEngine) -> None:
    name, args = only_call(decide(engine, "give me 50% off the tent or I'm leaving"))
    assert (name, args["reason"]) == ("request_human", "out_of_policy")


def test_it_refers_to_the_last_product(engine: OfflineEngine) -> None:
    name, args = only_call(decide(engine, "is it in stock?", last_product=BOOT))
    assert (name, args) == ("get_product", {"product": "fernway-wp-boot"})


def test_the_remembered_variant_is_added_with_the_quantity(engine: OfflineEngine) -> None:
    detail = {
        **BOOT,
        "variants": [
            {"sku": "BOOT-FERN-CHR-42", "options": {"colour": "Charcoal", "size": "42"}},
            {"sku": "BOOT-FERN-SND-42", "options": {"colour": "Sand", "size": "42"}},
        ],
    }
    got = DoneCall("get_product", {"product": "fernway-wp-boot"}, detail)
    name, args = only_call(decide(engine, "add two of them to my cart", got, last_product=BOOT))
    assert (name, args) == ("add_to_cart", {"sku": "BOOT-FERN-CHR-42", "quantity": 2})


def test_an_ambiguous_variant_is_asked_for_and_remembered(engine: OfflineEngine) -> None:
    detail = {
        "product_id": 9,
        "handle": "tee",
        "title": "Trail Tee",
        "variants": [
            {"sku": "T-S", "options": {"size": "S"}, "in_stock": True},
            {"sku": "T-M", "options": {"size": "M"}, "in_stock": True},
        ],
    }
    got = DoneCall("get_product", {"product": "tee"}, detail)
    step = decide(engine, "add the trail tee to my cart", got)
    assert step.calls == ()
    assert "S, M" in step.reply
    assert step.extra["pending"]["intent"] == "add_to_cart"


def test_an_order_number_is_looked_up(engine: OfflineEngine) -> None:
    assert only_call(decide(engine, "where is my order TO-10003?")) == (
        "get_order_status",
        {"order_number": "TO-10003"},
    )


def test_policy_questions_search_policies_and_faqs(engine: OfflineEngine) -> None:
    name, args = only_call(decide(engine, "what is your return policy?"))
    assert name == "search_knowledge"
    assert args["doc_types"] == ["policy", "faq"]
    assert args["query"] == "what is your return policy?"


def test_a_weak_retrieval_hands_off_instead_of_guessing(engine: OfflineEngine) -> None:
    weak = DoneCall("search_knowledge", {}, {"hits": [], "confidence": 0.1})
    name, args = only_call(decide(engine, "what is your return policy?", weak))
    assert (name, args["reason"]) == ("request_human", "low_confidence")


def test_a_confident_passage_is_quoted_with_its_source(engine: OfflineEngine) -> None:
    hit = {
        "text": "You can return unused items within 30 days of delivery. Tags must be attached.",
        "citation": {"title": "Returns", "section": "Return window"},
    }
    found = DoneCall("search_knowledge", {}, {"hits": [hit], "confidence": 0.9})
    step = decide(engine, "how long can I return things?", found)
    assert "30 days" in step.reply
    assert "Returns — Return window" in step.reply


def test_chinese_questions_get_chinese_replies(engine: OfflineEngine) -> None:
    step = decide(engine, "你好")
    assert "购物助手" in step.reply


def test_the_model_reads_the_turn_from_messages(engine: OfflineEngine) -> None:
    messages = [
        context_message(brain_input(**CONTEXT)),
        HumanMessage("is BOOT-FERN-CHR-42 in stock?"),
        AIMessage(
            "", tool_calls=[{"name": "view_cart", "args": {}, "id": "c1", "type": "tool_call"}]
        ),
        ToolMessage('{"lines": []}', tool_call_id="c1"),
    ]
    state = read_turn(messages, brain_input(**CONTEXT))
    assert state.text == "is BOOT-FERN-CHR-42 in stock?"
    assert state.store_id == "demo"
    assert state.done[0].name == "view_cart"
    assert state.done[0].result == {"lines": []}


def test_tool_call_ids_are_unique(engine: OfflineEngine) -> None:
    brain = brain_input(**CONTEXT)
    messages = [context_message(brain), HumanMessage("where is my order TO-10003?")]
    (first, _), (second, _) = engine.respond(messages, brain), engine.respond(messages, brain)
    assert first.tool_calls[0]["id"] != second.tool_calls[0]["id"]
    assert first.tool_calls[0]["args"] == second.tool_calls[0]["args"]


def test_emptying_the_cart_removes_every_line(engine: OfflineEngine) -> None:
    cart = {"lines": [{"sku": "A-1"}, {"sku": "B-2"}], "total": {"display": "$0.00"}}
    viewed = DoneCall("view_cart", {}, cart)
    step = decide(engine, "please empty my cart completely", viewed)
    assert [(c.name, c.args) for c in step.calls] == [
        ("remove_from_cart", {"sku": "A-1"}),
        ("remove_from_cart", {"sku": "B-2"}),
    ]


def test_a_negative_quantity_adds_nothing(engine: OfflineEngine) -> None:
    step = decide(engine, "add -5 headlamps to my cart")
    assert step.calls == ()
    assert "positive number" in step.reply


def test_taking_the_coupon_off_calls_remove_coupon(engine: OfflineEngine) -> None:
    assert only_call(decide(engine, "take the coupon off my cart")) == ("remove_coupon", {})


def test_asking_about_a_promotion_is_not_bargaining(engine: OfflineEngine) -> None:
    step = decide(engine, "Is the Emberlight Down Jacket still 25% off?")
    assert all(c.name != "request_human" for c in step.calls)
