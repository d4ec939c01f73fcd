"""Price turns: quote the variant asked for, with quantity breaks, promotions and a coupon."""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.phrasebook import say, tool_problem
from assistant.agent.offline.products import (
    Ambiguous,
    item_name,
    variant_or_step,
)
from assistant.agent.offline.steps import Call, Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding

# Variants quoted at most when the shopper has not chosen one and their prices differ.
MAX_QUOTES = 3


def price(u: Understanding, st: TurnState) -> Step:
    """What the variant (or the product's range) costs, with rules and a coupon applied.

    With a coupon or a quantity and no single variant chosen, the engine still quotes through
    get_price: one variant per distinct price, so the coupon's terms and the quantity breaks
    come from the price book, not from the product's list prices.
    """
    found = variant_or_step(u, st)
    if isinstance(found, Step):
        return found
    product, variant = found
    language = u.language
    quotes = [done for done in st.done if done.name == "get_price"]
    if quotes:
        general = isinstance(variant, Ambiguous)
        return answer(" ".join(write_price(q.result, language, general=general) for q in quotes))
    quantity = u.quantity or 1
    if isinstance(variant, dict):
        return call("get_price", sku=variant["sku"], quantity=quantity, coupon=u.coupon_code)
    if u.coupon_code or quantity > 1:
        calls = [
            Call("get_price", _args(sku, quantity, u.coupon_code))
            for sku in _one_per_price(variant.matching)
        ]
        return Step(calls=tuple(calls))
    low, high = product.get("price_from"), product.get("price_to")
    title = product.get("title", "")
    if low and high and low["amount_minor"] != high["amount_minor"]:
        return answer(
            say("price_range", language, title=title, low=low["display"], high=high["display"])
        )
    shown = (low or variant.matching[0]["price"])["display"]
    return answer(say("price_single", language, title=title, price=shown))


def _args(sku: str, quantity: int, coupon: str | None) -> dict[str, Any]:
    args: dict[str, Any] = {"sku": sku, "quantity": quantity}
    if coupon:
        args["coupon"] = coupon
    return args


def _one_per_price(variants: list[dict[str, Any]]) -> list[str]:
    """A SKU for each distinct price, in-stock variants first, lowest price first."""
    ordered = sorted(variants, key=lambda v: (not v.get("in_stock"),))
    by_price: dict[int, str] = {}
    for variant in ordered:
        amount = int((variant.get("price") or {}).get("amount_minor", 0))
        by_price.setdefault(amount, str(variant["sku"]))
    return [by_price[amount] for amount in sorted(by_price)][:MAX_QUOTES]


def write_price(result: dict[str, Any], language: str, *, general: bool = False) -> str:
    """A price answer from get_price's result (`general`: for the product, not one variant)."""
    if result.get("ok") is False:
        return tool_problem(result, language)
    item = result["title"] if general else item_name(result["title"], result.get("options"))
    text = say("price_unit", language, item=item, unit=result["unit_price"]["display"])
    if result.get("quantity", 1) > 1 or result.get("applied_rule") or result.get("coupon"):
        text += " " + say(
            "price_total", language, quantity=result["quantity"], total=result["total"]["display"]
        )
    rule = result.get("applied_rule")
    if isinstance(rule, dict) and rule.get("name"):
        text += " " + say("price_rule", language, rule=rule["name"])
    coupon = result.get("coupon")
    if isinstance(coupon, dict) and coupon.get("applied"):
        text += " " + say(
            "price_coupon", language, code=coupon["code"], discount=coupon["discount"]["display"]
        )
    elif isinstance(coupon, dict):
        text += " " + say(
            "price_coupon_problem", language, code=coupon["code"], problem=coupon.get("problem")
        )
    return text
