"""Product cards for a turn: the products its tool calls returned, priced again from the
catalog so the card shows what the add-to-cart button will actually charge."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy.orm import Session

from assistant.agent.turn import ToolCallRecord
from assistant.api.chat_schemas import LOW_STOCK_BELOW, Availability, ProductCard
from assistant.domain import Product, Variant
from assistant.domain.base import utcnow
from tools.catalog_view import active_products, variant_info
from tools.pricing_engine import PriceBook

MAX_CARDS = 5
CARD_TOOLS = frozenset(
    {
        "search_products",
        "get_product",
        "check_stock",
        "recommend_products",
        "compare_products",
        "rank_products",
        "list_promotions",
    }
)
ProductRef = tuple[int, str | None]  # product id, the variant SKU to offer (None: pick one)


def _first_offered_sku(variants: Any) -> str | None:
    listed = [v for v in variants if isinstance(v, dict) and v.get("sku")] if variants else []
    in_stock = [v for v in listed if v.get("in_stock") or (v.get("available") or 0) > 0]
    candidates = in_stock or listed
    return str(candidates[0]["sku"]) if candidates else None


def _product_ref(product: Any) -> ProductRef | None:
    if not isinstance(product, dict) or not isinstance(product.get("product_id"), int):
        return None
    return product["product_id"], _first_offered_sku(product.get("variants"))


def _alternatives(result: dict[str, Any]) -> Iterator[ProductRef]:
    for alternative in result.get("alternatives") or []:
        if isinstance(alternative, dict) and isinstance(alternative.get("product_id"), int):
            yield alternative["product_id"], alternative.get("sku")


def _refs_of_call(call: ToolCallRecord) -> Iterator[ProductRef]:
    result = call.result
    if not isinstance(result, dict):
        return
    if result.get("ok") is False:  # a ToolError (say, out of stock): offer its alternatives
        yield from _alternatives(result)
        return
    if call.name not in CARD_TOOLS:
        return
    if call.name in ("search_products", "compare_products", "rank_products", "list_promotions"):
        for product in result.get("products") or []:
            if (ref := _product_ref(product)) is not None:
                yield ref
    elif call.name == "get_product":
        if (ref := _product_ref(result)) is not None:
            yield ref
    elif call.name == "check_stock":
        if isinstance(result.get("product_id"), int):
            yield result["product_id"], result.get("sku")
        yield from _alternatives(result)
    elif call.name == "recommend_products":
        for item in result.get("items") or []:
            if isinstance(item, dict) and (ref := _product_ref(item.get("product"))) is not None:
                yield ref


def _variant_meant(call: ToolCallRecord) -> ProductRef | None:
    """The variant a call acted on or quoted: the one added, changed, checked or priced."""
    result = call.result
    if not isinstance(result, dict) or result.get("ok") is False:
        return None
    if call.name in ("add_to_cart", "update_cart_item"):
        sku = call.arguments.get("sku")
        for line in result.get("lines") or []:
            if isinstance(line, dict) and line.get("sku") == sku:
                product_id = line.get("product_id")
                return (product_id, str(sku)) if isinstance(product_id, int) else None
        return None
    if call.name in ("check_stock", "get_price") and isinstance(result.get("product_id"), int):
        sku = result.get("sku")
        return (result["product_id"], str(sku)) if sku else None
    return None


def product_refs(calls: Sequence[ToolCallRecord], limit: int = MAX_CARDS) -> list[ProductRef]:
    """The products the turn's catalog tools returned, in order, each once; a product whose
    variant the turn then added, checked or priced shows that variant."""
    seen: dict[int, str | None] = {}
    for call in calls:
        for product_id, sku in _refs_of_call(call):
            if product_id not in seen and len(seen) < limit:
                seen[product_id] = sku
    for call in calls:
        meant = _variant_meant(call)
        if meant is not None and meant[0] in seen:
            seen[meant[0]] = meant[1]
    return list(seen.items())


def availability(available: int) -> Availability:
    """How a card labels stock."""
    if available <= 0:
        return "out_of_stock"
    return "low_stock" if available < LOW_STOCK_BELOW else "in_stock"


def _offered_variant(product: Product, sku: str | None) -> Variant:
    variants = list(product.variants)
    if sku is not None:
        for variant in variants:
            if variant.sku.upper() == sku.upper():
                return variant
    in_stock = [variant for variant in variants if variant.available > 0]
    return (in_stock or variants)[0]


def mentioned_in(reply: str, cards: Sequence[ProductCard]) -> list[ProductCard]:
    """The cards whose product the reply names (all of them when it names none): a search
    may return five products while the reply recommends two."""
    named = [
        card
        for card in cards
        if re.search(rf"(?<![\w]){re.escape(card.title)}(?![\w'’])", reply, re.IGNORECASE)
    ]
    return named or list(cards)


def build_cards(session: Session, store_id: str, refs: Sequence[ProductRef]) -> list[ProductCard]:
    """Cards for the referenced products of this store, with live prices and stock."""
    if not refs:
        return []
    products = {p.id: p for p in active_products(session, store_id, ids=[r[0] for r in refs])}
    book = PriceBook.load(session, store_id, utcnow())
    cards = []
    for product_id, sku in refs:
        product = products.get(product_id)
        if product is None:
            continue
        variant = _offered_variant(product, sku)
        info = variant_info(variant, product, book)
        cards.append(
            ProductCard(
                product_id=product.id,
                handle=product.handle,
                title=product.title,
                brand=product.brand,
                sku=info.sku,
                options=info.options,
                price=info.price,
                regular_price=info.regular_price if info.promotion else None,
                available=info.available,
                availability=availability(info.available),
            )
        )
    return cards
