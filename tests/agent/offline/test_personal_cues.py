"""Which messages the offline engine reads as being about the shopper's own history."""

import pytest

from assistant.agent.contract import BrainInput
from assistant.agent.offline.personal import (
    asked,
    asks_from_history,
    asks_usual_size,
    wants_opt_change,
)
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding import Understanding, understand
from tests.agent.understanding.conftest import DEMO_VOCABULARY


def read(text: str, *, identified: bool = True) -> tuple[Understanding, TurnState]:
    state = TurnState(text=text, brain=BrainInput(store_id="s", customer_identified=identified))
    return understand(text, DEMO_VOCABULARY), state


@pytest.mark.parametrize(
    "text",
    [
        "what goes with the boots i bought",
        "wat goes w the boots i bougth",
        "根据我买过的推荐一下",
        "我 之前 买的 帐篷 配 什么",
    ],
)
def test_a_wish_for_suggestions_about_a_past_purchase(text: str) -> None:
    assert asks_from_history(*read(text))


@pytest.mark.parametrize(
    "text",
    [
        "I bought boots last week and they are too small",
        "the jacket i got from you has a broken zip",
        "我买的帐篷漏水了",
    ],
)
def test_a_past_purchase_alone_is_not_a_wish_for_more(text: str) -> None:
    assert not asked(*read(text))


@pytest.mark.parametrize(
    "text", ["whats my usual size", "whats my usaul size", "我平时穿几码", "my usual size 是多少"]
)
def test_the_usual_size_question(text: str) -> None:
    assert asks_usual_size(*read(text, identified=False))


def test_what_size_i_take_is_personal_only_for_an_identified_customer() -> None:
    assert asks_usual_size(*read("what size do i take"))
    assert not asked(*read("what size do i take", identified=False))


@pytest.mark.parametrize(
    "text", ["is the green tent in stock", "what sizes does the trail boot come in", "hi there"]
)
def test_a_shop_question_is_no_personal_ask(text: str) -> None:
    assert not asked(*read(text))


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("please stop using my purchase history", False),
        ("dont personalise anything", False),
        ("不要根据我的购买记录推荐了", False),
        ("turn personal recommendations back on", True),
        ("开启个性化推荐", True),
        ("what goes with my tent", None),
    ],
)
def test_turning_personal_suggestions_off_and_on(text: str, choice: bool | None) -> None:
    assert wants_opt_change(*read(text)) is choice


def test_a_product_named_by_title_is_the_base_and_needs_no_history() -> None:
    assert not asked(*read("I'm buying the Ridgeline 2P tent, what would go well with it?"))


@pytest.mark.parametrize(
    "text", ["is the first one in stock in size M?", "do you have the rain jacket in a size L"]
)
def test_a_message_that_names_a_size_does_not_ask_for_the_usual_one(text: str) -> None:
    assert not asks_usual_size(*read(text))
    assert not asked(*read(text, identified=False))
