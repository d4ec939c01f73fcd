"""Confidence: high when the message is clearly understood, low when the engine should ask."""

from __future__ import annotations

import pytest

from tests.agent.understanding.conftest import Store

# The demo store hands off below 0.35; clear messages should sit well above it.
HANDOFF_THRESHOLD = 0.35


@pytest.mark.parametrize(
    "text",
    [
        "do you have waterproof boots under $120 in size 42?",
        "where is my order TO-10002?",
        "what is your return policy?",
        "talk to a real person",
        "有没有防水的登山鞋",
        "转人工",
        "我要结账",
    ],
)
def test_clear_messages_are_understood_with_high_confidence(demo: Store, text: str) -> None:
    assert demo.read(text).confidence >= 0.8


@pytest.mark.parametrize("text", ["asdfgh qwerty", "嗯嗯啊啊", "blorp the zingle", "???"])
def test_messages_that_are_not_understood_fall_below_the_handoff_threshold(
    store: Store, text: str
) -> None:
    assert store.read(text).confidence < HANDOFF_THRESHOLD


def test_a_message_half_understood_is_less_confident_than_a_clear_one(demo: Store) -> None:
    clear = demo.read("do you have tents?")
    vague = demo.read("do you have the zorblax for my quintessa?")
    assert vague.confidence < clear.confidence


def test_coverage_measures_the_share_of_words_recognised(demo: Store) -> None:
    assert demo.read("do you have tents?").coverage == 1.0
    assert demo.read("do you have zorblax?").coverage == 0.0


def test_confidence_stays_between_zero_and_one(store: Store) -> None:
    result = store.read(
        "hi!!! I want to add 3 waterproof boots size 42 under $120 to my cart and check out now"
    )
    assert 0.0 <= result.confidence <= 1.0


def test_scores_explain_the_decision(demo: Store) -> None:
    result = demo.read("is it in stock and how much?")
    assert result.scores["stock_question"] >= result.scores["price_question"] > 0
