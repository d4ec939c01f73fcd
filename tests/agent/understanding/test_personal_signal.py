"""The personal-ask reader: a shopper's own sizes and purchases, read apart from shop questions."""

from __future__ import annotations

import pytest

from assistant.agent.understanding.personal_signal import (
    PersonalPack,
    PersonalSignal,
    personal_reader,
    shipped_personal_packs,
)
from assistant.agent.understanding.router import default_router


def test_every_language_ships_a_personal_pack() -> None:
    assert {pack.language for pack in shipped_personal_packs()} == {"en", "zh"}


def test_a_pack_refuses_a_duplicate_exemplar() -> None:
    with pytest.raises(ValueError, match="listed twice"):
        PersonalPack(
            language="en",
            usual_size=["my size", "My size"],
            size_i_take=["a"],
            goes_with_purchase=["b"],
            opt_out=["c"],
            opt_in=["d"],
            other=["e"],
        )


def test_the_threshold_is_fitted_between_chance_and_certainty() -> None:
    reader = personal_reader(default_router())
    assert 0.2 <= reader.threshold <= 0.9
    assert reader.temperature > 0


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("which size did i buy the last time", "usual_size"),
        ("我以前买的鞋是几码", "usual_size"),
        ("what would go with the sleeping bag i bought", "goes_with_purchase"),
        ("根据我以前的订单推荐一下", "goes_with_purchase"),
        ("no more personalised suggestions please", "opt_out"),
        ("把个性化推荐重新打开", "opt_in"),
    ],
)
def test_each_kind_of_personal_ask(text: str, kind: str) -> None:
    signal = personal_reader(default_router()).read(text)
    assert signal.kinds(identified=True)[0] == kind


@pytest.mark.parametrize(
    "text",
    [
        "the boots i bought are too small, can i return them",
        "我买的外套拉链坏了",
        "what size does the rain jacket come in",
        "do you have this tent in green",
    ],
)
def test_look_alikes_are_not_personal_asks(text: str) -> None:
    assert personal_reader(default_router()).read(text).kinds(identified=True) == ()


def test_what_size_i_take_counts_only_for_an_identified_customer() -> None:
    signal = PersonalSignal(probabilities={"size_i_take": 0.8, "usual_size": 0.1}, threshold=0.6)
    assert signal.kinds(identified=True) == ("size_i_take",)
    assert signal.kinds(identified=False) == ()


def test_a_second_kind_close_to_the_first_is_read_too() -> None:
    signal = PersonalSignal(
        probabilities={"usual_size": 0.5, "goes_with_purchase": 0.4, "opt_out": 0.05},
        threshold=0.6,
    )
    assert signal.kinds(identified=False) == ("usual_size", "goes_with_purchase")
