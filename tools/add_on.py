"""The one product worth suggesting right after an add to the cart, with the reason.

Read in code by the agent loop after a successful `add_to_cart`, whichever brain ran the turn.
Candidates, in order: what the merchant lists as going with the added product, then what other
customers bought with it. A candidate is suggested only when it is in stock in the shopper's
size: the size just added when the candidate comes in it, else the identified customer's usual
size for the candidate's category, else not at all. Products already in the cart are skipped.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from assistant.domain import Product
from assistant.domain.money import Money
from tools.cart_state import find_open_cart
from tools.catalog_view import active_products, find_variant
from tools.deps import ToolDeps
from tools.personal import fitting_variants
from tools.pricing_engine import PriceBook
from tools.purchase_history import (
    SIZE_OPTION,
    UsualSize,
    past_lines,
    personalisation_allowed,
    size_for_category,
    usual_sizes,
)
from tools.recommend import cart_product_ids, companions

_RANGE = re.compile(r"\((\d+)\s*[-–]\s*(\d+)\)")
AddOnReason = Literal["made_for", "goes_with", "bought_together"]


class AddOn(BaseModel):
    """One suggestion after an add to the cart."""

    sku: str
    handle: str
    title: str
    options: dict[str, str] = Field(default_factory=dict)
    price: Money
    available: int
    reason: AddOnReason = Field(
        description="made_for: an accessory made for the added product; goes_with: the "
        "merchant lists it with it; bought_together: other customers bought both."
    )
    because_of: str = Field(description="Title of the product just added.")


def suggest_add_on(deps: ToolDeps, added_sku: str) -> AddOn | None:
    """The suggestion after `added_sku` went into the cart, or None when nothing fits."""
    with deps.database.session() as session:
        added = find_variant(session, deps.store_id, added_sku)
        if added is None:
            return None
        base = added.product
        cart = find_open_cart(session, deps)
        in_cart = cart_product_ids(
            session, [item.variant_id for item in cart.items] if cart else []
        )
        ordered = companions(session, deps.store_id, {base.id}, exclude=in_cart | {base.id})
        candidates = {p.id: p for p in active_products(session, deps.store_id, ids=ordered)}
        book = PriceBook.load(session, deps.store_id, deps.now())
        sizes = _customer_sizes(session, deps)
        shopper_size = (
            str(added.options.get(SIZE_OPTION)) if added.options.get(SIZE_OPTION) else None
        )
        for pick_id, (reason, _) in ordered.items():
            candidate = candidates.get(pick_id)
            if candidate is None:
                continue
            size = _size_for(candidate, shopper_size, sizes)
            fitting = fitting_variants(candidate, book, size)
            if not fitting:
                continue
            best = max(fitting, key=lambda info: info.available)
            return AddOn(
                sku=best.sku,
                handle=candidate.handle,
                title=candidate.title,
                options=best.options,
                price=best.price,
                available=best.available,
                reason="made_for" if _made_for(candidate, base) else reason,
                because_of=base.title,
            )
        return None


def _customer_sizes(session: Session, deps: ToolDeps) -> list[UsualSize]:
    if deps.customer_id is None or not personalisation_allowed(session, deps.customer_id):
        return []
    return usual_sizes(past_lines(session, deps.store_id, deps.customer_id))


def _size_for(candidate: Product, shopper_size: str | None, sizes: list[UsualSize]) -> str | None:
    offered = [
        str(v.options[SIZE_OPTION]) for v in candidate.variants if v.options.get(SIZE_OPTION)
    ]
    if shopper_size is not None:
        if shopper_size in offered:
            return shopper_size
        spanning = _size_spanning(offered, shopper_size)
        if spanning is not None:
            return spanning
    category = candidate.category.slug if candidate.category else None
    return size_for_category(sizes, category)


def _size_spanning(offered: list[str], size: str) -> str | None:
    """The offered size whose range holds a numeric size: 44 -> "L (43-46)" for socks."""
    if not size.isdigit():
        return None
    for value in offered:
        match = _RANGE.search(value)
        if match and int(match.group(1)) <= int(size) <= int(match.group(2)):
            return value
    return None


def _made_for(candidate: Product, base: Product) -> bool:
    """An accessory whose details name the added product ("compatible_with": "Ridgeline 2P")."""
    target = candidate.attributes.get("compatible_with")
    return isinstance(target, str) and bool(target) and target.lower() in base.title.lower()
