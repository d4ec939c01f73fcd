"""Quoting a knowledge passage: whole sentences, whole openings, nothing written for staff."""

from __future__ import annotations

from assistant.agent.offline.knowledge import passage_answer
from retrieval.snippets import make_snippet
from text import tokenise


def test_a_sentence_is_not_cut_at_an_abbreviation() -> None:
    text = (
        "Include the original packaging, e.g. a stove box or a headlamp box. "
        "You do not need to return our outer box."
    )
    answer = passage_answer(text, "Condition of items", "do I need the original packaging?")
    assert "e.g. a stove box or a headlamp box." in answer


def test_the_opening_words_are_kept_when_they_repeat_the_heading() -> None:
    text = "Gift cards come in values from $25 to $500. They never expire."
    answer = passage_answer(text, "Gift cards", "what values do gift cards come in?")
    assert answer.startswith("Gift cards come in values")


def test_a_heading_on_its_own_line_is_not_quoted() -> None:
    text = "Gift cards\nGift cards come in values from $25 to $500."
    assert passage_answer(text, "Gift cards", "gift card values") == (
        "Gift cards come in values from $25 to $500."
    )


def test_sentences_written_for_staff_are_never_quoted() -> None:
    text = (
        "Orders that have not shipped can be cancelled within 1 hour. "
        "If the order has not shipped, you should check its status before taking the action. "
        "Escalate to the team lead for refunds over $500."
    )
    answer = passage_answer(text, None, "can I cancel an order that has not shipped?")
    assert answer == "Orders that have not shipped can be cancelled within 1 hour."


def test_a_snippet_keeps_abbreviations_and_leaves_staff_notes_out() -> None:
    text = (
        "Check its status before taking the action, you should. Small items, e.g. socks, ship free."
    )
    snippet = make_snippet(text, set(tokenise.terms("do socks ship free")))
    assert snippet == "Small items, e.g. socks, ship free."
