"""Prices of several products named in one message ("how much are the X and the Y?").

Each product is looked up and quoted in the order named, so the list the shopper was given is
the one "the first one" points at next turn.
"""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.phrasebook import say, tool_problem
from assistant.agent.offline.steps import Call, Step, answer
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding

MAX_ITEMS = 4


def asks_prices_of_items(u: Understanding) -> bool:
    """A price question naming two or more products, each by name."""
    return (
        u.intent == "price_question"
        and len(u.items) > 1
        and all(item.product_handles for item in u.items)
        and not u.coupon_code
    )


def prices(u: Understanding, st: TurnState) -> Step:
    """Look each product up, then quote each one's price (or its range of prices)."""
    looked_up = [done for done in st.done if done.name == "get_product"]
    if not looked_up:
        handles: list[str] = []
        for item in u.items[:MAX_ITEMS]:
            if item.product_handles[0] not in handles:
                handles.append(item.product_handles[0])
        return Step(calls=tuple(Call("get_product", {"product": h}) for h in handles))
    lines = [
        write_price_of(done.result, u.language)
        if done.ok
        else tool_problem(done.result, u.language)
        for done in looked_up
    ]
    return answer("\n".join(lines), confidence=u.confidence)


def write_price_of(product: dict[str, Any], language: str) -> str:
    """'X costs $79.00.' or 'X costs $59.00 to $79.00, depending on the option.'"""
    low, high = product.get("price_from"), product.get("price_to")
    title = product.get("title", "")
    if low and high and low["amount_minor"] != high["amount_minor"]:
        return say("price_range", language, title=title, low=low["display"], high=high["display"])
    variants = product.get("variants") or [{}]
    shown = low or variants[0].get("price") or {}
    return say("price_single", language, title=title, price=shown.get("display", ""))
