"""Kinds of products resolved to the store's own categories, in English and Chinese."""

from __future__ import annotations

import pytest

from tests.agent.understanding.conftest import Store

DEMO_CATEGORIES = [
    ("do you have tents?", "tents"),
    ("boots", "hiking-boots"),
    ("hiking boots", "hiking-boots"),
    ("a sleeping bag", "sleeping-bags"),
    ("rain jackets", "rain-jackets"),
    ("fleece jacket", "fleece"),
    ("trail runners", "trail-runners"),
    ("first aid kit", "first-aid"),
    ("gloves", "hats-gloves"),
    ("a chair for camping", "camp-furniture"),
    ("a kettle", "cookware"),
    ("pack", "packs"),
    ("帐篷", "tents"),
    ("登山鞋", "hiking-boots"),
    ("睡袋", "sleeping-bags"),
    ("袜子", "socks"),
    ("炉子", "stoves"),
    ("背包", "packs"),
    ("鞋", "footwear"),
    ("跑鞋", "trail-runners"),
]
TEA_CATEGORIES = [
    ("green tea", "green-tea"),
    ("black tea", "black-tea"),
    ("herbal tea", "herbal-tea"),
    ("oolong", "oolong-tea"),
    ("coffee beans", "coffee-beans"),
    ("a kettle", "kettles"),
    ("grinder", "grinders"),
    ("headphones", "headphones"),
    ("earbuds", "headphones"),
    ("e-readers", "e-readers"),
    ("teapot", "teaware"),
    ("绿茶", "green-tea"),
    ("红茶", "black-tea"),
    ("乌龙茶", "oolong-tea"),
    ("花草茶", "herbal-tea"),
    ("咖啡豆", "coffee-beans"),
    ("电水壶", "kettles"),
    ("磨豆机", "grinders"),
    ("蓝牙耳机", "headphones"),
    ("茶壶", "teaware"),
]


@pytest.mark.parametrize(("text", "slug"), DEMO_CATEGORIES)
def test_demo_product_kinds_find_the_demo_category(demo: Store, text: str, slug: str) -> None:
    assert demo.read(text).category_hint == slug


@pytest.mark.parametrize(("text", "slug"), TEA_CATEGORIES)
def test_second_store_product_kinds_find_its_own_category(tea: Store, text: str, slug: str) -> None:
    assert tea.read(text).category_hint == slug


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        ("jacket", {"rain-jackets", "insulated-jackets"}),
        ("外套", {"rain-jackets", "insulated-jackets"}),
    ],
)
def test_an_ambiguous_kind_gives_every_category_and_no_single_hint(
    demo: Store, text: str, slugs: set[str]
) -> None:
    result = demo.read(text)
    assert result.category_hint is None
    assert slugs <= set(result.category_hints)


def test_tea_alone_is_ambiguous_between_kinds_of_tea(tea: Store) -> None:
    result = tea.read("tea")
    assert result.category_hint == "tea"  # the parent of every tied kind
    assert {"green-tea", "black-tea", "oolong-tea"} <= set(result.category_hints)


def test_a_colour_that_names_a_category_is_not_a_colour_option(tea: Store) -> None:
    result = tea.read("green tea please")
    assert (result.category_hint, result.options) == ("green-tea", {})


def test_a_kind_the_store_does_not_sell_finds_no_category(tea: Store) -> None:
    result = tea.read("do you sell tents?")
    assert (result.category_hint, result.category_hints) == (None, ())
    assert result.concept_terms == ("tent",)


def test_concept_terms_carry_chinese_kinds_in_english(demo: Store) -> None:
    assert demo.read("有没有睡袋").concept_terms == ("sleeping bag",)


def test_a_counter_is_not_a_product_word(tea: Store) -> None:
    result = tea.read("我要两包花草茶")
    assert result.concept_terms == ("herbal tea",)
    assert result.quantity == 2
