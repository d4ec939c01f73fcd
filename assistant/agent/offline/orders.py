"""Checkout and order-status turns."""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.phrasebook import option_name, say, status_name, tool_problem
from assistant.agent.offline.products import item_name
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding


def checkout(u: Understanding, st: TurnState) -> Step:
    """Turn the cart into an order awaiting payment."""
    done = st.last("start_checkout")
    if done is None:
        return call("start_checkout")
    result = done.result
    if result.get("ok") is False:
        if result.get("code") == "empty_cart":
            step = answer(empty_cart_reply(st, u.language))
            if st.brain.memory.pending is not None:
                # The question asked before still stands: its answer adds the item.
                step.extra["pending"] = st.brain.memory.pending.model_dump()
            return step
        return answer(tool_problem(result, u.language))
    return answer(
        say(
            "checkout_done",
            u.language,
            number=result["order_number"],
            total=result["total"]["display"],
            url=result.get("checkout_url") or "",
        )
    )


def empty_cart_reply(st: TurnState, language: str) -> str:
    """An empty cart at checkout, and why when the last turn meant to add something."""
    memory = st.brain.memory
    product = memory.last_product
    if memory.pending is not None and memory.pending.intent == "add_to_cart" and product:
        chosen = memory.pending.options
        for option, values in product.remaining.items():
            if option not in chosen and len(values) > 1:
                return say(
                    "cart_empty_after_ask",
                    language,
                    title=product.title or "",
                    option=option_name(option, language),
                )
    if memory.last_intent == "add_to_cart":
        return say("cart_empty_after_failed_add", language)
    return say("cart_empty", language)


def order_status(u: Understanding, st: TurnState) -> Step:
    """Where an order is (or the shopper's recent orders when no number was given)."""
    done = st.last("get_order_status")
    if done is None:
        return call("get_order_status", order_number=u.order_number)
    result = done.result
    if result.get("ok") is False:
        return answer(tool_problem(result, u.language))
    orders: list[dict[str, Any]] = result.get("orders") or []
    if u.order_number and len(orders) == 1:
        return answer(write_order(orders[0], u.language))
    if not orders:
        return answer(say("orders_none", u.language))
    if len(orders) == 1:
        return answer(write_order(orders[0], u.language))
    lines = [say("orders_intro", u.language)]
    for order in orders[:5]:
        lines.append(
            say(
                "orders_line",
                u.language,
                number=order["order_number"],
                status=status_name(order["status"], u.language),
                total=order["total"]["display"],
            )
        )
    return answer("\n".join(lines))


def write_order(order: dict[str, Any], language: str) -> str:
    """Status, last change and tracking of one order."""
    history = order.get("history") or []
    updated = str(history[-1]["at"])[:10] if history else str(order.get("placed_at", ""))[:10]
    text = say(
        "order_status",
        language,
        number=order["order_number"],
        status=status_name(order["status"], language),
        date=updated,
    )
    items = [
        f"{line['quantity']} × {item_name(line['title'], line.get('options'))}"
        for line in order.get("lines", [])
    ]
    if items:
        text += " " + say("order_items", language, items="; ".join(items))
    tracking = order.get("tracking")
    if isinstance(tracking, dict) and tracking.get("number"):
        text += " " + say(
            "order_tracking",
            language,
            carrier=tracking.get("carrier") or "",
            tracking=tracking["number"],
            url=tracking.get("url") or "",
        )
    return text.strip()
