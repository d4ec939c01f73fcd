"""Apply a catalog to a store's tables: insert new rows, update changed ones, never duplicate."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assistant.catalog.schema import AttributeValue, CatalogIn, CategoryIn, ProductIn
from assistant.domain import AttributeDefinition, Category, Product, ProductRelation, Variant
from assistant.domain.money import to_minor
from assistant.stores import get_store


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
    reserved (on hand never drops below them).
    """
    store = get_store(session, store_id)
    categories = _upsert_categories(session, store_id, catalog.categories)
    for product_in in catalog.products:
        if product_in.category and product_in.category not in categories:
            categories |= _upsert_categories(
                session, store_id, [CategoryIn(slug=product_in.category, name=product_in.category)]
            )
    _upsert_attribute_definitions(session, store_id, catalog.products)

    changes = CatalogChanges()
    products_by_handle: dict[str, Product] = {}
    for product_in in catalog.products:
        product = _upsert_product(
            session, store_id, store.currency, product_in, categories, changes
        )
        products_by_handle[product.handle] = product
        changes.product_ids.append(product.id)
    _replace_relations(session, store_id, catalog.products, products_by_handle)
    session.flush()
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


def _upsert_product(
    session: Session,
    store_id: str,
    currency: str,
    item: ProductIn,
    categories: dict[str, Category],
    changes: CatalogChanges,
) -> Product:
    product = session.scalar(
        select(Product).where(Product.store_id == store_id, Product.handle == item.id)
    )
    category_id = categories[item.category].id if item.category else None
    if product is None:
        product = Product(store_id=store_id, handle=item.id)
        session.add(product)
        changes.products_added += 1
    else:
        changes.products_updated += 1
    product.title = item.title
    product.brand = item.brand
    product.description = item.description
    product.category_id = category_id
    product.attributes = dict(item.attributes)
    product.tags = list(item.tags)
    product.status = "active"
    session.flush()

    current = {
        variant.sku: variant
        for variant in session.scalars(
            select(Variant).where(Variant.store_id == store_id, Variant.product_id == product.id)
        )
    }
    for variant_in in item.variants:
        variant = current.get(variant_in.sku)
        if variant is None:
            variant = Variant(
                store_id=store_id,
                product_id=product.id,
                sku=variant_in.sku,
                stock_reserved=0,
                currency=currency,
            )
            session.add(variant)
            changes.variants_added += 1
        else:
            changes.variants_updated += 1
        variant.options = dict(variant_in.options)
        variant.price_minor = to_minor(variant_in.price, currency)
        variant.compare_at_minor = (
            to_minor(variant_in.compare_at_price, currency)
            if variant_in.compare_at_price is not None
            else None
        )
        variant.currency = currency
        variant.stock_on_hand = max(variant_in.stock, variant.stock_reserved or 0)
    return product


def _replace_relations(
    session: Session,
    store_id: str,
    items: list[ProductIn],
    products: dict[str, Product],
) -> None:
    known = dict(products)
    missing = {handle for item in items for handle in item.related} - known.keys()
    if missing:
        for product in session.scalars(
            select(Product).where(Product.store_id == store_id, Product.handle.in_(missing))
        ):
            known[product.handle] = product
    for item in items:
        product = products[item.id]
        session.execute(
            delete(ProductRelation).where(
                ProductRelation.product_id == product.id, ProductRelation.kind == "complement"
            )
        )
        for handle in dict.fromkeys(item.related):
            related = known.get(handle)
            if related is not None and related.id != product.id:
                session.add(
                    ProductRelation(
                        store_id=store_id,
                        product_id=product.id,
                        related_product_id=related.id,
                        kind="complement",
                    )
                )
