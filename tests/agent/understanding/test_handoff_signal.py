"""The handoff reader: wanting a person and complaining, read apart from what the shop answers."""

from __future__ import annotations

import pytest

from assistant.agent.understanding.compound import split_actions
from assistant.agent.understanding.handoff_signal import (
    HandoffPack,
    handoff_reader,
    shipped_handoff_packs,
)
from assistant.agent.understanding.router import default_router
from assistant.agent.understanding.scoring import HANDOFF_FLAG
from tests.agent.understanding.conftest import Store


def test_every_language_ships_a_handoff_pack() -> None:
    assert {pack.language for pack in shipped_handoff_packs()} == {"en", "zh"}


def test_a_pack_refuses_a_duplicate_exemplar() -> None:
    with pytest.raises(ValueError, match="listed twice"):
        HandoffPack(
            language="en", person=["a person", "A person"], complaint=["x"], answerable=["y"]
        )


@pytest.mark.parametrize(
    "text",
    ["my parcel came crushed and the lid is cracked", "包裹被压扁了 盖子也裂了"],
)
def test_a_damage_report_reads_as_a_complaint(text: str) -> None:
    signal = handoff_reader(default_router()).read(text)
    assert signal.strongest[0] == "complaint"
    assert signal.complaint > 0.5


@pytest.mark.parametrize("text", ["could i chat with one of your staff", "我要跟真人客服说话"])
def test_asking_for_staff_reads_as_wanting_a_person(text: str) -> None:
    signal = handoff_reader(default_router()).read(text)
    assert signal.strongest == ("human_request", signal.person)
    assert signal.person > 0.5


@pytest.mark.parametrize(
    "text", ["damn this buckle is fiddly, how do i adjust it", "what is your return window"]
)
def test_answerable_questions_do_not_read_as_handoffs(text: str) -> None:
    signal = handoff_reader(default_router()).read(text)
    assert max(signal.person, signal.complaint) < 0.5


def test_the_understanding_carries_the_reason_and_its_probability(demo: Store) -> None:
    result = demo.read("the zip on my new jacket broke on day one, really poor")
    assert result.complaint is True
    assert result.handoff_reason == "complaint"
    assert result.handoff_probability >= HANDOFF_FLAG


def test_an_add_and_a_removal_are_two_clauses_in_the_order_written(demo: Store) -> None:
    text = "put the Trail Cap in my cart and take out the Merino Rib Beanie"
    result = demo.read(text)
    assert result.intent == "add_to_cart"
    assert "remove_from_cart" in result.secondary_intents
    clauses = split_actions(text, lambda part: demo.read(part).intent)
    assert clauses == ["put the Trail Cap in my cart", "take out the Merino Rib Beanie"]


def test_one_question_with_two_parts_is_not_split(demo: Store) -> None:
    text = "do you ship to norway and what does it cost"
    assert split_actions(text, lambda part: demo.read(part).intent) == [text]
