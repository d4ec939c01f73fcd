"""A kind of thing the store does not sell: say so plainly, then offer what is near.

Near is what the catalog supports (see `understanding/unsold.py`): the aisle of the thing's kind
("matcha" -> the green teas), or the few products sharing a telling word with it ("gps watch"
-> a watch without GPS and a handheld GPS). They are looked up with
`search_products`, so their prices and stock are the tool's. With nothing near, the answer says
in a few words what the store does sell: its top-level categories, never a list of products
that only happen to match a word.
"""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.browsing import write_products
from assistant.agent.offline.phrasebook import say
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding
from assistant.agent.understanding.unsold import UnsoldKind

NEAR_SHOWN = 3
_SEARCHED = 10
_CONFIDENCE = 0.9


def answer_unsold(u: Understanding, st: TurnState, kind: UnsoldKind) -> Step:
    """Look up what is near the thing asked for, then answer."""
    found = st.last("search_products")
    if found is None:
        if kind.near_category:
            return call("search_products", category=kind.near_category, limit=NEAR_SHOWN)
        if kind.near_products and kind.near_query:
            return call("search_products", query=kind.near_query, limit=_SEARCHED)
        return answer(_nothing_near(kind, u.language), confidence=_CONFIDENCE)
    products: list[dict[str, Any]] = list(found.result.get("products", [])) if found.ok else []
    if not kind.near_category:
        products = [p for p in products if p.get("handle") in kind.near_products]
    if not products:
        return answer(_nothing_near(kind, u.language), confidence=_CONFIDENCE)
    near = write_products(products[:NEAR_SHOWN], u.language, "not_sold_near")
    return answer(
        f"{say('not_sold', u.language, thing=kind.thing)}\n{near}", confidence=_CONFIDENCE
    )


def _nothing_near(kind: UnsoldKind, language: str) -> str:
    parts = [say("not_sold", language, thing=kind.thing)]
    if kind.aisles:
        parts.append(say("not_sold_aisles", language, aisles=_listed(kind.aisles, language)))
    parts.append(say("not_sold_other", language))
    return ("" if language == "zh" else " ").join(parts)


def _listed(names: tuple[str, ...], language: str) -> str:
    if language == "zh":
        return "、".join(names)
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
