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

from assistant.agent.contract import (
    NOTE_NAME,
    BrainInput,
    ListedProduct,
    ProductMemory,
    render_note,
)
from assistant.agent.turn import ToolCallRecord


def context_message(brain: BrainInput) -> SystemMessage:
    """The note a model reads at the start of the turn."""
    return SystemMessage(content=render_note(brain), name=NOTE_NAME)


def last_product(
    calls: Sequence[ToolCallRecord],
    previous: ProductMemory | None,
    chosen_options: Mapping[str, str] | None = None,
    about: str | None = None,
) -> ProductMemory | None:
    """The product the turn ended on: the last one a tool named, else the previous one.

    Options chosen for the same product carry over ("size 42", then "in charcoal");
    `chosen_options` are those the brain settled on this turn without a tool naming a variant,
    and `about` the handle of the product its reply is about when the tools named several.
    The values the product comes in, and those still in stock for the options chosen, are
    read from the variants the tools returned.
    """
    current = previous
    variants: dict[str, list[dict[str, Any]]] = {}
    named: dict[str, ProductMemory] = {}
    for call in calls:
        result = call.result if isinstance(call.result, dict) else {}
        if result.get("ok") is False:
            continue
        for product in _products_in(call, result):
            handle = str(product.get("handle") or "")
            if handle and product.get("variants"):
                variants[handle] = list(product["variants"])
                named[handle] = _summary(product, options={})
        found = _product_of(call, result)
        if found is None:
            continue
        current = _merged(current, found)
    if about and about in named and (current is None or current.handle != about):
        current = _merged(previous, named[about])
    if current is not None and chosen_options:
        current = current.model_copy(update={"options": {**current.options, **chosen_options}})
    if current is not None and current.handle in variants:
        current = _narrowed(current, variants[str(current.handle)])
    return current


def last_list(
    calls: Sequence[ToolCallRecord], previous: Sequence[ListedProduct]
) -> list[ListedProduct]:
    """The products the turn listed, in order: the last listing's (a search, a comparison,
    recommendations), or several products looked up one by one; the previous list when the
    turn listed none."""
    looked_up: list[ListedProduct] = []
    listed: list[ListedProduct] | None = None
    for call in calls:
        result = call.result if isinstance(call.result, dict) else {}
        if result.get("ok") is False:
            continue
        products = _listing(call.name, result)
        if products:
            listed = [_listed(product) for product in products[:MAX_LISTED]]
        elif call.name == "get_product" and result.get("handle"):
            item = _listed(result)
            if item not in looked_up:
                looked_up.append(item)
    if len(looked_up) > 1:
        return looked_up
    return listed if listed is not None else list(previous)


MAX_LISTED = 5


def _listing(tool: str, result: dict[str, Any]) -> list[dict[str, Any]]:
    """The products a listing tool's result shows, in order ([] for other tools)."""
    if tool == "recommend_products":
        shown = [item.get("product") for item in result.get("items") or []]
    elif tool in ("search_products", "compare_products", "rank_products", "list_promotions"):
        shown = list(result.get("products") or [])
    else:
        return []
    return [item for item in shown if isinstance(item, dict) and item.get("handle")]


def _listed(product: dict[str, Any]) -> ListedProduct:
    return ListedProduct(handle=str(product["handle"]), title=str(product.get("title") or ""))


def _merged(current: ProductMemory | None, found: ProductMemory) -> ProductMemory:
    if current is None or current.product_id != found.product_id:
        return found
    return found.model_copy(
        update={
            "handle": found.handle or current.handle,
            "category": found.category or current.category,
            "options": {**current.options, **found.options},
            "sku": found.sku or current.sku,
            "offered": found.offered or current.offered,
            "remaining": found.remaining or current.remaining,
        }
    )


def _narrowed(product: ProductMemory, variants: list[dict[str, Any]]) -> ProductMemory:
    """The product with the values it comes in, and those left in stock for its options."""
    offered: dict[str, list[str]] = {}
    for variant in variants:
        for name, value in (variant.get("options") or {}).items():
            values = offered.setdefault(str(name), [])
            if str(value) not in values:
                values.append(str(value))
    fitting = [
        variant
        for variant in variants
        if variant.get("in_stock")
        and all(
            _same_value((variant.get("options") or {}).get(name), value)
            for name, value in product.options.items()
            if name in offered
        )
    ]
    remaining: dict[str, list[str]] = {}
    for variant in fitting:
        for name, value in (variant.get("options") or {}).items():
            values = remaining.setdefault(str(name), [])
            if str(value) not in values:
                values.append(str(value))
    return product.model_copy(update={"offered": offered, "remaining": remaining})


def _same_value(actual: Any, wanted: str) -> bool:
    """Equal ignoring case, or equal to the value's lead ("M" matches "M (39-42)")."""
    if actual is None:
        return False
    have, want = str(actual).strip().lower(), wanted.strip().lower()
    return have == want or have.split(" (")[0] == want or want.split(" (")[0] == have


def _products_in(call: ToolCallRecord, result: dict[str, Any]) -> list[dict[str, Any]]:
    if call.name == "get_product" and "handle" in result:
        return [result]
    if call.name in ("search_products", "rank_products"):
        return list(result.get("products") or [])
    return []


def _product_of(call: ToolCallRecord, result: dict[str, Any]) -> ProductMemory | None:
    if call.name == "get_product" and "handle" in result:
        return _summary(result, options={})
    if call.name in ("search_products", "rank_products") and result.get("products"):
        first = result["products"][0]
        names = {
            name for variant in first.get("variants", []) for name in variant.get("options", {})
        }
        asked = call.arguments.get("attributes") or call.arguments.get("require") or {}
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
