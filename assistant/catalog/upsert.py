"""Apply a catalog to a store's tables: insert new rows, update changed ones, never duplicate.

Writes are batched, so the cost grows with the catalog, not with its square: the store's
existing products and variants are read in one query each, new rows go in as bulk inserts,
changed rows as bulk updates by primary key, and complement relations are replaced with one
delete and one insert for the whole catalog.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    Integer,
    Table,
    bindparam,
    case,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from assistant.catalog.schema import AttributeValue, CatalogIn, CategoryIn, ProductIn, VariantIn
from assistant.domain import AttributeDefinition, Category, Product, ProductRelation, Variant
from assistant.domain.money import to_minor
from assistant.stores import get_store

# Ids per `IN (...)` list: well inside SQLite's and PostgreSQL's limits on bound parameters.
_IN_LIST_SIZE = 1_000
_RELATION_KIND = "complement"


@dataclass
class CatalogChanges:
    """What applying a catalog did."""

    products_added: int = 0
    products_updated: int = 0
    variants_added: int = 0
    variants_updated: int = 0
    product_ids: list[int] = field(default_factory=list)


def apply_catalog(session: Session, store_id: str, catalog: CatalogIn) -> CatalogChanges:
    """Upsert categories, products, variants, attributes and relations by handle and SKU.

    Stock on hand is set to the catalog's figure; units already reserved by open orders stay
    reserved (on hand never drops below them). A handle listed twice is one product: the last
    listing's fields and relations win, and it keeps the variants of both.
    """
    store = get_store(session, store_id)
    categories = _upsert_categories(session, store_id, catalog.categories)
    for product_in in catalog.products:
        if product_in.category and product_in.category not in categories:
            categories |= _upsert_categories(
                session, store_id, [CategoryIn(slug=product_in.category, name=product_in.category)]
            )
    _upsert_attribute_definitions(session, store_id, catalog.products)
    session.flush()

    changes = CatalogChanges()
    listings = _listings_by_handle(catalog.products)
    category_ids = {slug: category.id for slug, category in categories.items()}
    product_ids = _upsert_products(session, store_id, listings, category_ids, changes)
    _upsert_variants(session, store_id, store.currency, listings, product_ids, changes)
    _replace_relations(session, store_id, listings, product_ids)
    changes.product_ids = [product_ids[item.id] for item in catalog.products]
    _expire_catalog_rows(session)
    return changes


def _upsert_categories(
    session: Session, store_id: str, items: list[CategoryIn]
) -> dict[str, Category]:
    existing = {
        category.slug: category
        for category in session.scalars(select(Category).where(Category.store_id == store_id))
    }
    for item in items:
        category = existing.get(item.slug)
        if category is None:
            category = Category(store_id=store_id, slug=item.slug, name=item.name)
            session.add(category)
            existing[item.slug] = category
        else:
            category.name = item.name
    session.flush()
    for item in items:
        parent = existing.get(item.parent) if item.parent else None
        existing[item.slug].parent_id = parent.id if parent else None
    return existing


def _value_type(value: AttributeValue) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "text"


def _upsert_attribute_definitions(
    session: Session, store_id: str, products: list[ProductIn]
) -> None:
    existing = {
        definition.key: definition
        for definition in session.scalars(
            select(AttributeDefinition).where(AttributeDefinition.store_id == store_id)
        )
    }
    for product in products:
        for key, value in product.attributes.items():
            if key not in existing:
                definition = AttributeDefinition(
                    store_id=store_id,
                    key=key,
                    label=key.replace("_", " ").capitalize(),
                    value_type=_value_type(value),
                )
                session.add(definition)
                existing[key] = definition


def _listings_by_handle(products: Sequence[ProductIn]) -> dict[str, list[ProductIn]]:
    """Each handle's listings in catalog order (nearly always exactly one)."""
    listings: dict[str, list[ProductIn]] = {}
    for item in products:
        listings.setdefault(item.id, []).append(item)
    return listings


def _product_values(item: ProductIn, category_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "title": item.title,
        "brand": item.brand,
        "description": item.description,
        "category_id": category_ids[item.category] if item.category else None,
        "attributes": dict(item.attributes),
        "tags": list(item.tags),
        "status": "active",
    }


def _upsert_products(
    session: Session,
    store_id: str,
    listings: dict[str, list[ProductIn]],
    category_ids: dict[str, int],
    changes: CatalogChanges,
) -> dict[str, int]:
    """Every product id of the store by handle, after inserting and updating the catalog's."""
    ids: dict[str, int] = {
        handle: product_id
        for product_id, handle in session.execute(
            select(Product.id, Product.handle).where(Product.store_id == store_id)
        )
    }
    new_rows = []
    updated_rows = []
    for handle, items in listings.items():
        values = _product_values(items[-1], category_ids)
        if handle in ids:
            updated_rows.append({"id": ids[handle], **values})
            changes.products_updated += len(items)
        else:
            new_rows.append({"store_id": store_id, "handle": handle, **values})
            changes.products_added += 1
            changes.products_updated += len(items) - 1
    if updated_rows:
        session.execute(update(Product), updated_rows)
    if new_rows:
        inserted = session.execute(insert(Product).returning(Product.id, Product.handle), new_rows)
        ids.update({handle: product_id for product_id, handle in inserted})
    return ids


def _variant_values(variant: VariantIn, currency: str) -> dict[str, Any]:
    return {
        "options": dict(variant.options),
        "price_minor": to_minor(variant.price, currency),
        "compare_at_minor": (
            to_minor(variant.compare_at_price, currency)
            if variant.compare_at_price is not None
            else None
        ),
        "cost_minor": to_minor(variant.cost, currency) if variant.cost is not None else None,
        "currency": currency,
    }


def _upsert_variants(
    session: Session,
    store_id: str,
    currency: str,
    listings: dict[str, list[ProductIn]],
    product_ids: dict[str, int],
    changes: CatalogChanges,
) -> None:
    """A variant is the same row when its product and SKU match; new SKUs are inserted."""
    existing: dict[tuple[int, str], int] = {
        (product_id, sku): variant_id
        for variant_id, product_id, sku in session.execute(
            select(Variant.id, Variant.product_id, Variant.sku).where(Variant.store_id == store_id)
        )
    }
    new_rows = []
    updated_rows = []
    for handle, items in listings.items():
        product_id = product_ids[handle]
        for variant in (variant for item in items for variant in item.variants):
            values = _variant_values(variant, currency)
            variant_id = existing.get((product_id, variant.sku))
            if variant_id is None:
                new_rows.append(
                    {
                        "store_id": store_id,
                        "product_id": product_id,
                        "sku": variant.sku,
                        "stock_on_hand": variant.stock,
                        "stock_reserved": 0,
                        **values,
                    }
                )
                changes.variants_added += 1
            else:
                updated_rows.append({"variant_id": variant_id, "stock": variant.stock, **values})
                changes.variants_updated += 1
    if updated_rows:
        _update_variants(session, updated_rows)
    if new_rows:
        session.execute(insert(Variant), new_rows)


def _update_variants(session: Session, rows: list[dict[str, Any]]) -> None:
    """One executemany UPDATE; on hand is set in SQL so it never drops below what is reserved."""
    table = cast(Table, Variant.__table__)
    stock: BindParameter[int] = bindparam("stock", type_=Integer)
    statement = (
        update(table)
        .where(table.c.id == bindparam("variant_id"))
        .values(
            options=bindparam("options"),
            price_minor=bindparam("price_minor"),
            compare_at_minor=bindparam("compare_at_minor"),
            cost_minor=bindparam("cost_minor"),
            currency=bindparam("currency"),
            stock_on_hand=case(
                (table.c.stock_reserved > stock, table.c.stock_reserved), else_=stock
            ),
        )
    )
    session.connection().execute(statement, rows)


def _replace_relations(
    session: Session,
    store_id: str,
    listings: dict[str, list[ProductIn]],
    product_ids: dict[str, int],
) -> None:
    """Each listed product's complements become exactly its catalog's `related` list."""
    owners = [product_ids[handle] for handle in listings]
    for part in _slices(owners):
        session.execute(
            delete(ProductRelation).where(
                ProductRelation.product_id.in_(part), ProductRelation.kind == _RELATION_KIND
            )
        )
    rows = []
    for handle, items in listings.items():
        product_id = product_ids[handle]
        for related_handle in dict.fromkeys(items[-1].related):
            related_id = product_ids.get(related_handle)
            if related_id is not None and related_id != product_id:
                rows.append(
                    {
                        "store_id": store_id,
                        "product_id": product_id,
                        "related_product_id": related_id,
                        "kind": _RELATION_KIND,
                    }
                )
    if rows:
        session.execute(insert(ProductRelation), rows)


def _slices(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _IN_LIST_SIZE):
        yield ids[start : start + _IN_LIST_SIZE]


def _expire_catalog_rows(session: Session) -> None:
    """Bulk statements bypass the session: rows it already holds are reloaded on next use."""
    for instance in list(session.identity_map.values()):
        if isinstance(instance, Product | Variant | ProductRelation):
            session.expire(instance)
