"""`recommend_products`: complements, things bought together, and upgrades, in stock only.

Sources, in this order: the merchant's declared relations (`product_relations`), products that
appear in the same past orders (co-purchase counts from `order_lines`), and upgrades (same
category, a higher price, features the base product lacks). Products already in the cart and
products with nothing available are left out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from assistant.domain import Order, OrderLine, Product, ProductRelation, Variant
from tools.arguments import ProductRef
from tools.cart_state import find_open_cart
from tools.catalog_view import (
    ProductSummary,
    active_products,
    find_product,
    product_not_found,
    summarize,
    variant_info,
)
from tools.deps import ToolDeps
from tools.pricing_engine import PriceBook
from tools.purchase_history import NOT_KEPT
from tools.results import ToolError

Reason = Literal["complement", "bought_together", "upgrade"]
MAX_UPGRADES = 2
# One tool's name for why a candidate came up ("complement", "goes_with", "made_for"...).
Why = TypeVar("Why", bound=str)
# (candidate product id, the base product id it came from), best first.
Pairs = Sequence[tuple[int, int]]


class Recommendation(BaseModel):
    """A product worth suggesting, and why."""

    product: ProductSummary = Field(description="Lists only the variants in stock.")
    reason: Reason
    because_of: str = Field(description="Title of the product it goes with or improves on.")


class Recommendations(BaseModel):
    """Suggestions for a product or for the cart."""

    based_on: list[str] = Field(description="Titles of the products the suggestions are for.")
    items: list[Recommendation]


def recommend_products(
    deps: ToolDeps,
    product: ProductRef | None = None,
    limit: Annotated[int, Field(ge=1, le=10)] = 4,
) -> Recommendations | ToolError:
    """Suggest in-stock products that go with a product (or the cart), or improve on it.

    Args:
        product: Product id, handle or SKU to base suggestions on. Leave empty to base them on
            the shopper's cart.
        limit: How many suggestions to return.
    """
    with deps.database.session() as session:
        cart = find_open_cart(session, deps)
        in_cart = cart_product_ids(
            session, [item.variant_id for item in cart.items] if cart else []
        )
        if product is not None:
            found = find_product(session, deps.store_id, product)
            if found is None:
                return product_not_found(product)
            bases = [found]
        else:
            bases = active_products(session, deps.store_id, ids=in_cart)
        base_ids = {base.id for base in bases}
        titles = {base.id: base.title for base in bases}
        excluded = base_ids | in_cart

        sources: list[tuple[Reason, Pairs]] = [
            ("complement", related_pairs(session, base_ids)),
            ("bought_together", bought_together_pairs(session, deps.store_id, base_ids)),
            ("upgrade", _upgrades(session, deps.store_id, bases)),
        ]
        picks = first_reasons(sources, exclude=excluded)

        book = PriceBook.load(session, deps.store_id, deps.now())
        candidates = {p.id: p for p in active_products(session, deps.store_id, ids=picks)}
        items = []
        for pick_id, (reason, base_id) in picks.items():
            candidate = candidates.get(pick_id)
            if candidate is None:
                continue
            infos = [variant_info(variant, candidate, book) for variant in candidate.variants]
            in_stock = [info for info in infos if info.in_stock]
            if not in_stock:
                continue
            items.append(
                Recommendation(
                    product=summarize(candidate, in_stock, all_variants=in_stock),
                    reason=reason,
                    because_of=titles[base_id],
                )
            )
            if len(items) == limit:
                break
        return Recommendations(based_on=[base.title for base in bases], items=items)


def first_reasons(
    sources: Sequence[tuple[Why, Pairs]], *, exclude: Collection[int] = ()
) -> dict[int, tuple[Why, int]]:
    """Every candidate once, in the order of the sources and then of their ranking, with the
    reason of the first source that names it and the base it came from; `exclude` never."""
    skip = set(exclude)
    picks: dict[int, tuple[Why, int]] = {}
    for reason, pairs in sources:
        for pick_id, base_id in pairs:
            if pick_id not in skip and pick_id not in picks:
                picks[pick_id] = (reason, base_id)
    return picks


CompanionReason = Literal["goes_with", "bought_together"]


def companions(
    session: Session, store_id: str, base_ids: set[int], *, exclude: Collection[int] = ()
) -> dict[int, tuple[CompanionReason, int]]:
    """What goes with the base products, best first: what the merchant lists with them, then
    what other customers bought with them (the candidates of personal picks and add-ons)."""
    sources: list[tuple[CompanionReason, Pairs]] = [
        ("goes_with", related_pairs(session, base_ids)),
        ("bought_together", bought_together_pairs(session, store_id, base_ids)),
    ]
    return first_reasons(sources, exclude=exclude)


def cart_product_ids(session: Session, variant_ids: list[int]) -> set[int]:
    """The products of these cart variants."""
    if not variant_ids:
        return set()
    return set(session.scalars(select(Variant.product_id).where(Variant.id.in_(variant_ids))))


def related_pairs(session: Session, base_ids: set[int]) -> list[tuple[int, int]]:
    """(related product, base product) as the merchant listed them, in the listed order."""
    rows = session.execute(
        select(ProductRelation.related_product_id, ProductRelation.product_id)
        .where(ProductRelation.product_id.in_(base_ids))
        .order_by(ProductRelation.id)
    ).all()
    return [(related_id, base_id) for related_id, base_id in rows]


def bought_together_pairs(
    session: Session, store_id: str, base_ids: set[int]
) -> list[tuple[int, int]]:
    """Products sharing kept past orders (not cancelled, not refunded) with a base product, most
    shared orders first, then by product id: the store's "often bought with"."""
    if not base_ids:
        return []
    base_line, other_line = aliased(OrderLine), aliased(OrderLine)
    base_variant, other_variant = aliased(Variant), aliased(Variant)
    shared = func.count(func.distinct(other_line.order_id))
    rows = session.execute(
        select(other_variant.product_id, func.min(base_variant.product_id), shared)
        .select_from(base_line)
        .join(base_variant, base_variant.id == base_line.variant_id)
        .join(Order, Order.id == base_line.order_id)
        .join(other_line, other_line.order_id == base_line.order_id)
        .join(other_variant, other_variant.id == other_line.variant_id)
        .where(
            Order.store_id == store_id,
            Order.status.not_in(NOT_KEPT),
            base_variant.product_id.in_(base_ids),
            other_variant.product_id.not_in(base_ids),
        )
        .group_by(other_variant.product_id)
        .order_by(shared.desc(), other_variant.product_id)
    ).all()
    return [(product_id, base_id) for product_id, base_id, _count in rows]


def _upgrades(session: Session, store_id: str, bases: Iterable[Product]) -> list[tuple[int, int]]:
    """Same category, a higher price, ranked by features the base lacks, then by price."""
    found: list[tuple[int, int]] = []
    for base in bases:
        if base.category_id is None or not base.variants:
            continue
        ceiling = max(variant.price_minor for variant in base.variants)
        peers = session.scalars(
            select(Product).where(
                Product.store_id == store_id,
                Product.category_id == base.category_id,
                Product.status == "active",
                Product.id != base.id,
            )
        ).all()
        better = []
        for peer in peers:
            if not peer.variants:
                continue
            floor = min(variant.price_minor for variant in peer.variants)
            if floor > ceiling:
                better.append((-_extra_features(peer, base), floor, peer.id))
        found.extend((peer_id, base.id) for _, _, peer_id in sorted(better)[:MAX_UPGRADES])
    return found


def _extra_features(candidate: Product, base: Product) -> int:
    return sum(
        1
        for key, value in candidate.attributes.items()
        if value is True and base.attributes.get(key) is not True
    )
