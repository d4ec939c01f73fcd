"""Journeys that narrow a product's options over several turns (offline engine, demo store)."""

from __future__ import annotations

from assistant.agent.contract import (
    BrainInput,
    ListedProduct,
    Memory,
    ProductMemory,
    render_note,
)
from assistant.agent.loop import ChatAgent
from assistant.agent.memory import last_list, last_product
from assistant.agent.offline.narrowing import named_values, ordinal
from assistant.agent.turn import ToolCallRecord, TurnResult
from assistant.db import Database
from tests.agent.offline.test_conversations import Shopper, demo, demo_store  # noqa: F401


def _added(result: TurnResult) -> list[str]:
    return [c.arguments["sku"] for c in result.tool_calls if c.name == "add_to_cart"]


def test_options_given_in_separate_turns_pick_the_variant(
    demo: tuple[ChatAgent, Database],  # noqa: F811
) -> None:
    shopper = Shopper(*demo)
    shopper.say("looking at the switchback 35 pack")
    assert not _added(shopper.say("charcoal one pls"))
    shopper.say("the M/L size")
    assert _added(shopper.say("add it to my cart")) == ["PACK-SWB35-CHR-ML"]


def test_one_value_left_in_stock_is_the_choice(demo: tuple[ChatAgent, Database]) -> None:  # noqa: F811
    shopper = Shopper(*demo)
    reply = shopper.say("emberlight down jacket in black").reply
    assert "M" in reply
    result = shopper.say("add it to my cart")
    assert _added(result) == ["INS-EMBER-BLK-M"]


def test_a_value_named_later_replaces_a_sold_out_one(demo: tuple[ChatAgent, Database]) -> None:  # noqa: F811
    shopper = Shopper(*demo)
    shopper.say("is the emberfall down bag in stock in regular")
    assert _added(shopper.say("ok the long then, add it")) == ["BAG-EMB5-LONG"]


def test_the_first_one_is_the_first_product_listed(demo: tuple[ChatAgent, Database]) -> None:  # noqa: F811
    shopper = Shopper(*demo)
    shopper.say("how much are the Puffin Down Vest and the Trail Fleece Vest")
    shopper.say("add two of the first one in charcoal")
    result = shopper.say("L")
    assert [
        (c.arguments["sku"], c.arguments["quantity"])
        for c in result.tool_calls
        if c.name == "add_to_cart"
    ] == [("INS-VEST-CHR-L", 2)]


def test_checkout_before_choosing_says_what_is_missing(demo: tuple[ChatAgent, Database]) -> None:  # noqa: F811
    shopper = Shopper(*demo)
    shopper.say("I'd like the thermal flask in black, add one to my cart")
    reply = shopper.say("checkout").reply
    assert "empty" not in reply and "capacity" in reply
    assert _added(shopper.say("750 ml")) == ["BTL-FLASKT-BLK-750"]


def test_a_bare_value_keeps_a_chinese_conversation_in_chinese(
    demo: tuple[ChatAgent, Database],  # noqa: F811
) -> None:
    shopper = Shopper(*demo)
    shopper.say("Commuter Rain Anorak 有L码吗")
    shopper.say("加一件")
    result = shopper.say("Slate")
    assert _added(result) == ["JKT-ANORAK-SLT-L"]
    assert result.language == "zh" and "已将" in result.reply


def test_the_memory_keeps_what_is_left_in_stock_for_the_options_chosen() -> None:
    product = {
        "product_id": 7,
        "handle": "hat",
        "title": "Hat",
        "variants": [
            {"sku": "H-S", "options": {"colour": "Sand", "size": "S/M"}, "in_stock": True},
            {"sku": "H-L", "options": {"colour": "Sand", "size": "L/XL"}, "in_stock": False},
            {"sku": "O-S", "options": {"colour": "Olive", "size": "S/M"}, "in_stock": True},
        ],
    }
    calls = [ToolCallRecord(id="1", name="get_product", arguments={}, result=product)]
    remembered = last_product(calls, None, {"colour": "Sand"})
    assert remembered is not None
    assert remembered.offered == {"colour": ["Sand", "Olive"], "size": ["S/M", "L/XL"]}
    assert remembered.remaining == {"colour": ["Sand"], "size": ["S/M"]}
    assert last_list(calls, [ListedProduct(handle="old")]) == [ListedProduct(handle="old")]


def test_an_llm_reads_the_narrowed_options_and_the_last_list() -> None:
    memory = Memory(
        last_product=ProductMemory(
            handle="hat", options={"colour": "Sand"}, remaining={"size": ["S/M"]}
        ),
        last_list=[ListedProduct(handle="hat", title="Hat")],
    )
    note = render_note(BrainInput(store_id="demo", memory=memory))
    assert '"remaining": {"size": ["S/M"]}' in note and '"last_list": [{"handle": "hat"' in note


def test_values_and_ordinals_are_read_as_words() -> None:
    offered = {"size": ["S (36-38)", "M (39-42)", "L (43-46)"], "length": ["Regular", "Long"]}
    assert named_values(offered, "ok L then, 2 pairs") == {"size": "L (43-46)"}
    assert named_values(offered, "it's the long one") == {"length": "Long"}
    assert named_values(offered, "regular or long?") == {}
    assert (ordinal("is the first one in stock"), ordinal("first time here")) == (0, None)
    assert ordinal("要第二个") == 1
