"""Questions a shop's documents answer, complements, and "what about" follow-ups."""

from __future__ import annotations

import pytest

from tests.agent.understanding.conftest import Store, context_for


@pytest.mark.parametrize(
    "text",
    ["Can I rent one from you for a weekend?", "Do you offer rentals?"],
)
def test_renting_is_a_question_for_the_documents(store: Store, text: str) -> None:
    assert store.read(text).intent == "policy_question"


def test_how_to_wash_a_kind_of_product_is_a_care_question(demo: Store) -> None:
    result = demo.read("How should I wash my down jacket?")
    assert (result.intent, result.policy_topic) == ("policy_question", "care")


def test_a_way_to_get_a_percentage_off_asks_about_the_offers(store: Store) -> None:
    result = store.read("Is there any way to get 10% off my first order?")
    assert (result.intent, result.policy_topic) == ("policy_question", "discounts")
    assert result.bargain is False


@pytest.mark.parametrize(
    "text",
    ["What else would go well with it?", "What pairs well with this one?"],
)
def test_what_goes_with_a_product_asks_for_recommendations(store: Store, text: str) -> None:
    assert store.read(text).intent == "recommendation"


def test_what_about_a_number_is_no_price(demo: Store) -> None:
    context = context_for("demo", "summit-trail-wp-boot", "stock_question")
    result = demo.read("What about 43?", context)
    assert (result.price_min_minor, result.price_max_minor) == (None, None)
    assert result.options.get("size") == "43"
