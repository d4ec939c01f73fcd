"""The offline engine on follow-ups, quotes with coupons, swaps and several products at once."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.agent.offline.engine import OfflineEngine
from assistant.agent.offline.steps import Step
from assistant.agent.offline.turn_state import DoneCall, TurnState
from tests.factories import brain_input

CONTEXT: dict[str, Any] = {
    "store_name": "Trailhead Outfitters",
    "currency": "USD",
    "handoff_threshold": 0.35,
    "discount_cap_percent": 15,
}


def money(minor: int) -> dict[str, Any]:
    return {"amount_minor": minor, "currency": "USD", "display": f"${minor / 100:.2f}"}


def variant(sku: str, price: int = 4900, in_stock: bool = True, **options: str) -> dict[str, Any]:
    return {"sku": sku, "options": options, "price": money(price), "in_stock": in_stock}


LAMP = {
    "product_id": 7,
    "handle": "glow-lamp",
    "title": "Glow Lamp",
    "category": "headlamps",
    "attributes": {"lumens": 200},
    "description": "A small lamp.",
    "price_from": money(2000),
    "price_to": money(2000),
    "variants": [
        variant("LAMP-RED", 2000, colour="Red"),
        variant("LAMP-BLU", 2000, colour="Blue"),
    ],
}


def decide(engine: OfflineEngine, text: str, *done: DoneCall, **context: Any) -> Step:
    return engine.decide(
        TurnState(text=text, brain=brain_input(**{**CONTEXT, **context}), done=done)
    )


def calls(step: Step) -> list[tuple[str, dict[str, Any]]]:
    return [(c.name, c.args) for c in step.calls]


def got(product: dict[str, Any]) -> DoneCall:
    return DoneCall("get_product", {"product": product["handle"]}, product)


def test_a_question_about_colours_lists_the_colours(engine: OfflineEngine) -> None:
    step = decide(engine, "What colours does it come in?", got(LAMP), last_product=LAMP)
    assert "Colour: Red, Blue" in step.reply
    assert "Lumens" not in step.reply


def test_a_chinese_question_about_colours_names_the_option_in_chinese(
    engine: OfflineEngine,
) -> None:
    step = decide(engine, "这个有哪些颜色？", got(LAMP), last_product=LAMP)
    assert "颜色：Red, Blue" in step.reply


def test_asking_for_several_units_checks_the_stock(engine: OfflineEngine) -> None:
    remembered = {**LAMP, "sku": "LAMP-RED", "options": {"colour": "Red"}}
    step = decide(engine, "Can I get two of them?", got(LAMP), last_product=remembered)
    assert calls(step) == [("check_stock", {"sku": "LAMP-RED", "quantity": 2})]


def test_a_count_past_the_tools_limit_is_compared_with_what_is_there(
    engine: OfflineEngine,
) -> None:
    remembered = {**LAMP, "sku": "LAMP-RED", "options": {"colour": "Red"}}
    refused = DoneCall(
        "check_stock", {"sku": "LAMP-RED", "quantity": 12}, {"ok": False, "code": "x"}
    )
    step = decide(engine, "Could I order 12 of them?", got(LAMP), refused, last_product=remembered)
    assert calls(step) == [("check_stock", {"sku": "LAMP-RED", "quantity": 1})]
    level = {
        "sku": "LAMP-RED",
        "title": "Glow Lamp",
        "options": {"colour": "Red"},
        "requested": 1,
        "available": 7,
        "available_now": True,
    }
    checked = DoneCall("check_stock", {"sku": "LAMP-RED", "quantity": 1}, level)
    step = decide(
        engine, "Could I order 12 of them?", got(LAMP), refused, checked, last_product=remembered
    )
    assert "only 7 available" in step.reply
    assert "12" in step.reply


def test_a_coupon_on_a_product_with_several_variants_is_quoted_through_get_price(
    engine: OfflineEngine,
) -> None:
    step = decide(engine, "What would it cost with WELCOME10?", got(LAMP), last_product=LAMP)
    assert calls(step) == [("get_price", {"sku": "LAMP-RED", "quantity": 1, "coupon": "WELCOME10"})]


def test_variants_at_different_prices_get_a_quote_each(engine: OfflineEngine) -> None:
    priced = {
        **LAMP,
        "variants": [
            variant("LAMP-RED", 2000, colour="Red"),
            variant("LAMP-BLU", 2500, colour="Blue"),
            variant("LAMP-GRN", 2000, colour="Green"),
        ],
    }
    step = decide(engine, "How much are three of them?", got(priced), last_product=priced)
    assert calls(step) == [
        ("get_price", {"sku": "LAMP-RED", "quantity": 3}),
        ("get_price", {"sku": "LAMP-BLU", "quantity": 3}),
    ]


def test_a_coupon_that_does_not_apply_is_explained(engine: OfflineEngine) -> None:
    quote = {
        "sku": "LAMP-RED",
        "title": "Glow Lamp",
        "options": {"colour": "Red"},
        "quantity": 1,
        "unit_price": money(2000),
        "total": money(2000),
        "coupon": {
            "code": "WELCOME10",
            "applied": False,
            "discount": money(0),
            "problem": "Coupon WELCOME10 needs a spend of $150.00.",
        },
    }
    priced = DoneCall("get_price", {"sku": "LAMP-RED", "coupon": "WELCOME10"}, quote)
    step = decide(
        engine, "What would it cost with WELCOME10?", got(LAMP), priced, last_product=LAMP
    )
    assert "Glow Lamp costs $20.00" in step.reply
    assert "$150.00" in step.reply


def test_a_quantity_follow_up_keeps_the_variant_a_quote_remembered(
    engine: OfflineEngine,
) -> None:
    # A price quote remembers the SKU and options, not the product's id.
    remembered = {"product_id": None, "sku": "LAMP-BLU", "title": "Glow Lamp", "options": {}}
    remembered["options"] = {"colour": "Blue"}
    step = decide(engine, "OK, add two of those.", got(LAMP), last_product=remembered)
    assert calls(step) == [("add_to_cart", {"sku": "LAMP-BLU", "quantity": 2})]


def test_another_colour_for_a_cart_line_adds_it_before_removing_the_old(
    engine: OfflineEngine,
) -> None:
    line = {
        "sku": "LAMP-RED",
        "product_id": 7,
        "title": "Glow Lamp",
        "options": {"colour": "Red"},
        "quantity": 2,
    }
    cart = {"lines": [line], "total": money(4000)}
    viewed = DoneCall("view_cart", {}, cart)
    text = "Can you swap the lamp in my cart for blue instead?"
    remembered = {**LAMP, "sku": "LAMP-RED", "options": {"colour": "Red"}}
    step = decide(engine, text, viewed, got(LAMP), last_product=remembered)
    assert calls(step) == [("add_to_cart", {"sku": "LAMP-BLU", "quantity": 2})]
    swapped = {"lines": [{**line, "sku": "LAMP-BLU", "options": {"colour": "Blue"}}]}
    added = DoneCall("add_to_cart", {"sku": "LAMP-BLU", "quantity": 2}, swapped)
    step = decide(engine, text, viewed, got(LAMP), added, last_product=remembered)
    assert calls(step) == [("remove_from_cart", {"sku": "LAMP-RED"})]
    removed = DoneCall("remove_from_cart", {"sku": "LAMP-RED"}, {**swapped, "total": money(4000)})
    step = decide(engine, text, viewed, got(LAMP), added, removed, last_product=remembered)
    assert "Glow Lamp (Blue)" in step.reply
    assert "$40.00" in step.reply


def test_several_products_in_one_message_are_each_looked_up_and_added(
    engine: OfflineEngine,
) -> None:
    text = "Add a Pocketflame Canister Stove and two 230 g fuel canisters to my cart."
    step = decide(engine, text)
    names = [name for name, _ in calls(step)]
    assert names == ["get_product", "get_product"]
    stove = {
        "product_id": 1,
        "handle": "stove",
        "title": "Stove",
        "variants": [variant("STOVE-1")],
    }
    fuel = {
        "product_id": 2,
        "handle": "fuel",
        "title": "Fuel",
        "variants": [variant("FUEL-100", size="100 g"), variant("FUEL-230", size="230 g")],
    }
    looked_up = (got(stove), got(fuel))
    step = decide(engine, text, *looked_up)
    assert calls(step) == [
        ("add_to_cart", {"sku": "STOVE-1", "quantity": 1}),
        ("add_to_cart", {"sku": "FUEL-230", "quantity": 2}),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Can I rent a tent from you for a weekend?",
        "How should I wash my down jacket?",
        "Is there any way to get 10% off my first order?",
    ],
)
def test_service_and_offer_questions_go_to_the_shops_documents(
    engine: OfflineEngine, text: str
) -> None:
    step = decide(engine, text)
    assert [name for name, _ in calls(step)] == ["search_knowledge"]


def test_a_named_product_on_sale_question_reads_its_promotions(engine: OfflineEngine) -> None:
    # list_promotions returns the product with its price now, so the answer still has a price.
    step = decide(engine, "Emberlight 羽绒服现在有折扣吗？多少钱？")
    assert [(name, args.get("product")) for name, args in calls(step)] == [
        ("list_promotions", "emberlight-down-jacket")
    ]


def test_and_the_complement_after_an_add_puts_that_complement_in_the_cart(
    engine: OfflineEngine,
) -> None:
    tent = {**LAMP, "product_id": 3, "handle": "dome-tent", "title": "Dome 3P Tent"}
    remembered = {**tent, "sku": "LAMP-RED", "options": {"colour": "Red"}}
    footprint = {
        "product_id": 4,
        "handle": "dome-3p-footprint",
        "title": "Dome 3P Footprint",
        "variants": [variant("FP-3P-GRY", 4500, colour="Grey")],
    }
    suggestions = {"items": [{"product": footprint}, {"product": LAMP}]}
    text = "And the footprint that goes with it."
    context = {"last_product": remembered, "last_intent": "add_to_cart"}
    suggested = DoneCall("recommend_products", {"product": "dome-tent"}, suggestions)
    step = decide(engine, text, suggested, **context)
    assert calls(step) == [("get_product", {"product": "dome-3p-footprint"})]
    step = decide(engine, text, suggested, got(footprint), **context)
    assert calls(step) == [("add_to_cart", {"sku": "FP-3P-GRY", "quantity": 1})]


def test_what_goes_with_it_without_an_add_only_suggests(engine: OfflineEngine) -> None:
    footprint = {
        "product_id": 4,
        "handle": "dome-3p-footprint",
        "title": "Dome 3P Footprint",
        "price_from": money(4500),
        "price_to": money(4500),
        "in_stock": True,
        "variants": [variant("FP-3P-GRY", 4500, colour="Grey")],
    }
    suggested = DoneCall("recommend_products", {}, {"items": [{"product": footprint}]})
    step = decide(engine, "What would go well with it?", suggested, last_product=LAMP)
    assert step.calls == ()
    assert "Dome 3P Footprint" in step.reply
