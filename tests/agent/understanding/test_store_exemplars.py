"""A store's FAQ questions and headings as exemplars of knowledge questions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from numpy.typing import NDArray

from assistant.agent.understanding.router import Exemplar, Router, default_router
from assistant.agent.understanding.store_exemplars import knowledge_exemplars


@pytest.fixture(scope="module")
def router() -> Router:
    return default_router()


def test_faq_questions_become_knowledge_questions_with_a_topic(router: Router) -> None:
    found = knowledge_exemplars(
        ["Do you rent gear?", "Do you ship internationally?", "Can I get an invoice?"], router
    )
    assert [e.intent for e in found] == ["policy_question"] * 3
    assert found[1].topic == "shipping"
    assert {e.language for e in found} == {"en"}


def test_a_heading_the_router_reads_as_a_request_is_left_out(router: Router) -> None:
    found = knowledge_exemplars(["How can I talk to a human?", "Do you rent gear?"], router)
    assert [e.text for e in found] == ["Do you rent gear?"]


def test_short_long_and_repeated_headings_are_skipped(router: Router) -> None:
    shipped = router.exemplars[0].text
    found = knowledge_exemplars(
        ["Returns", "x" * 300, shipped, "Do you rent gear?", "do you rent  gear?"], router
    )
    assert [e.text for e in found] == ["Do you rent gear?"]


def test_a_stores_question_is_understood_once_it_is_an_exemplar(router: Router) -> None:
    message = "do u rent tents"
    assert router.route(message).intent != "policy_question"
    extended = router.with_exemplars(knowledge_exemplars(["Do you rent gear?"], router))
    assert extended.route(message).intent == "policy_question"


class _CountingEncoder:
    """Embeds with a fixed table and records what it was asked to embed."""

    slug = "counting"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed_documents(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.calls.append(list(texts))
        rows = []
        for text in texts:
            vector = np.zeros(8, dtype=np.float32)
            vector[hash(text) % 8] = 1.0
            vector[len(text) % 8] += 0.5
            rows.append(vector / np.linalg.norm(vector))
        return np.asarray(rows, dtype=np.float32)


def test_adding_exemplars_embeds_only_the_new_ones() -> None:
    encoder = _CountingEncoder()
    base = Router(
        encoder,
        [
            Exemplar("hello there", "greeting"),
            Exemplar("hi", "greeting"),
            Exemplar("where is my order", "order_status"),
            Exemplar("track my parcel", "order_status"),
        ],
    )
    encoder.calls.clear()
    extended = base.with_exemplars([Exemplar("do you rent gear", "policy_question")])
    assert encoder.calls == [["do you rent gear"]]
    assert len(extended.exemplars) == 5
