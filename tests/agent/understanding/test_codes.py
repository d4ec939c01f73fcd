"""Order numbers and coupon codes in the store's own formats."""

from __future__ import annotations

import pytest

from assistant.agent.understanding import CatalogVocabulary, understand
from assistant.errors import InvalidInputError
from tests.agent.understanding.conftest import Store


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("where is my order TO-10002?", "TO-10002"),
        ("has to-10010 shipped", "TO-10010"),
        ("订单TO-10003到哪了", "TO-10003"),
        ("order number 55512 please", "55512"),
    ],
)
def test_demo_order_numbers_are_read(demo: Store, text: str, number: str) -> None:
    assert demo.read(text).order_number == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("track LC123456 please", "LC123456"),
        ("订单号LC000321", "LC000321"),
        ("order lc654321", "LC654321"),
    ],
)
def test_order_numbers_follow_the_store_pattern(tea: Store, text: str, number: str) -> None:
    assert tea.read(text).order_number == number


def test_another_store_format_is_not_an_order_number(tea: Store) -> None:
    assert tea.read("where is TO-10002").order_number is None


def test_a_tracking_number_is_not_an_order_number(demo: Store) -> None:
    assert demo.read("tracking 1Z999AA10123450012 says delivered").order_number is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("use code SAVE15", "SAVE15"),
        ("apply coupon spring2026", "SPRING2026"),
        ("my discount code is HELLO-5", "HELLO-5"),
        ("I have a voucher: FREESHIP", "FREESHIP"),
        ("优惠码 NEW20", "NEW20"),
        ("折扣码是VIP88", "VIP88"),
    ],
)
def test_coupon_codes_next_to_a_coupon_word_are_read(store: Store, text: str, code: str) -> None:
    assert store.read(text).coupon_code == code


@pytest.mark.parametrize(
    "text", ["do you have a coupon code?", "my code is not working", "code please"]
)
def test_plain_words_next_to_a_coupon_word_are_not_codes(store: Store, text: str) -> None:
    assert store.read(text).coupon_code is None


def test_a_code_the_store_issues_is_read_without_a_coupon_word(demo: Store) -> None:
    assert demo.read("WELCOME10 please").coupon_code == "WELCOME10"


def test_an_order_number_is_not_a_coupon_code(demo: Store) -> None:
    result = demo.read("use code for order TO-10002")
    assert (result.order_number, result.coupon_code) == ("TO-10002", None)


def test_the_coupon_format_is_configurable() -> None:
    vocabulary = CatalogVocabulary(coupon_pattern=r"[A-Z]{3}\d{3}")
    assert understand("coupon abc123", vocabulary).coupon_code == "ABC123"
    assert understand("coupon ABCD1234", vocabulary).coupon_code is None


def test_an_invalid_store_pattern_is_refused_at_construction() -> None:
    with pytest.raises(InvalidInputError):
        CatalogVocabulary(order_number_pattern="[A-Z")


@pytest.mark.parametrize(
    "text", ["use code 4471", "employee ID 4471, apply my staff discount", "coupon 2024"]
)
def test_a_bare_number_is_never_a_coupon_code(store: Store, text: str) -> None:
    assert store.read(text).coupon_code is None
