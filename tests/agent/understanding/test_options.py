"""Variant options resolved against the store's option names and values."""

from __future__ import annotations

import pytest

from tests.agent.understanding.conftest import Store


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("boots in size 42", "42"),
        ("do you have it in 42?", "42"),
        ("42码的", "42"),
        ("EU 42 please", "42"),
        ("尺码42", "42"),
        ("42 please", "42"),
        ("socks in size M", "M"),
        ("a medium please", "M"),
        ("large please", "L"),
        ("I'd like an XL", "XL"),
        ("M码", "M"),
        ("中号", "M"),
        ("大号的", "L"),
    ],
)
def test_sizes_resolve_to_the_size_option(demo: Store, text: str, size: str) -> None:
    assert demo.read(text).options.get("size") == size


@pytest.mark.parametrize(
    ("text", "colour"),
    [
        ("the blue one", "Blue"),
        ("in black", "Black"),
        ("Forest Green please", "Forest Green"),
        ("黑色的", "Black"),
        ("蓝色", "Blue"),
        ("要红色", "Red"),
        ("深蓝色的", "Navy"),
        ("灰色", "Grey"),
        ("gray", "Grey"),
    ],
)
def test_colours_in_both_languages_resolve_to_store_colours(
    demo: Store, text: str, colour: str
) -> None:
    assert demo.read(text).options.get("colour") == colour


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("250 g please", {"weight": "250 g"}),
        ("250g", {"weight": "250 g"}),
        ("1kg bag of beans", {"weight": "1 kg"}),
        ("1000 grams", {"weight": "1 kg"}),
        ("espresso grind", {"grind": "Espresso"}),
        ("whole bean", {"grind": "Whole bean"}),
        ("with a UK plug", {"plug": "UK"}),
        ("plug: EU", {"plug": "EU"}),
        ("the 32GB one", {"storage": "32 GB"}),
        ("64 gb", {"storage": "64 GB"}),
        ("in cream", {"colour": "Cream"}),
        ("黑色", {"colour": "Black"}),
        ("250克", {"weight": "250 g"}),
        ("一公斤", {}),
    ],
)
def test_the_second_store_options_come_from_its_catalog(
    tea: Store, text: str, options: dict[str, str]
) -> None:
    assert tea.read(text).options == options


def test_colour_words_name_store_shades_as_candidates(tea: Store) -> None:
    result = tea.read("a green kettle")
    assert result.options == {"colour": "Sage Green"}
    assert result.colours == ("green",)


def test_a_generic_colour_reaches_store_shades_of_its_family(tea: Store) -> None:
    assert tea.read("the blue headphones").option_candidates["colour"][0] == "Midnight Blue"


@pytest.mark.parametrize(
    "text", ["how long does shipping take?", "is it long enough?", "a long trip"]
)
def test_everyday_words_that_are_option_values_need_a_cue(demo: Store, text: str) -> None:
    assert "length" not in demo.read(text).options


@pytest.mark.parametrize(
    ("text", "value"),
    [("the long one", "Long"), ("regular length", "Regular"), ("in long", "Long")],
)
def test_everyday_option_values_count_with_a_cue(demo: Store, text: str, value: str) -> None:
    assert demo.read(text).options.get("length") == value


def test_a_value_two_options_share_goes_to_the_option_it_is_typical_of(demo: Store) -> None:
    result = demo.read("a 1 L bottle")
    assert result.options == {"capacity": "1 L"}
    assert "1 L" in result.option_candidates["size"]


def test_a_size_the_store_never_sells_is_reported_as_a_miss(demo: Store) -> None:
    result = demo.read("boots in size 50")
    assert (result.options.get("size"), result.option_misses) == (None, {"size": "50"})


def test_a_store_without_sizes_reads_no_size(tea: Store) -> None:
    result = tea.read("size 42 please")
    assert (result.options, result.option_misses) == ({}, {})


def test_a_large_backpack_is_not_a_size(demo: Store) -> None:
    assert "size" not in demo.read("a large backpack").options


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        (
            "How much is the Cloudburst 2.5L Rain Jacket Women's in coral?",
            "cloudburst-rain-jacket-womens",
        ),
        ("the Emberlight Down Jacket for ladies", "emberlight-down-jacket-womens"),
        ("女款 Emberlight Down Jacket 多少钱", "emberlight-down-jacket-womens"),
        ("the Emberlight Down Jacket", "emberlight-down-jacket"),
        ("the Skyline Trail Runner in coral", "skyline-trail-runner-womens"),
        ("the Skyline Trail Runner in size 45", "skyline-trail-runner"),
    ],
)
def test_who_a_product_is_for_and_what_it_comes_in_pick_the_product(
    demo: Store, text: str, handle: str
) -> None:
    assert demo.read(text).product_handles[0] == handle


@pytest.mark.parametrize("text", ["炭灰色的", "炭黑色", "in charcoal"])
def test_charcoal_is_its_own_shade_before_grey_or_black(store: Store, text: str) -> None:
    assert store.read(text).options["colour"] == "Charcoal"


def test_charcoal_falls_back_to_grey_where_no_charcoal_is_sold() -> None:
    from assistant.agent.understanding import CatalogVocabulary, understand

    vocabulary = CatalogVocabulary(options={"colour": frozenset({"Grey", "Red"})})
    assert understand("炭灰色的", vocabulary).options == {"colour": "Grey"}


def test_a_value_goes_to_the_option_the_named_product_sells_it_under(demo: Store) -> None:
    # The store sells "Regular" as a sleeping bag's length and as this pad's size.
    result = demo.read("How much is the Alpine Air Insulated Sleeping Pad in Regular?")
    assert result.product_handles[0] == "alpine-air-sleeping-pad"
    assert result.options == {"size": "Regular"}
