"""How the loop updates the conversation's memory after a turn, and how an LLM is shown it.

The memory (`contract.Memory`, stored in `conversations.context`) holds the last product
discussed, a question waiting on the shopper, the last intent and the loop's counters. Each turn
the loop hands the brain a context note with that memory and the cart, as data: it never
carries instructions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from langchain_core.messages import SystemMessage

from assistant.agent.contract import NOTE_NAME, BrainInput, ProductMemory, render_note
from assistant.agent.turn import ToolCallRecord


def context_message(brain: BrainInput) -> SystemMessage:
    """The note a model reads at the start of the turn."""
    return SystemMessage(content=render_note(brain), name=NOTE_NAME)


def last_product(
    calls: Sequence[ToolCallRecord],
    previous: ProductMemory | None,
    chosen_options: Mapping[str, str] | None = None,
) -> ProductMemory | None:
    """The product the turn ended on: the last one a tool named, else the previous one.

    Options chosen for the same product carry over ("size 42", then "in charcoal");
    `chosen_options` are those the brain settled on this turn without a tool naming a variant.
    """
    current = previous
    for call in calls:
        result = call.result if isinstance(call.result, dict) else {}
        if result.get("ok") is False:
            continue
        found = _product_of(call, result)
        if found is None:
            continue
        if current is not None and current.product_id == found.product_id:
            found = found.model_copy(
                update={
                    "handle": found.handle or current.handle,
                    "category": found.category or current.category,
                    "options": {**current.options, **found.options},
                    "sku": found.sku or current.sku,
                }
            )
        current = found
    if current is not None and chosen_options:
        current = current.model_copy(update={"options": {**current.options, **chosen_options}})
    return current


def _product_of(call: ToolCallRecord, result: dict[str, Any]) -> ProductMemory | None:
    if call.name == "get_product" and "handle" in result:
        return _summary(result, options={})
    if call.name == "search_products" and result.get("products"):
        first = result["products"][0]
        names = {
            name for variant in first.get("variants", []) for name in variant.get("options", {})
        }
        asked = call.arguments.get("attributes") or {}
        options = {k: str(v) for k, v in asked.items() if k in names}
        return _summary(first, options=options)
    if call.name in ("check_stock", "get_price") and "sku" in result:
        return ProductMemory(
            product_id=result.get("product_id"),
            title=result.get("title"),
            sku=result["sku"],
            options=result.get("options", {}),
        )
    if call.name in ("add_to_cart", "update_cart_item") and "lines" in result:
        sku = call.arguments.get("sku")
        for line in result["lines"]:
            if line.get("sku") == sku:
                return ProductMemory(
                    product_id=line.get("product_id"),
                    title=line.get("title"),
                    sku=sku,
                    options=line.get("options", {}),
                )
    return None


def _summary(product: dict[str, Any], *, options: dict[str, str]) -> ProductMemory:
    return ProductMemory(
        product_id=product.get("product_id"),
        handle=product.get("handle"),
        title=product.get("title"),
        category=product.get("category"),
        options=options,
    )


MAX_SHOWN = 5
# Tools whose result is a list of products the shopper sees, and where the list is.
_LISTINGS = {"search_products": "products", "compare_products": "products"}


def shown_products(
    calls: Sequence[ToolCallRecord], previous: Sequence[ProductMemory]
) -> list[ProductMemory]:
    """The products the turn's last listing showed, in order ("the first two", "those two"),
    else those shown before."""
    for call in reversed(calls):
        result = call.result if isinstance(call.result, dict) else {}
        if result.get("ok") is False:
            continue
        if call.name == "recommend_products":
            listed = [item.get("product") for item in result.get("items") or []]
        elif call.name in _LISTINGS:
            listed = list(result.get(_LISTINGS[call.name]) or [])
        else:
            continue
        products = [item for item in listed if isinstance(item, dict) and item.get("product_id")]
        if products:
            return [_summary(item, options={}) for item in products[:MAX_SHOWN]]
    return list(previous)
