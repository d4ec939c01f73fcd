"""Follow-ups read in the context of the dialogue: "it", "the blue one", "two more", "这个"."""

from __future__ import annotations

import pytest

from assistant.agent.understanding import DialogueContext, Intent
from tests.agent.understanding.conftest import Store, context_for

# The product each store's follow-ups talk about, and a colour and size it could come in.
DISCUSSED = {
    "demo": ("summit-trail-wp-boot", "hiking-boots"),
    "tea": ("quietwave-anc-headphones", "headphones"),
}


def _context(
    store: Store, intent: Intent = "product_question", in_cart: bool = False
) -> DialogueContext:
    handle, _ = DISCUSSED[store.name]
    return context_for(store.name, handle, intent, in_cart=in_cart)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("is it in stock?", "stock_question"),
        ("how much is it?", "price_question"),
        ("is it waterproof?", "product_question"),
        ("add it to my cart", "add_to_cart"),
        ("I'll take it", "add_to_cart"),
        ("这个有货吗", "stock_question"),
        ("这个多少钱", "price_question"),
        ("它防水吗", "product_question"),
        ("把它加入购物车", "add_to_cart"),
        ("我要这个", "add_to_cart"),
    ],
)
def test_pronouns_refer_to_the_product_discussed(store: Store, text: str, intent: str) -> None:
    result = store.read(text, _context(store))
    assert (result.intent, result.refers_to_previous) == (intent, True)


@pytest.mark.parametrize(
    ("text", "colour"),
    [
        ("the blue one", "Blue"),
        ("what about in black?", "Black"),
        ("黑色的呢", "Black"),
        ("那红色的呢？", "Red"),
    ],
)
def test_a_bare_option_continues_the_last_question_about_the_same_product(
    store: Store, text: str, colour: str
) -> None:
    result = store.read(text, _context(store, "stock_question"))
    assert result.intent == "stock_question"
    assert result.refers_to_previous is True
    assert colour.lower() in result.options["colour"].lower()


def test_the_blue_one_in_42_resolves_colour_and_size(demo: Store) -> None:
    result = demo.read("the blue one in 42", _context(demo))
    assert result.options == {"colour": "Blue", "size": "42"}
    assert result.refers_to_previous is True


def test_a_new_option_without_context_is_not_understood_as_a_follow_up(store: Store) -> None:
    result = store.read("what about in black?")
    assert result.refers_to_previous is False
    assert result.intent == "unknown"


def test_two_more_of_a_product_in_the_cart_updates_its_quantity(store: Store) -> None:
    result = store.read("add two more", _context(store, "add_to_cart", in_cart=True))
    assert (result.intent, result.quantity_delta) == ("update_quantity", 2)


def test_two_more_of_a_product_not_in_the_cart_adds_two(store: Store) -> None:
    result = store.read("add two more", _context(store))
    assert (result.intent, result.quantity) == ("add_to_cart", 2)


@pytest.mark.parametrize("text", ["one less", "少一个", "remove one"])
def test_one_less_lowers_the_quantity(store: Store, text: str) -> None:
    result = store.read(text, _context(store, "add_to_cart", in_cart=True))
    assert (result.intent, result.quantity_delta) == ("update_quantity", -1)


@pytest.mark.parametrize("text", ["remove it", "I don't want it anymore", "删掉这个", "不要了"])
def test_removing_the_discussed_product(store: Store, text: str) -> None:
    assert (
        store.read(text, _context(store, "add_to_cart", in_cart=True)).intent == "remove_from_cart"
    )


def test_naming_another_product_is_not_a_reference_to_the_previous_one(demo: Store) -> None:
    result = demo.read("is the Ridgeline 2P Backpacking Tent in stock?", _context(demo))
    assert result.refers_to_previous is False
    assert result.product_handles[0] == "ridgeline-2p-tent"


def test_a_search_refined_by_a_price_keeps_the_category(store: Store) -> None:
    handle, category = DISCUSSED[store.name]
    context = context_for(store.name, handle, "product_search")
    result = store.read("what about under 100?", context)
    assert (result.intent, result.category_hint, result.price_max_minor) == (
        "product_search",
        category,
        10000,
    )


def test_a_reference_without_a_product_discussed_lowers_confidence(store: Store) -> None:
    with_context = store.read("is it in stock?", _context(store))
    without = store.read("is it in stock?")
    assert without.refers_to_previous is True
    assert without.confidence < with_context.confidence


def test_a_shared_option_value_goes_to_the_option_the_discussed_product_has(demo: Store) -> None:
    context = context_for(
        "demo", "alpine-air-sleeping-pad", "product_question", options={"size": "Regular"}
    )
    assert demo.read("the long one", context).options == {"size": "Long"}
    assert demo.read("the long one").options == {"length": "Long"}


@pytest.mark.parametrize("text", ["Great, add the 43 to my cart.", "好，把43的加入购物车"])
def test_a_bare_value_of_the_discussed_product_is_its_option(demo: Store, text: str) -> None:
    result = demo.read(text, context_for("demo", "summit-trail-wp-boot", "stock_question"))
    assert (result.intent, result.options, result.refers_to_previous) == (
        "add_to_cart",
        {"size": "43"},
        True,
    )
    assert "43" not in result.query_text


def test_a_number_the_discussed_product_does_not_offer_is_no_option(demo: Store) -> None:
    result = demo.read("add the 47 to my cart", context_for("demo", "summit-trail-wp-boot"))
    assert "size" not in result.options


@pytest.mark.parametrize("text", ["Actually, make it the other colour.", "换成另一个颜色吧"])
def test_the_other_colour_of_a_line_in_the_cart_switches_it(demo: Store, text: str) -> None:
    context = context_for(
        "demo", "ridgeline-2p-tent", "add_to_cart", in_cart=True, options={"colour": "Green"}
    )
    result = demo.read(text, context)
    assert (result.intent, result.variant_change, result.refers_to_previous) == (
        "update_quantity",
        True,
        True,
    )
    assert result.options == {"colour": "Orange"}


def test_the_other_colour_continues_a_question(tea: Store) -> None:
    context = context_for("tea", "pocketbuds", "price_question", options={"colour": "Black"})
    result = tea.read("what about the other colour?", context)
    assert (result.intent, result.options) == ("price_question", {"colour": "White"})


def test_the_other_colour_of_several_leaves_the_choice_open(tea: Store) -> None:
    context = context_for(
        "tea", "quietwave-anc-headphones", "stock_question", options={"colour": "Black"}
    )
    result = tea.read("what about a different colour?", context)
    assert "colour" not in result.options
    assert result.option_candidates["colour"] == ("White", "Midnight Blue")


@pytest.mark.parametrize("text", ["And if I take three?", "what if I buy three?", "那买三个呢？"])
def test_a_count_after_a_price_asks_that_price_again(store: Store, text: str) -> None:
    result = store.read(text, _context(store, "price_question"))
    assert (result.intent, result.quantity, result.refers_to_previous) == (
        "price_question",
        3,
        True,
    )
