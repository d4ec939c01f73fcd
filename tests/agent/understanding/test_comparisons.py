"""Reading comparisons: the products named, those pointed at, and what decides between them."""

from __future__ import annotations

import pytest

from assistant.agent.understanding.comparison import Comparison, read_comparison
from tests.agent.understanding.conftest import DEMO_VOCABULARY, TEA_VOCABULARY
from text.normalise import normalise


def read(text: str, store: str = "demo") -> Comparison | None:
    vocabulary = DEMO_VOCABULARY if store == "demo" else TEA_VOCABULARY
    return read_comparison(normalise(text), vocabulary)


def first_criterion(comparison: Comparison | None) -> tuple[str, str]:
    assert comparison is not None and comparison.criteria
    return comparison.criteria[0].key, comparison.criteria[0].best


@pytest.mark.parametrize(
    ("text", "products"),
    [
        (
            "Beacon 600 vs Nightrunner 1000",
            ("beacon-600-rechargeable-headlamp", "nightrunner-1000-headlamp"),
        ),
        (
            "difference between the scout 22 and the ridge 28",
            ("scout-22-daypack", "ridge-28-daypack"),
        ),
        (
            "Alpine Air 和 Featherlite 睡垫有什么区别",
            ("alpine-air-sleeping-pad", "featherlite-air-pad"),
        ),
        (
            "nightruner or beacon 300 wich is better",
            ("nightrunner-1000-headlamp", "beacon-300-headlamp"),
        ),
    ],
)
def test_the_products_named_are_read_in_order(text: str, products: tuple[str, ...]) -> None:
    comparison = read(text)
    assert comparison is not None
    assert comparison.products == products


@pytest.mark.parametrize(
    ("text", "store", "decides"),
    [
        ("Emberfall -5 or Hollow Creek, which is warmer?", "demo", ("r_value", "highest")),
        ("ascent carbon or trailmaster which is ligher", "demo", ("weight", "lowest")),
        ("beacon 300 or beacon 600 wich is cheeper", "demo", ("price", "lowest")),
        ("Alpine Air 和 Featherlite 哪個更輕", "demo", ("weight", "lowest")),
        ("Quietwave or Pocketbuds, which lasts longer", "tea", ("burn_time", "highest")),
        ("burr grinder pro or hand mill which has more settings", "tea", ("settings", "highest")),
    ],
)
def test_the_deciding_word_maps_to_a_catalog_attribute(
    text: str, store: str, decides: tuple[str, str]
) -> None:
    assert first_criterion(read(text, store)) == decides


def test_a_word_of_a_product_name_is_no_deciding_word() -> None:
    comparison = read("Fernway Lightweight vs Talus Mid, whats the difference")
    assert comparison is not None
    assert comparison.criteria == ()


def test_the_question_words_name_no_product() -> None:
    comparison = read("pourfect gooseneck or the stovetop kettle, which holds more water", "tea")
    assert comparison is not None
    assert comparison.products == ("pourfect-gooseneck-kettle", "stovetop-whistling-kettle")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("compare the first two", (1, 2)),
        ("whats the difference between the last two", (-2, -1)),
        ("the 1st and 3rd, which is lighter", (1, 3)),
        ("对比一下前两个", (1, 2)),
        ("这两款哪个更轻", (1, 2)),
    ],
)
def test_products_shown_before_are_pointed_at_by_position(
    text: str, shown: tuple[int, ...]
) -> None:
    comparison = read(text)
    assert comparison is not None
    assert comparison.shown == shown


@pytest.mark.parametrize(
    "text",
    [
        "do you have waterproof boots under 120",
        "add the beacon 600 and the nightrunner 1000 to my cart",
        "which headlamp is the brightest",
        "is the beacon 600 waterproof",
    ],
)
def test_messages_that_compare_nothing_are_no_comparison(text: str) -> None:
    assert read(text) is None
