"""A store's own questions as exemplars: its FAQ questions and its documents' headings.

A merchant who writes an FAQ "Do you rent gear?" has said that the question is answered from the
shop's documents, so the router learns it as a knowledge question (`policy_question`), with the
policy topic the shipped exemplars give it. Two kinds of heading are left out: one the shipped
router reads as a request for an action or a person ("How can I talk to a human?", "How do I
track my order?": an FAQ about it does not make asking for it a question about documents, and
as an exemplar it would pull questions that only mention people or orders towards the action),
and one too short or too long to be a question a shopper types.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.agent.understanding.labels import Intent
from assistant.agent.understanding.router import Exemplar, Router
from text.language import detect_language

MIN_CHARS = 8
MAX_CHARS = 200
MAX_EXEMPLARS = 400
# A heading the shipped router reads as one of these, this sure, is no knowledge question.
_ACTIONS: frozenset[Intent] = frozenset(
    {
        "human_request",
        "complaint",
        "order_status",
        "add_to_cart",
        "remove_from_cart",
        "update_quantity",
        "view_cart",
        "checkout",
        "apply_coupon",
    }
)
ACTION_PROBABILITY = 0.5


def knowledge_exemplars(headings: Iterable[str], base: Router) -> list[Exemplar]:
    """Exemplars for the store's question headings, labelled as the module docstring says."""
    exemplars: list[Exemplar] = []
    seen = {exemplar.text.strip().lower() for exemplar in base.exemplars}
    for heading in headings:
        text = " ".join(heading.split())
        key = text.lower()
        if not MIN_CHARS <= len(text) <= MAX_CHARS or key in seen:
            continue
        seen.add(key)
        reading = base.route(text)
        if reading.intent in _ACTIONS and reading.probability >= ACTION_PROBABILITY:
            continue
        exemplars.append(Exemplar(text, "policy_question", reading.topic, detect_language(text)))
        if len(exemplars) == MAX_EXEMPLARS:
            break
    return exemplars
