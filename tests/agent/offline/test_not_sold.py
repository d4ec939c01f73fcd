"""The offline engine's answer to a kind of thing the store does not sell, on the demo store."""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.engine import OfflineEngine
from assistant.agent.offline.turn_state import DoneCall
from tests.agent.offline.test_engine_steps import decide, only_call


def _product(handle: str, title: str, price: str, minor: int) -> dict[str, Any]:
    money = {"amount_minor": minor, "display": price}
    return {
        "product_id": minor,
        "handle": handle,
        "title": title,
        "price_from": money,
        "price_to": money,
        "in_stock": True,
        "variants": [],
    }


def test_nothing_near_says_so_and_names_the_stores_aisles(engine: OfflineEngine) -> None:
    step = decide(engine, "do you sell kayaks?")
    assert step.calls == ()
    assert step.reply.startswith("Sorry, we don't sell kayaks.")
    assert "Camping" in step.reply
    assert "$" not in step.reply


def test_products_sharing_a_word_are_looked_up_and_only_they_are_offered(
    engine: OfflineEngine,
) -> None:
    name, args = only_call(decide(engine, "got a gps watch?"))
    assert name == "search_products"
    assert set(args["query"].split()) == {"gps", "watch"}
    found = {
        "products": [
            _product("altimeter-watch", "Altimeter Watch", "$189.00", 18900),
            _product("baseplate-compass", "Baseplate Compass", "$25.00", 2500),
        ]
    }
    step = decide(engine, "got a gps watch?", DoneCall("search_products", args, found))
    assert step.reply.startswith("Sorry, we don't sell a gps watch.")
    assert "Altimeter Watch: $189.00 (in stock)" in step.reply
    assert "Compass" not in step.reply


def test_a_chinese_request_is_answered_in_chinese(engine: OfflineEngine) -> None:
    step = decide(engine, "你们卖钓鱼竿吗？")
    assert step.reply.startswith("抱歉，我们不卖钓鱼竿。")


def test_a_kind_the_store_sells_is_searched_as_before(engine: OfflineEngine) -> None:
    name, _ = only_call(decide(engine, "do u sell hammocks"))
    assert name == "search_products"
