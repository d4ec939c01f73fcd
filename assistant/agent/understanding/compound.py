"""Two cart actions in one message: "add the socks and remove the hat" is two requests.

A message whose reading holds both an add and a removal is cut at the joining words of the
language packs (`packs/<language>/compound.yaml`) into the clauses that each carry one action;
the planner then carries them out in the order the shopper wrote them. A question with two
parts about one thing ("do you ship to Canada and what does it cost") is no compound: only cart
actions are split, and only when each part, read alone, is a different cart action.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.agent.understanding.labels import Intent
from assistant.agent.understanding.router import PACKS_DIR

_SPLIT_ACTIONS: frozenset[Intent] = frozenset({"add_to_cart", "remove_from_cart"})


class CompoundPack(BaseModel):
    """One language's words that join two actions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(min_length=2, max_length=8)
    connectives: list[str] = Field(min_length=1)


@lru_cache(maxsize=1)
def _connectives() -> tuple[str, ...]:
    packs = [
        CompoundPack.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for path in sorted(PACKS_DIR.glob("*/compound.yaml"))
    ]
    return tuple(dict.fromkeys(word for pack in packs for word in pack.connectives))


def is_compound(intent: Intent, secondary: tuple[Intent, ...], scores: Mapping[str, float]) -> bool:
    """Whether a reading may hold both an add and a removal: one is its intent, and the other
    a second intent or at least some evidence."""
    if intent not in _SPLIT_ACTIONS:
        return False
    (other,) = _SPLIT_ACTIONS - {intent}
    return other in secondary or scores.get(other, 0.0) > 0


def first_action(
    text: str, intent: Intent, secondary: list[Intent], positions: Mapping[str, int]
) -> Intent:
    """Of an add and a removal in one message, the one written first (the cues' positions)."""
    if not {intent, *secondary} >= _SPLIT_ACTIONS:
        return intent
    first = min(_SPLIT_ACTIONS, key=lambda name: positions.get(name, len(text) + 1))
    return first if first in positions else intent


def split_actions(text: str, read: Callable[[str], Intent]) -> list[str]:
    """The clauses of `text` that each ask one cart action, in the shopper's order.

    `read` gives a clause's intent. The first joining word whose two sides read as an add and a
    removal decides the cut; with none, the message is one clause.
    """
    lowered = text.lower()
    for word in _connectives():
        start = lowered.find(word)
        while start > 0:
            left, right = text[:start].strip(" ,，"), text[start + len(word) :].strip(" ,，")
            if left and right:
                sides = {read(left), read(right)}
                if sides == _SPLIT_ACTIONS:
                    return [left, right]
            start = lowered.find(word, start + 1)
    return [text]
