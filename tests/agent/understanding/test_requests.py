"""What a request asks to be done beyond its intent: money off, every line, several products,
a count no cart can hold, a coupon taken off, a line switched to another variant."""

from __future__ import annotations

import pytest

from assistant.agent.understanding.discounts import discount_percent
from tests.agent.understanding.conftest import Store, context_for


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("give me 50% off", 50),
        ("30 percent off please", 30),
        ("能给我打五折吗", 50),
        ("打八折", 20),
        ("八五折", 15),
        ("8.5折", 15),
        ("85折", 15),
        ("给我半价", 50),
        ("no numbers here", None),
    ],
)
def test_the_percent_off_is_read_in_both_ways_of_saying_it(text: str, percent: int | None) -> None:
    assert discount_percent(text) == percent


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("give me 50% off", 50),
        ("can I get 20% off?", 20),
        ("I'm staff, apply my 30% staff discount", 30),
        ("能给我打五折吗？", 50),
        ("可以打九折吗", 10),
    ],
)
def test_asking_for_money_off_for_oneself_is_a_bargain_with_its_percent(
    store: Store, text: str, percent: int
) -> None:
    result = store.read(text)
    assert (result.bargain, result.discount_percent, result.coupon_code) == (True, percent, None)
    assert result.quantity is None


@pytest.mark.parametrize(
    "text",
    [
        "is it still 25% off?",
        "is this on sale?",
        "I need 100% waterproof boots",
        "do you have a student discount?",
        "这个还打八折吗",
    ],
)
def test_asking_about_a_sale_is_no_bargain(store: Store, text: str) -> None:
    result = store.read(text)
    assert (result.bargain, result.discount_percent) == (False, None)


@pytest.mark.parametrize(
    "text", ["please empty my cart completely", "remove everything from my basket", "清空购物车"]
)
def test_emptying_the_cart_is_a_removal_of_every_line(store: Store, text: str) -> None:
    result = store.read(text)
    assert (result.intent, result.all_items) == ("remove_from_cart", True)


def test_removing_one_kind_of_product_is_not_every_line(demo: Store) -> None:
    assert demo.read("remove all the socks from my cart").all_items is False


@pytest.mark.parametrize(
    "text",
    ["take one of the headlamps out of my cart", "take 1 of those out of my basket", "拿掉一个"],
)
def test_taking_one_out_lowers_the_count(store: Store, text: str) -> None:
    result = store.read(text)
    assert (result.intent, result.quantity_delta, result.quantity) == ("update_quantity", -1, None)


@pytest.mark.parametrize(
    "text",
    [
        "add -5 headlamps to my cart",
        "add minus two of these",
        "add 0 boots to my cart",
        "加-3个到购物车",
    ],
)
def test_a_count_below_one_is_invalid_not_one(store: Store, text: str) -> None:
    result = store.read(text)
    assert (result.invalid_quantity, result.quantity) == (True, None)
    assert result.confidence < 0.5


@pytest.mark.parametrize(
    "text", ["a sleeping bag rated to -10", "sizes 38-42", "add 2 headlamps", "rated -5°C"]
)
def test_minus_signs_elsewhere_are_no_invalid_count(store: Store, text: str) -> None:
    assert store.read(text).invalid_quantity is False


@pytest.mark.parametrize(
    "text",
    ["Take the coupon off my cart", "remove the discount code", "把优惠券去掉", "优惠码先不用了"],
)
def test_taking_a_coupon_off_applies_nothing(store: Store, text: str) -> None:
    result = store.read(text)
    assert (result.intent, result.remove_coupon, result.coupon_code) == ("view_cart", True, None)


def test_a_price_with_a_code_is_a_quote_and_applying_it_is_asked_for(demo: Store) -> None:
    quote = demo.read("how much is the Traverse 65 with code WELCOME10?")
    assert (quote.intent, quote.coupon_code) == ("price_question", "WELCOME10")
    applied = demo.read("apply WELCOME10 to my cart")
    assert (applied.intent, applied.coupon_code) == ("apply_coupon", "WELCOME10")


def test_two_products_with_their_own_counts_are_two_items(demo: Store) -> None:
    result = demo.read("add a Pocketflame Canister Stove and two 230 g fuel canisters to my cart")
    assert result.intent == "add_to_cart"
    assert result.quantity is None
    assert [(item.product_handles[0], item.quantity) for item in result.items] == [
        ("pocketflame-canister-stove", 1),
        ("fuel-canister", 2),
    ]
    assert result.items[1].options == {"size": "230 g"}


def test_two_products_in_the_tea_store_are_two_items(tea: Store) -> None:
    result = tea.read("add a Travel Hand Mill and two bags of Colombia Huila in 1 kg to my basket")
    assert [(item.product_handles[0], item.quantity, item.options) for item in result.items] == [
        ("hand-mill", 1, {}),
        ("colombia-huila", 2, {"weight": "1 kg"}),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "add the Traverse 65 in black, size L to my cart",
        "add the Pole Tip and Basket Kit to my cart",
        "what's the difference between the Beacon 300 and the Beacon 600?",
    ],
)
def test_one_product_or_a_comparison_is_no_list_of_items(demo: Store, text: str) -> None:
    assert demo.read(text).items == ()


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("can you swap the boots in my cart for size 43 instead?", {"size": "43"}),
        ("change the jacket in my cart to size L", {"size": "L"}),
        ("把购物车里的靴子换成43码", {"size": "43"}),
    ],
)
def test_switching_a_cart_line_to_another_variant(
    demo: Store, text: str, options: dict[str, str]
) -> None:
    result = demo.read(text)
    assert (result.intent, result.variant_change, result.quantity) == (
        "update_quantity",
        True,
        None,
    )
    assert result.options == options


def test_the_same_switch_outside_the_cart_is_no_variant_change(demo: Store) -> None:
    result = demo.read("I'd like the blue one instead", context_for("demo", "traverse-65-backpack"))
    assert result.variant_change is False


def test_exchanging_something_bought_goes_to_a_person_with_its_order(demo: Store) -> None:
    result = demo.read("Please exchange the boots from order TO-10012 for a size 45.")
    assert (result.intent, result.service_request, result.order_number) == (
        "human_request",
        "exchange",
        "TO-10012",
    )
