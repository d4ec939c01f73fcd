"""Finding the product and the variant a message is about, through the tools."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assistant.agent.offline.knowledge import nothing_found
from assistant.agent.offline.narrowing import (
    listed_handle,
    offered_values,
    offers,
    with_named_values,
)
from assistant.agent.offline.phrasebook import option_name, say
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding
from assistant.agent.understanding.kind_words import same_kind_words
from assistant.domain.money import to_decimal
from text.stemming import stems

SEARCH_LIMIT = 5


def has_product_words(u: Understanding) -> bool:
    """Whether the message describes products on its own (not only "it" or "that one").

    Chinese leftovers are not trusted as product words: the catalog is searched through the
    concepts and categories the message was understood to name.
    """
    free_text = u.query_text.strip() if u.language == "en" else ""
    return bool(free_text or u.category_hint or u.concept_terms or u.product_handles)


def search_call(u: Understanding, st: TurnState, *, relaxed: bool = False) -> Step:
    """`search_products` with the slots the shopper gave; `relaxed` drops attribute filters."""
    currency = st.brain.currency
    query = u.query_text
    if u.language == "zh" or not query.strip():
        query = " ".join([*u.concept_terms, *u.features]) or query
    filters: dict[str, Any] = {}
    filters.update({k: v for k, v in u.attributes.items() if isinstance(v, bool | int | str)})
    filters.update(u.options)
    sort = {"price_asc": "price_low_to_high", "price_desc": "price_high_to_low"}.get(
        u.sort or "", "relevance"
    )
    kind = named_kind(u, st.text)
    return call(
        "search_products",
        query=query.strip()[:200],
        category=u.category_hint,
        min_price=_major(u.price_min_minor, currency),
        max_price=_major(u.price_max_minor, currency),
        attributes=None if relaxed else filters or None,
        sort=sort,
        limit=SEARCH_LIMIT,
        kind=kind,
        kind_also=same_kind_words(kind) if kind else None,
        # Relaxed, the features asked for are counted per product rather than required.
        prefer=filters or None if relaxed else None,
    )


def named_kind(u: Understanding, text: str) -> str | None:
    """The kind of product as the shopper wrote it ("a 2 person tent"): the concept whose
    name is in the message, for search to keep that kind apart from others of its category."""
    written = set(stems(text))
    for concept in u.concept_terms:
        if set(stems(concept)) <= written and " " not in concept.strip():
            return concept
    return None


def _major(minor: int | None, currency: str) -> str | None:
    return None if minor is None else str(to_decimal(minor, currency))


def last_product(st: TurnState) -> dict[str, Any] | None:
    """The product discussed before this turn, from the conversation's memory."""
    product = st.brain.memory.last_product
    return product.model_dump() if product is not None else None


def product_ref(product: dict[str, Any]) -> str | None:
    """How to name a remembered product to get_product."""
    for key in ("handle", "sku", "product_id"):
        if product.get(key):
            return str(product[key])
    return None


def product_for(u: Understanding, st: TurnState) -> dict[str, Any] | Step:
    """The product this turn is about, or the step that finds (or asks for) it."""
    got = st.last("get_product")
    if got is not None and got.ok:
        return dict(got.result)
    found = st.last("search_products")
    if found is not None:
        products = found.result.get("products", []) if found.ok else []
        if products:
            return dict(products[0])
        return nothing_found(u, st)
    if u.product_handles:
        return call("get_product", product=u.product_handles[0])
    listed = listed_handle(u, st)
    if listed is not None:
        return call("get_product", product=listed)
    remembered = last_product(st)
    if remembered and (
        u.refers_to_previous
        or not has_product_words(u)
        or offers(remembered.get("offered") or {}, u.options)
    ):
        ref = product_ref(remembered)
        if ref:
            return call("get_product", product=ref)
    if has_product_words(u):
        return search_call(u, st)
    return answer(say("which_product", u.language), confidence=0.3, resolved=False)


@dataclass(frozen=True)
class Ambiguous:
    """More than one variant fits: ask for this option."""

    option: str
    values: list[str]
    matching: list[dict[str, Any]]


@dataclass(frozen=True)
class Unavailable:
    """The product has no variant with what the shopper asked for."""

    option: str
    wanted: str
    values: list[str]


def wanted_options(u: Understanding, st: TurnState, product: dict[str, Any]) -> dict[str, str]:
    """Options asked for now, on top of those chosen earlier for the same product.

    Values of the product's own options named in the message count too ("the long then",
    "ok L"), and replace a value read for the option that the product does not come in.
    """
    remembered = last_product(st)
    kept: dict[str, str] = {}
    if remembered and _same_product(remembered, product):
        kept = {str(k): str(v) for k, v in (remembered.get("options") or {}).items()}
    # "in charcoal" after "size 42" keeps the size: new choices replace only their own option.
    return {**kept, **with_named_values(u, offered_values(product), st.text)}


def settle_in_stock(
    product: dict[str, Any], wanted: dict[str, str], variant: dict[str, Any] | Ambiguous
) -> tuple[dict[str, str], dict[str, Any] | Ambiguous]:
    """When one value of the option asked about is left in stock, it is the one.

    Returns the options with the values settled that way and the variant they pick (still
    `Ambiguous` when two or more in-stock values remain, or none does).
    """
    settled = dict(wanted)
    while isinstance(variant, Ambiguous):
        available = in_stock_values(variant.matching, variant.option)
        if len(available) != 1:
            break
        settled[variant.option] = available[0]
        picked = pick_variant(product, settled)
        if isinstance(picked, Unavailable):
            break
        variant = picked
    return settled, variant


def _same_product(remembered: dict[str, Any], product: dict[str, Any]) -> bool:
    """Whether the remembered product is this one: by id, handle, or one of its SKUs (a price
    quote remembers only the SKU)."""
    for key in ("product_id", "handle"):
        if remembered.get(key) is not None and remembered.get(key) == product.get(key):
            return True
    skus = {variant.get("sku") for variant in product.get("variants", [])}
    return remembered.get("sku") is not None and remembered.get("sku") in skus


def pick_variant(
    product: dict[str, Any], wanted: dict[str, str]
) -> dict[str, Any] | Ambiguous | Unavailable:
    """The one variant matching `wanted`, or why there is not exactly one."""
    variants: list[dict[str, Any]] = list(product.get("variants", []))
    matching = variants
    for name, value in wanted.items():
        narrowed = [v for v in matching if _same(v.get("options", {}).get(name), value)]
        if not narrowed and any(name in v.get("options", {}) for v in variants):
            values = option_values(variants, name)
            return Unavailable(option=name, wanted=value, values=values)
        if narrowed:
            matching = narrowed
    if len(matching) == 1:
        return matching[0]
    if not matching:
        return Unavailable(option="", wanted="", values=[])
    for name in _option_names(matching):
        values = option_values(matching, name)
        if len(values) > 1:
            return Ambiguous(option=name, values=values, matching=matching)
    return matching[0]


def _same(actual: Any, wanted: str) -> bool:
    """Equal ignoring case, or equal to the value's lead ("M" matches "M (39-42)")."""
    if actual is None:
        return False
    have, want = str(actual).strip().lower(), wanted.strip().lower()
    return have == want or have.split(" (")[0] == want or want.split(" (")[0] == have


def _option_names(variants: list[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for variant in variants:
        for name in variant.get("options", {}):
            if name not in names:
                names.append(name)
    return names


def option_values(variants: list[dict[str, Any]], name: str) -> list[str]:
    """The values an option takes over `variants`, in a shopper's reading order."""
    values: list[str] = []
    for variant in variants:
        value = variant.get("options", {}).get(name)
        if value is not None and str(value) not in values:
            values.append(str(value))
    # Numbers in numeric order; words ("S", "M", "L") in the catalog's own order.
    if all(_is_number(value) for value in values):
        return sorted(values, key=Decimal)
    return values


def _is_number(value: str) -> bool:
    try:
        Decimal(value)
    except ArithmeticError:
        return False
    return True


def in_stock_values(variants: list[dict[str, Any]], name: str) -> list[str]:
    """Values of an option that have at least one variant in stock."""
    return option_values([v for v in variants if v.get("in_stock")], name)


def item_name(title: str, options: dict[str, Any] | None) -> str:
    """'Fernway Boot (Charcoal, 42)': a product with the options that tell its variant apart."""
    values = [str(value) for value in (options or {}).values()]
    return f"{title} ({', '.join(values)})" if values else title


def variant_or_step(
    u: Understanding, st: TurnState
) -> tuple[dict[str, Any], dict[str, Any] | Ambiguous] | Step:
    """The product the turn is about and its variant (or the options to choose from), or a
    step: finding the product first, or saying it does not come in what was asked for."""
    product = product_for(u, st)
    if isinstance(product, Step):
        return product
    variant = pick_variant(product, wanted_options(u, st, product))
    if isinstance(variant, Unavailable):
        return unavailable(product, variant, u.language)
    return product, variant


def unavailable(product: dict[str, Any], problem: Unavailable, language: str) -> Step:
    """The product does not come in what was asked for: say which values it has."""
    return answer(
        say(
            "option_unavailable",
            language,
            title=product.get("title", ""),
            wanted=problem.wanted,
            option=option_name(problem.option, language),
            values=", ".join(problem.values),
        ),
        confidence=0.8,
    )
