"""A store's vocabulary for the understanding layer, read from its catalog in the database.

Built once per store and rebuilt when the catalog changes (product count or newest update).
"""

from __future__ import annotations

import threading
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.agent.understanding.vocabulary import CatalogVocabulary
from assistant.catalog.schema import CatalogIn, CategoryIn, ProductIn, VariantIn
from assistant.db import Database
from assistant.domain import Category, Coupon, Product, Store
from assistant.domain.money import to_decimal

# Demo-style numbers ("TO-10001") and generated ones ("SA-7KQ2M9XD"): letters, a dash, and a
# code with at least one digit.
ORDER_NUMBER_PATTERN = r"[A-Z]{2,5}-(?=[A-Z0-9]*\d)[A-Z0-9]{4,}"


class StoreVocabularies:
    """Cache of vocabularies by store, invalidated by catalog changes."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[tuple[int, datetime | None], CatalogVocabulary]] = {}

    def get(self, store_id: str) -> CatalogVocabulary:
        """The store's vocabulary, built or rebuilt as needed."""
        with self.database.session() as session:
            stamp = _catalog_stamp(session, store_id)
            with self._lock:
                cached = self._cache.get(store_id)
                if cached is not None and cached[0] == stamp:
                    return cached[1]
            vocabulary = build_vocabulary(session, store_id)
        with self._lock:
            self._cache[store_id] = (stamp, vocabulary)
        return vocabulary


def _catalog_stamp(session: Session, store_id: str) -> tuple[int, datetime | None]:
    count, newest = session.execute(
        select(func.count(Product.id), func.max(Product.updated_at)).where(
            Product.store_id == store_id
        )
    ).one()
    return int(count), newest


def build_vocabulary(session: Session, store_id: str) -> CatalogVocabulary:
    """Read categories, products, options, attributes and coupon codes of one store."""
    store = session.get(Store, store_id)
    currency = store.currency if store else "USD"
    categories = list(session.scalars(select(Category).where(Category.store_id == store_id)))
    slug_by_id = {category.id: category.slug for category in categories}
    products = session.scalars(
        select(Product).where(Product.store_id == store_id, Product.status == "active")
    ).all()
    catalog = CatalogIn.model_construct(
        categories=[
            CategoryIn.model_construct(
                slug=c.slug, name=c.name, parent=slug_by_id.get(c.parent_id or -1)
            )
            for c in categories
        ],
        products=[
            ProductIn.model_construct(
                id=p.handle,
                title=p.title,
                brand=p.brand,
                category=slug_by_id.get(p.category_id or -1),
                description=p.description,
                attributes=dict(p.attributes),
                tags=list(p.tags),
                related=[],
                variants=[
                    VariantIn.model_construct(
                        sku=v.sku,
                        options=dict(v.options),
                        price=Decimal(to_decimal(v.price_minor, v.currency)),
                        compare_at_price=None,
                        stock=v.available,
                    )
                    for v in p.variants
                ],
            )
            for p in products
        ],
    )
    codes = session.scalars(select(Coupon.code).where(Coupon.store_id == store_id)).all()
    return CatalogVocabulary.from_catalog(
        catalog,
        currency=currency,
        order_number_pattern=ORDER_NUMBER_PATTERN,
        coupon_codes=codes,
    )
