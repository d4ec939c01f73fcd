"""The offline engine answers superlatives: the ranking tool first, then the winner with its
figure and the runners-up, read from the tool's result."""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.engine import OfflineEngine
from assistant.agent.offline.turn_state import DoneCall
from tests.agent.offline.test_engine_turns import calls, decide


def ranked(handle: str, title: str, value: float, shown: str, price: str, **extra: Any) -> Any:
    return {
        "handle": handle,
        "title": title,
        "value": value,
        "shown": shown,
        "price_from": price,
        "price_to": price,
        "in_stock": True,
        "unmet": [],
        **extra,
    }


DAYPACKS: dict[str, Any] = {
    "attribute": "weight_g",
    "label": "Weight",
    "unit": "g",
    "direction": "least",
    "ranked_count": 6,
    "meeting_all": 6,
    "missing_count": 0,
    "products": [
        ranked("summit-18", "Summit 18 Packable Daypack", 160, "160 g", "$39.95"),
        ranked("waypoint-4", "Waypoint 4 Hip Pack", 210, "210 g", "$34.95"),
        ranked("stride-12", "Stride 12 Running Vest", 290, "290 g", "$119.00"),
    ],
}


def done(args: dict[str, Any], result: dict[str, Any]) -> DoneCall:
    return DoneCall("rank_products", args, result)


def test_a_superlative_ranks_the_kind_named_on_the_figure_asked(engine: OfflineEngine) -> None:
    step = decide(engine, "which daypack is the lightest?")
    assert calls(step) == [
        (
            "rank_products",
            {"attribute": "weight_g", "direction": "least", "category": "daypacks", "limit": 3},
        )
    ]


def test_the_winner_comes_first_with_its_figure_then_the_runners_up(
    engine: OfflineEngine,
) -> None:
    reply = decide(engine, "which daypack is the lightest?", done({}, DAYPACKS)).reply
    first, then, *_ = reply.splitlines()
    assert first == "The Summit 18 Packable Daypack is the lightest: 160 g ($39.95), in stock."
    assert (
        then
        == "Then: Waypoint 4 Hip Pack, 210 g ($34.95); Stride 12 Running Vest, 290 g ($119.00)."
    )


def test_a_chinese_superlative_answers_in_chinese(engine: OfflineEngine) -> None:
    reply = decide(engine, "最轻的背包是哪个", done({}, DAYPACKS)).reply
    assert reply.startswith("Summit 18 Packable Daypack最轻：160 g（$39.95），有货。")
    assert "其次：Waypoint 4 Hip Pack：210 g（$34.95）" in reply


def test_constraints_go_to_the_tool_and_products_missing_one_say_so(
    engine: OfflineEngine,
) -> None:
    step = decide(engine, "lightest adjustable trekking poles under 150")
    args = calls(step)[0][1]
    assert args["require"]["adjustable"] is True
    assert args["max_price"] == "150.00"
    result = {
        **DAYPACKS,
        "products": [
            ranked("ascent", "Ascent Carbon Trekking Poles", 420, "420 g", "$139.00"),
            ranked("zfold", "Z-Fold Carbon Running Poles", 310, "310 g", "$119.00")
            | {"unmet": ["adjustable"]},
        ],
    }
    reply = decide(engine, "lightest adjustable trekking poles under 150", done(args, result)).reply
    assert reply.startswith("The Ascent Carbon Trekking Poles is the lightest: 420 g")
    assert "• Z-Fold Carbon Running Poles: 310 g ($119.00) - not adjustable" in reply


def test_a_kind_that_states_no_figure_tries_the_next_key(engine: OfflineEngine) -> None:
    args = {"attribute": "r_value", "direction": "most", "category": "sleeping-bags"}
    empty = {**DAYPACKS, "ranked_count": 0, "products": [], "missing_count": 6}
    step = decide(engine, "warmest sleeping bag", done(args, empty))
    name, following = calls(step)[0]
    assert name == "rank_products"
    assert (following["attribute"], following["direction"]) == ("temperature_rating_c", "least")


def test_the_whole_list_is_shown_in_order_when_asked(engine: OfflineEngine) -> None:
    step = decide(engine, "list your headlamps from brightest to dimmest")
    assert calls(step)[0][1]["limit"] == 5
    lamps = {
        "attribute": "lumens",
        "label": "Lumens",
        "unit": "lm",
        "ranked_count": 4,
        "products": [
            ranked("n", "Nightrunner 1000", 1000, "1000 lm", "$119.00"),
            ranked("b6", "Beacon 600", 600, "600 lm", "$59.95"),
            ranked("b3", "Beacon 300", 300, "300 lm", "$34.95"),
            ranked("s", "Sprout Kids", 100, "100 lm", "$19.95"),
        ],
    }
    lines = decide(engine, "list your headlamps from brightest to dimmest", done({}, lamps)).reply
    assert lines.splitlines()[:3] == [
        "By lumens, highest first:",
        "• Nightrunner 1000: 1000 lm ($119.00)",
        "• Beacon 600: 600 lm ($59.95)",
    ]


def test_products_without_the_figure_are_counted(engine: OfflineEngine) -> None:
    result = {**DAYPACKS, "missing_count": 2}
    reply = decide(engine, "which daypack is the lightest?", done({}, result)).reply
    assert "2 more here don't state their weight." in reply


def test_which_is_the_lightest_without_a_kind_picks_among_those_shown(
    engine: OfflineEngine,
) -> None:
    shown = [
        {"product_id": 3, "handle": "beacon-300-headlamp", "title": "Beacon 300 Headlamp"},
        {"product_id": 4, "handle": "nightrunner-1000-headlamp", "title": "Nightrunner 1000"},
    ]
    step = decide(engine, "which one is the lightest", last_list=shown)
    assert [name for name, _ in calls(step)] != ["rank_products"]


def test_two_products_named_with_a_superlative_are_compared(engine: OfflineEngine) -> None:
    step = decide(engine, "beacon 300 or nightrunner 1000, which is the brightest?")
    assert calls(step)[0][0] == "compare_products"


def test_a_need_based_search_keeps_to_the_kind_named(engine: OfflineEngine) -> None:
    step = decide(engine, "a 2 person tent under 300 that is light")
    name, args = calls(step)[0]
    assert (name, args["kind"], args["category"]) == ("search_products", "tent", "tents")


def test_a_relaxed_search_counts_the_features_it_no_longer_requires(
    engine: OfflineEngine,
) -> None:
    empty = DoneCall("search_products", {"attributes": {"waterproof": True}}, {"products": []})
    step = decide(engine, "waterproof daypack", empty)
    name, args = calls(step)[0]
    assert name == "search_products"
    assert "attributes" not in args
    assert args["prefer"] == {"waterproof": True}
