"""Asking whether the store sells a kind of thing: read against the store's own catalog."""

from __future__ import annotations

import pytest

from assistant.agent.understanding import understand
from tests.agent.understanding.conftest import DEMO_VOCABULARY, TEA_VOCABULARY, VOCABULARIES


@pytest.mark.parametrize(
    ("store", "message", "thing"),
    [
        ("demo", "do you sell kayaks?", "kayaks"),
        ("demo", "do you guys sell canoes", "canoes"),
        ("demo", "u have any fishing rods", "fishing rods"),
        ("demo", "got a gps watch?", "a gps watch"),
        ("demo", "looking for kayak paddles", "kayak paddles"),
        ("demo", "do you sell kayack", "kayack"),
        ("demo", "你们卖钓鱼竿吗？", "钓鱼竿"),
        ("demo", "有太阳镜吗", "太阳镜"),
        ("demo", "你们有滑雪板卖吗？", "滑雪板"),
        ("demo", "你们有滑 雪板卖吗？", "滑雪板"),
        ("demo", "Do u hav bear spray?", "bear spray"),
        ("demo", "do you sel sunglases", "sunglases"),
        ("tea", "Do you sell espresso machines?", "espresso machines"),
        ("tea", "do u have matcha", "matcha"),
        ("tea", "有蓝牙音箱吗", "蓝牙音箱"),
    ],
)
def test_a_kind_the_store_does_not_sell_is_read_with_the_shoppers_words(
    store: str, message: str, thing: str
) -> None:
    unsold = understand(message, VOCABULARIES[store]).unsold
    assert unsold is not None
    assert unsold.thing == thing


@pytest.mark.parametrize(
    ("store", "message"),
    [
        ("demo", "do u sell hammocks"),
        ("demo", "do you sell shelters?"),  # another word for the tents it sells
        ("demo", "do you sell rucksacks"),
        ("demo", "Do you sell coffee makers for camping?"),  # a dripper is one
        ("demo", "looking for a tent"),
        ("demo", "do you have a waterproof jacket under 200?"),
        ("demo", "do you have budget tents"),
        ("demo", "have you got trail running shoes"),
        ("demo", "do you have the Ridgeline in green"),
        ("demo", "Do you have a headlamp that's suitable for kids?"),
        ("demo", "你们卖睡袋吗"),
        ("demo", "有没有头灯"),
        ("tea", "do you sell green tea"),
        ("tea", "do you have oolong"),
        ("tea", "do you sell teapots"),
    ],
)
def test_a_kind_the_store_sells_is_not_called_unsold(store: str, message: str) -> None:
    assert understand(message, VOCABULARIES[store]).unsold is None


@pytest.mark.parametrize(
    "message",
    [
        "do you have free shipping?",
        "do you have a return policy",
        "do you have it in blue",
        "do you have something similar",
        "do you have any gift cards",
        "do you offer price matching",
        "do you have a sale on",
        "i need to return my order",
        "有优惠券吗",
    ],
)
def test_a_question_about_the_shop_itself_is_no_kind_of_product(message: str) -> None:
    assert understand(message, DEMO_VOCABULARY).unsold is None


@pytest.mark.parametrize("message", ["有没有更便宜的", "有没有红色", "有没有42码", "有防水的吗"])
def test_a_chinese_size_colour_or_quality_is_no_kind_of_product(message: str) -> None:
    assert understand(message, DEMO_VOCABULARY).unsold is None


def test_a_word_that_is_no_typing_mistake_opens_no_question() -> None:
    assert understand("do you hate kayaks", DEMO_VOCABULARY).unsold is None  # not "have"


def test_a_variety_within_a_kind_it_sells_is_near_that_aisle() -> None:
    unsold = understand("do u have matcha", TEA_VOCABULARY).unsold
    assert unsold is not None
    assert unsold.near_category == "green-tea"


def test_products_sharing_a_telling_word_are_near() -> None:
    unsold = understand("got a gps watch?", DEMO_VOCABULARY).unsold
    assert unsold is not None
    assert set(unsold.near_products) == {"waypoint-gps-handheld", "altimeter-watch"}
    assert set(unsold.near_query.split()) == {"gps", "watch"}


def test_nothing_near_leaves_the_stores_top_level_aisles() -> None:
    unsold = understand("do you sell kayaks?", DEMO_VOCABULARY).unsold
    assert unsold is not None
    assert unsold.near_category is None
    assert unsold.near_products == ()
    assert "Camping" in unsold.aisles
    assert "Tents" not in unsold.aisles  # a sub-aisle, not what the store is


def test_an_aisle_is_sold_through_the_products_below_it() -> None:
    kinds = TEA_VOCABULARY.kinds
    assert {"brewing", "kettles", "electronics", "headphones"} <= kinds.stocked
    assert kinds.aisles == ("Tea", "Coffee", "Brewing Gear", "Electronics")
