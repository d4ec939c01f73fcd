"""Sentences written for a shop's staff are told apart from sentences for shoppers."""

from __future__ import annotations

import pytest

from text.staff_notes import addressed_to_staff


@pytest.mark.parametrize(
    "sentence",
    [
        "If the order has not shipped, you should check its status before taking the action.",
        "Escalate to the team lead when the refund is over the limit.",
        "Verify the customer's email address before changing the order.",
        "Do not tell the customer about internal stock levels.",
    ],
)
def test_instructions_to_staff_are_recognised(sentence: str) -> None:
    assert addressed_to_staff(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "You can cancel within 1 hour of placing the order.",
        "Check the size guide before you order.",
        "Gift cards come in values from $25 to $500.",
        "Our customers can return most items within 30 days.",
    ],
)
def test_sentences_for_shoppers_are_not(sentence: str) -> None:
    assert not addressed_to_staff(sentence)
