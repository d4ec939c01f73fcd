"""The offline engine compares products: the tool first, then the conclusion from its result."""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.engine import OfflineEngine
from assistant.agent.offline.turn_state import DoneCall
from tests.agent.offline.test_engine_turns import calls, decide


def row(key: str, label: str, unit: str, values: list[Any], **extra: Any) -> dict[str, Any]:
    shown = [f"{value} {unit}".strip() for value in values]
    return {"key": key, "label": label, "unit": unit, "values": values, "shown": shown, **extra}


PADS: dict[str, Any] = {
    "products": [
        {"product_id": 1, "handle": "alpine-air-sleeping-pad", "title": "Alpine Air Pad"},
        {"product_id": 2, "handle": "polar-air-pad", "title": "Polar Air Pad"},
    ],
    "differences": [
        row("price", "Price", "", ["$149.00", "$229.00"], highest=[2], lowest=[1]),
        row("r_value", "R value", "", [4.2, 7.0], highest=[2], lowest=[1]),
        row("weight_g", "Weight", "g", [480, 680], highest=[2], lowest=[1]),
    ],
    "shared": [row("insulated", "Insulated", "", [True, True])],
}
for product in PADS["products"]:
    product["in_stock"] = True


def compared(result: dict[str, Any]) -> DoneCall:
    handles = [product["handle"] for product in result["products"]]
    return DoneCall("compare_products", {"products": handles}, result)


def test_two_named_products_are_compared_by_the_tool(engine: OfflineEngine) -> None:
    step = decide(engine, "Alpine Air Insulated Sleeping Pad or Polar Air Pad, which is warmer?")
    assert calls(step) == [
        ("compare_products", {"products": ["alpine-air-sleeping-pad", "polar-air-pad"]})
    ]


def test_the_answer_gives_the_conclusion_first_then_the_differences(
    engine: OfflineEngine,
) -> None:
    text = "Alpine Air Insulated Sleeping Pad or Polar Air Pad, which is warmer?"
    reply = decide(engine, text, compared(PADS)).reply
    first, *rest = reply.splitlines()
    assert first == "The Polar Air Pad is warmer: R value 7.0 against 4.2 for the Alpine Air Pad."
    assert "• Weight: 480 g / 680 g" in rest
    assert "• Price: $149.00 / $229.00" in rest


def test_the_opposite_word_picks_the_other_end(engine: OfflineEngine) -> None:
    reply = decide(engine, "alpine air or polar air pad, which is lighter", compared(PADS)).reply
    assert reply.startswith("The Alpine Air Pad is lighter: Weight 480 g against 680 g")


def test_without_a_deciding_word_the_main_differences_and_prices_come(
    engine: OfflineEngine,
) -> None:
    reply = decide(engine, "alpine air vs polar air pad", compared(PADS)).reply
    assert reply.splitlines()[0] == "The main differences:"
    assert "• R value: 4.2 / 7.0" in reply
    assert "In common: Insulated True." in reply or "In common: Insulated" in reply


def test_a_chinese_comparison_answers_in_chinese(engine: OfflineEngine) -> None:
    step = decide(engine, "Alpine Air 和 Polar Air 睡垫哪个更暖和")
    assert calls(step)[0][1]["products"] == ["alpine-air-sleeping-pad", "polar-air-pad"]
    reply = decide(engine, "Alpine Air 和 Polar Air 睡垫哪个更暖和", compared(PADS)).reply
    assert reply.startswith("Polar Air Pad 更暖和：R 值：7.0；Alpine Air Pad：4.2。")


def test_the_first_two_are_the_first_two_products_shown_before(engine: OfflineEngine) -> None:
    shown = [
        {"product_id": 3, "handle": "beacon-300-headlamp", "title": "Beacon 300 Headlamp"},
        {"product_id": 4, "handle": "nightrunner-1000-headlamp", "title": "Nightrunner 1000"},
        {"product_id": 5, "handle": "sprout-kids-headlamp", "title": "Sprout Kids Headlamp"},
    ]
    step = decide(engine, "whats the diffrence between the first two", last_list=shown)
    assert calls(step) == [
        ("compare_products", {"products": ["beacon-300-headlamp", "nightrunner-1000-headlamp"]})
    ]


def test_pointing_at_products_when_none_were_shown_asks_which(engine: OfflineEngine) -> None:
    step = decide(engine, "compare those two")
    assert not step.calls
    assert "Which products would you like me to compare?" in step.reply


def test_adding_two_products_is_not_a_comparison(engine: OfflineEngine) -> None:
    step = decide(engine, "add the beacon 600 and the nightrunner 1000 to my cart")
    assert "compare_products" not in [name for name, _ in calls(step)]


def test_the_cheaper_one_is_picked_among_the_products_compared_before(
    engine: OfflineEngine,
) -> None:
    shown = [
        {"product_id": 1, "handle": "alpine-air-sleeping-pad", "title": "Alpine Air Pad"},
        {"product_id": 2, "handle": "polar-air-pad", "title": "Polar Air Pad"},
    ]
    text = "add the cheaper one to my cart"
    first = decide(engine, text, last_list=shown)
    assert calls(first) == [
        ("compare_products", {"products": ["alpine-air-sleeping-pad", "polar-air-pad"]})
    ]
    then = decide(engine, text, compared(PADS), last_list=shown)
    assert calls(then) == [("get_product", {"product": "alpine-air-sleeping-pad"})]


def test_a_question_with_it_and_one_product_but_nothing_discussed_is_no_comparison(
    engine: OfflineEngine,
) -> None:
    step = decide(engine, "Which footprint fits the Ridgeline 3P tent, and what does it cost?")
    assert "compare_products" not in [name for name, _ in calls(step)]
