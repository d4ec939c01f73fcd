"""Attributes and features: generic words matched to the store's attribute keys."""

from __future__ import annotations

import pytest

from assistant.agent.understanding import Bounds
from tests.agent.understanding.conftest import Store


@pytest.mark.parametrize("text", ["waterproof boots", "防水的登山鞋", "a water-proof jacket"])
def test_waterproof_sets_the_boolean_key(demo: Store, text: str) -> None:
    assert demo.read(text).attributes.get("waterproof") is True


def test_a_negated_boolean_key_is_false(demo: Store) -> None:
    assert demo.read("tents that are not waterproof").attributes["waterproof"] is False


@pytest.mark.parametrize(
    ("text", "key"), [("warm jacket", "insulated"), ("保暖的外套", "insulated")]
)
def test_a_generic_feature_sets_a_key_named_differently(demo: Store, text: str, key: str) -> None:
    assert demo.read(text).attributes.get(key) is True


@pytest.mark.parametrize(
    ("text", "persons"),
    [
        ("a 2 person tent", 2),
        ("two-person tent", 2),
        ("a 3p tent", 3),
        ("双人帐篷", 2),
        ("四人帐篷", 4),
        ("两个人用的帐篷", 2),
    ],
)
def test_person_counts_set_the_capacity_key(demo: Store, text: str, persons: int) -> None:
    assert demo.read(text).attributes.get("capacity_persons") == persons


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("a sleeping bag lighter than 1 kg", Bounds(max=1000)),
        ("under 800g", Bounds(max=800)),
        ("at least 40 litres", Bounds(min=40)),
        ("40L or more", Bounds(min=40)),
        ("不超过2公斤", Bounds(max=2000)),
    ],
)
def test_amounts_with_units_bound_the_numeric_key(demo: Store, text: str, bounds: Bounds) -> None:
    assert list(demo.read(text).attribute_bounds.values()) == [bounds]


def test_an_amount_with_a_unit_and_no_comparison_is_an_exact_value(demo: Store) -> None:
    assert demo.read("a 35 litre pack").attributes.get("capacity_l") == 35


@pytest.mark.parametrize(
    ("text", "attributes"),
    [
        ("organic green tea", {"organic": True}),
        ("有机绿茶", {"organic": True}),
        ("a dark roast", {"roast": "Dark"}),
        ("decaf please", {"decaf": True}),
        ("coffee without caffeine", {"decaf": True}),
        ("wireless noise cancelling headphones", {"wireless": True, "noise_cancelling": True}),
        ("tea from Fujian", {"origin": "Fujian"}),
    ],
)
def test_the_second_store_attributes_come_from_its_catalog(
    tea: Store, text: str, attributes: dict[str, object]
) -> None:
    assert tea.read(text).attributes == attributes


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4-season tent", "4-season"),
        ("4 season tent", "4-season"),
        ("winter sleeping bag", "winter"),
    ],
)
def test_text_attribute_values_are_read(demo: Store, text: str, value: str) -> None:
    assert demo.read(text).attributes.get("season") == value


def test_a_word_an_option_took_is_not_also_a_feature(tea: Store) -> None:
    result = tea.read("a light roast please")
    assert result.attributes == {"roast": "Light"}
    assert "lightweight" not in result.features


@pytest.mark.parametrize(
    ("text", "gender"),
    [("women's rain jacket", "women"), ("女款冲锋衣", "women"), ("men's boots", "men")],
)
def test_gender_words_select_the_store_value(demo: Store, text: str, gender: str) -> None:
    assert demo.read(text).attributes.get("gender") == gender


@pytest.mark.parametrize(
    ("text", "sort"),
    [
        ("cheapest tent", "price_asc"),
        ("最便宜的帐篷", "price_asc"),
        ("your most expensive jacket", "price_desc"),
        ("the lightest sleeping bag", "weight_asc"),
        ("最轻的睡袋", "weight_asc"),
        ("best headlamp", "best"),
        ("最受欢迎的背包", "best"),
    ],
)
def test_order_words_set_the_sort(demo: Store, text: str, sort: str) -> None:
    assert demo.read(text).sort == sort


@pytest.mark.parametrize(
    ("text", "brand"),
    [("anything from Brewlab?", "Brewlab"), ("quietwave headphones", "Quietwave")],
)
def test_brands_are_read_as_the_catalog_spells_them(tea: Store, text: str, brand: str) -> None:
    assert tea.read(text).brand == brand
