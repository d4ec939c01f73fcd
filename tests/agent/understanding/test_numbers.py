"""Quantities and numerals in English and Chinese."""

from __future__ import annotations

import pytest

from tests.agent.understanding.conftest import Store, context_for
from text.numerals import parse_chinese_number, parse_english_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十五", 25),
        ("一百", 100),
        ("一百二十", 120),
        ("两百", 200),
        ("一百五", 150),
        ("三千五", 3500),
        ("一千零五", 1005),
        ("一万", 10000),
        ("二〇二六", 2026),
    ],
)
def test_chinese_numerals_are_read(text: str, value: int) -> None:
    assert parse_chinese_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"), [("two", 2), ("twenty-five", 25), ("twenty five", 25), ("a hundred", 100)]
)
def test_english_number_words_are_read(text: str, value: int) -> None:
    assert parse_english_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "十x"])
def test_non_numbers_are_not_read_as_chinese_numerals(text: str) -> None:
    assert parse_chinese_number(text) is None


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("add two to my cart", 2),
        ("I'll take a pair", 1),
        ("I'll take two pairs", 2),
        ("3x please", 3),
        ("x3 please", 3),
        ("I'll take 3 of them", 3),
        ("a couple please", 2),
        ("half a dozen please", 6),
        ("a dozen please", 12),
        ("add 4 to the basket", 4),
        ("我要两个", 2),
        ("来三件", 3),
        ("要一双", 1),
        ("要2双", 2),
        ("要十个", 10),
    ],
)
def test_quantities_are_read(store: Store, text: str, quantity: int) -> None:
    assert store.read(text).quantity == quantity


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("add two more", 2),
        ("one more please", 1),
        ("another one", 1),
        ("one less", -1),
        ("two fewer please", -2),
        ("再来一个", 1),
        ("再加两件", 2),
        ("少一个", -1),
        ("减两件", -2),
    ],
)
def test_quantity_changes_are_read_as_deltas(store: Store, text: str, delta: int) -> None:
    assert store.read(text).quantity_delta == delta


@pytest.mark.parametrize(
    "text",
    [
        "do you have a four season tent?",
        "the blue one in 42",
        "how much is it?",
        "within 30 days?",
        "至少两个人用",
        "第二个",
    ],
)
def test_numbers_that_are_not_quantities_are_left_alone(store: Store, text: str) -> None:
    assert store.read(text).quantity is None


def test_a_number_in_a_named_product_is_not_a_quantity(demo: Store) -> None:
    result = demo.read("how much is the Traverse 65?")
    assert result.quantity is None
    assert result.product_handles[0] == "traverse-65-backpack"


@pytest.mark.parametrize(
    ("text", "quantity"), [("make it 3", 3), ("change the quantity to 5", 5), ("改成三件", 3)]
)
def test_absolute_changes_update_the_quantity(store: Store, text: str, quantity: int) -> None:
    handle = "fuel-canister" if store.name == "demo" else "glass-infuser-mug"
    result = store.read(text, context_for(store.name, handle, "add_to_cart", in_cart=True))
    assert (result.intent, result.quantity) == ("update_quantity", quantity)
