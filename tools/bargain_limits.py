"""Each product's bargaining limits, read from the store's settings and its category and product
rules (a product's own rule over its category's, a category's over its parent's)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assistant.domain import BargainingRule, Category, Product, ProductRelation, Store
from assistant.domain.bargaining_limits import BargainingLimits, LimitOverride
from assistant.domain.bargaining_limits import resolve_limits as apply_overrides
from assistant.domain.store_settings import StoreSettings, settings_of


def store_settings(session: Session, store_id: str) -> StoreSettings:
    """The store's settings (defaults for a store that does not exist)."""
    return settings_of(session.get(Store, store_id))


def product_limits(
    session: Session, store_id: str, store: BargainingLimits, products: Iterable[Product]
) -> dict[int, BargainingLimits]:
    """The resolved limits of each product, by product id."""
    rules = session.scalars(select(BargainingRule).where(BargainingRule.store_id == store_id))
    by_category: dict[int, LimitOverride] = {}
    by_product: dict[int, LimitOverride] = {}
    for rule in rules:
        override = LimitOverride.model_validate(rule.limits)
        if rule.category_id is not None:
            by_category[rule.category_id] = override
        elif rule.product_id is not None:
            by_product[rule.product_id] = override
    parents: dict[int, int | None] = {
        category_id: parent_id
        for category_id, parent_id in session.execute(
            select(Category.id, Category.parent_id).where(Category.store_id == store_id)
        )
    }
    limits = {}
    for product in products:
        chain = _ancestry(product.category_id, parents)
        overrides = [by_category.get(category) for category in chain]
        overrides.append(by_product.get(product.id))
        limits[product.id] = apply_overrides(store, overrides)
    return limits


def _ancestry(category_id: int | None, parents: dict[int, int | None]) -> list[int]:
    """The category and its parents, from the top category down to it."""
    chain: list[int] = []
    while category_id is not None and category_id not in chain:
        chain.append(category_id)
        category_id = parents.get(category_id)
    return list(reversed(chain))


def related_products(session: Session, store_id: str, product_id: int) -> set[int]:
    """Products related to `product_id` in either direction (complements, accessories)."""
    rows = session.execute(
        select(ProductRelation.product_id, ProductRelation.related_product_id).where(
            ProductRelation.store_id == store_id,
            or_(
                ProductRelation.product_id == product_id,
                ProductRelation.related_product_id == product_id,
            ),
        )
    )
    related = {one for pair in rows for one in pair}
    related.discard(product_id)
    return related
