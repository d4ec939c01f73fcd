"""Price limits in minor units of the store's currency."""

from __future__ import annotations

import pytest

from assistant.agent.understanding import CatalogVocabulary, understand
from tests.agent.understanding.conftest import Store


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("tents under $120", None, 12000),
        ("boots below 120 dollars", None, 12000),
        ("less than 100", None, 10000),
        ("no more than 80 bucks", None, 8000),
        ("between 50 and 80", 5000, 8000),
        ("$50-$80", 5000, 8000),
        ("from $50 to $80", 5000, 8000),
        ("over 200", 20000, None),
        ("at least $75", 7500, None),
        ("$300 or more", 30000, None),
        ("around $100", 8000, 12000),
        ("$99.99 or less", None, 9999),
        ("under 1.5k", None, 150000),
        ("120元以下", None, 12000),
        ("不超过100", None, 10000),
        ("100到200之间", 10000, 20000),
        ("100块以内", None, 10000),
        ("两百元左右", 16000, 24000),
        ("五百元以上", 50000, None),
        ("预算300", None, 30000),
    ],
)
def test_price_limits_are_read_in_minor_units(
    store: Store, text: str, low: int | None, high: int | None
) -> None:
    result = store.read(text)
    assert (result.price_min_minor, result.price_max_minor) == (low, high)


@pytest.mark.parametrize(
    "text",
    [
        "a sleeping bag under 2 kg",
        "can I return it within 30 days?",
        "do you have more than 2 in stock?",
        "size 42-43",
        "is it 20% off?",
        "2-3 days delivery?",
    ],
)
def test_numbers_that_are_not_prices_set_no_limit(store: Store, text: str) -> None:
    result = store.read(text)
    assert (result.price_min_minor, result.price_max_minor) == (None, None)


def test_a_currency_without_decimals_has_no_cents() -> None:
    vocabulary = CatalogVocabulary(currency="JPY")
    assert understand("under ¥5000", vocabulary).price_max_minor == 5000


def test_a_money_amount_is_never_a_size(demo: Store) -> None:
    result = demo.read("boots for $42")
    assert "size" not in result.options
