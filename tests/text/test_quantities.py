"""Figures with units in shoppers' messages and policy sentences."""

from __future__ import annotations

from decimal import Decimal

import pytest

from text.quantities import read_quantities

HOURS_PER_DAY = 24


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("my tent was delivered 50 days ago", 50),
        ("got it 3 weeks ago", 21),
        ("a 60-day return window", 60),
        ("fifty days ago", 50),
        ("a week ago", 7),
        ("two months later", 60),
        ("睡袋到货45天了", 45),
        ("三周前买的", 21),
        ("两个月了", 60),
    ],
)
def test_durations_are_read_in_any_wording(text: str, days: int) -> None:
    (found,) = read_quantities(text)
    assert found.kind == "duration"
    assert found.value == Decimal(days * HOURS_PER_DAY)


def test_hours_and_days_compare_on_one_scale() -> None:
    (hour,) = read_quantities("within 1 hour of placing the order")
    (hours,) = read_quantities("下单3小时了")
    assert hour.value < hours.value


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Orders of EUR 39.00 or more ship free", "39.00", "EUR"),
        ("the $6.95 return label", "6.95", "USD"),
        ("my order was 35 euros", "35", "EUR"),
        ("订单35欧元", "35", "EUR"),
        ("订单一百元", "100", ""),
    ],
)
def test_money_keeps_its_currency_when_the_text_names_one(
    text: str, amount: str, currency: str
) -> None:
    (found,) = read_quantities(text)
    assert (found.kind, found.value, found.unit) == ("money", Decimal(amount), currency)


def test_weights_are_kept_in_grams() -> None:
    (found,) = read_quantities("a pack under 2 kg")
    assert (found.kind, found.value) == ("weight", Decimal(2000))


def test_a_sentence_with_a_price_and_a_delivery_time_gives_both_in_order() -> None:
    kinds = [q.kind for q in read_quantities("Expedited costs $14.95 (2-3 business days).")]
    assert kinds == ["money", "duration"]


def test_plain_numbers_without_units_are_not_quantities() -> None:
    assert read_quantities("order TO-10015 has 3 items") == []
