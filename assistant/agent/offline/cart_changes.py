"""Cart turns about several lines at once: another variant for a line, several products added.

A swap adds the new variant before it removes the old one, so a failed add (out of stock)
leaves the cart as it was.
"""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.commerce import cart_line, write_added, write_alternatives
from assistant.agent.offline.phrasebook import option_name, say, tool_problem
from assistant.agent.offline.products import Ambiguous, Unavailable, item_name, pick_variant
from assistant.agent.offline.steps import Call, Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import ItemRequest, Understanding


def swap_variant(u: Understanding, st: TurnState) -> Step:
    """Turn a cart line into the variant with the options asked for, same quantity."""
    language = u.language
    viewed = st.last("view_cart")
    if viewed is None:
        return call("view_cart")
    lines: list[dict[str, Any]] = viewed.result.get("lines", []) if viewed.ok else []
    line = cart_line(u, st, viewed.result, by_options=False) if lines else None
    if line is None:
        return answer(say("not_in_cart", language), resolved=False)
    got = st.last("get_product")
    if got is None:
        return call("get_product", product=line["sku"])
    if not got.ok:
        return answer(tool_problem(got.result, language))
    wanted = {**{str(k): str(v) for k, v in line.get("options", {}).items()}, **u.options}
    variant = pick_variant(got.result, wanted)
    if isinstance(variant, Unavailable | Ambiguous):
        values = ", ".join(variant.values)
        title = got.result.get("title", "")
        if isinstance(variant, Unavailable) and variant.wanted:
            text = say(
                "option_unavailable",
                language,
                title=title,
                wanted=variant.wanted,
                option=option_name(variant.option, language),
                values=values,
            )
        else:
            text = say("swap_which", language, title=title, values=values)
        return answer(text, confidence=0.8)
    if variant["sku"] == line["sku"]:
        item = item_name(line["title"], line.get("options"))
        return answer(say("swap_same", language, item=item))
    return _swap_steps(st, line, variant, language)


def _swap_steps(
    st: TurnState, line: dict[str, Any], variant: dict[str, Any], language: str
) -> Step:
    added = st.last("add_to_cart")
    if added is None:
        return call("add_to_cart", sku=variant["sku"], quantity=line["quantity"])
    if not added.ok:
        text = tool_problem(added.result, language)
        return answer(text + write_alternatives(added.result.get("alternatives", []), language))
    removed = st.last("remove_from_cart")
    if removed is None:
        return call("remove_from_cart", sku=line["sku"])
    if not removed.ok:
        return answer(tool_problem(removed.result, language))
    lines = removed.result.get("lines", [])
    new_line = next((ln for ln in lines if ln["sku"] == variant["sku"]), None)
    return answer(
        say(
            "swapped",
            language,
            old=item_name(line["title"], line.get("options")),
            new=item_name(new_line["title"], new_line.get("options"))
            if new_line
            else variant["sku"],
            total=removed.result["total"]["display"],
        )
    )


def add_items(u: Understanding, st: TurnState) -> Step:
    """Several products in one message: look each up, add those with one clear variant."""
    items = [item for item in u.items if item.product_handles]
    looked_up = [done for done in st.done if done.name == "get_product"]
    if not looked_up:
        lookups = (Call("get_product", {"product": i.product_handles[0]}) for i in items)
        return Step(calls=tuple(lookups))
    if st.last("add_to_cart") is not None:
        return _write_items(u, st)
    calls: list[Call] = []
    questions: list[str] = []  # answered when nothing could be added
    for item, done in zip(items, looked_up, strict=False):
        if not done.ok:
            questions.append(tool_problem(done.result, u.language))
            continue
        chosen = _item_variant(item, done.result, u.language)
        if isinstance(chosen, str):
            questions.append(chosen)
        else:
            calls.append(Call("add_to_cart", {"sku": chosen["sku"], "quantity": item.quantity}))
    if not calls:
        return answer("\n".join(questions), confidence=0.8)
    return Step(calls=tuple(calls))


def _item_variant(
    item: ItemRequest, product: dict[str, Any], language: str
) -> dict[str, Any] | str:
    variant = pick_variant(product, item.options)
    if isinstance(variant, dict):
        return variant
    return say(
        "which_option",
        language,
        title=product.get("title", ""),
        option=option_name(variant.option, language),
        values=", ".join(variant.values),
    )


def _write_items(u: Understanding, st: TurnState) -> Step:
    parts = [
        write_added(done.args, done.result, u.language)
        for done in st.done
        if done.name == "add_to_cart"
    ]
    items = [item for item in u.items if item.product_handles]
    looked_up = [done for done in st.done if done.name == "get_product"]
    for item, done in zip(items, looked_up, strict=False):
        if done.ok:
            chosen = _item_variant(item, done.result, u.language)
            if isinstance(chosen, str):
                parts.append(chosen)
    return answer("\n".join(parts))
