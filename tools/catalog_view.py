"""Reading the catalog for the tools: lookups by SKU or id, and the product/variant views."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from assistant.domain import Category, Product, Variant
from assistant.domain.base import MAX_ROW_ID
from assistant.domain.money import Money, format_money
from tools.pricing_engine import PriceBook
from tools.results import Alternative, ToolError

AttributeValue = str | bool | int | float


class VariantInfo(BaseModel):
    """One purchasable variant with its price now and its availability."""

    sku: str
    options: dict[str, str] = Field(description="e.g. {'colour': 'Green', 'size': '42'}.")
    price: Money = Field(description="What one unit costs now, after any active promotion.")
    regular_price: Money = Field(description="The variant's list price.")
    compare_at: Money | None = Field(default=None, description="The merchant's 'was' price.")
    promotion: str | None = Field(default=None, description="The promotion lowering the price.")
    available: int = Field(description="Units that can ship now (on hand minus reserved).")
    in_stock: bool


class ProductSummary(BaseModel):
    """A product as search and recommendations return it."""

    product_id: int
    handle: str
    title: str
    brand: str | None = None
    category: str | None = Field(default=None, description="Category slug.")
    attributes: dict[str, AttributeValue] = Field(default_factory=dict)
    price_from: Money
    price_to: Money
    in_stock: bool = Field(description="True when at least one listed variant is available.")
    variants: list[VariantInfo]


class ProductDetail(ProductSummary):
    """A product with its description, tags and every variant."""

    description: str
    tags: list[str] = Field(default_factory=list)


def product_options(product: Product) -> list[str]:
    """Every option value of the product's variants, e.g. ['Green', '42']."""
    return sorted(
        {str(value) for variant in product.variants for value in variant.options.values()}
    )


def _money(minor: int, currency: str) -> Money:
    # Search prices every variant of every candidate: the values are typed already, so the
    # model is built without validating them again.
    return Money.model_construct(
        amount_minor=minor, currency=currency, display=format_money(minor, currency)
    )


def variant_info(variant: Variant, product: Product, book: PriceBook) -> VariantInfo:
    """A variant priced for one unit at the book's instant."""
    line = book.price(
        product_id=product.id,
        category_id=product.category_id,
        unit_price_minor=variant.price_minor,
        currency=variant.currency,
        quantity=1,
    )
    available = max(variant.available, 0)
    return VariantInfo.model_construct(
        sku=variant.sku,
        options={str(key): str(value) for key, value in variant.options.items()},
        price=_money(line.total_minor, variant.currency),
        regular_price=_money(variant.price_minor, variant.currency),
        compare_at=(
            _money(variant.compare_at_minor, variant.currency)
            if variant.compare_at_minor is not None
            else None
        ),
        promotion=line.rule.name if line.rule else None,
        available=available,
        in_stock=available > 0,
    )


def summarize(
    product: Product, variants: Sequence[VariantInfo], *, all_variants: Sequence[VariantInfo]
) -> ProductSummary:
    """A product summary listing `variants`; prices span `all_variants`."""
    prices = sorted(all_variants, key=lambda info: info.price.amount_minor)
    return ProductSummary(
        product_id=product.id,
        handle=product.handle,
        title=product.title,
        brand=product.brand,
        category=product.category.slug if product.category else None,
        attributes=dict(product.attributes),
        price_from=prices[0].price,
        price_to=prices[-1].price,
        in_stock=any(info.in_stock for info in variants),
        variants=list(variants),
    )


def detail(product: Product, book: PriceBook) -> ProductDetail:
    """Everything about a product."""
    infos = [variant_info(variant, product, book) for variant in product.variants]
    summary = summarize(product, infos, all_variants=infos)
    return ProductDetail(
        **summary.model_dump(),
        description=product.description,
        tags=[str(tag) for tag in product.tags],
    )


def active_products(
    session: Session,
    store_id: str,
    *,
    ids: Iterable[int] | None = None,
    category_ids: Iterable[int] | None = None,
) -> list[Product]:
    """Active products of the store with their variants and category, oldest first.

    `ids` and `category_ids` narrow the products (and the variants loaded with them).
    """
    query = (
        select(Product)
        .where(Product.store_id == store_id, Product.status == "active")
        .options(selectinload(Product.variants), selectinload(Product.category))
        .order_by(Product.id)
    )
    if ids is not None:
        query = query.where(Product.id.in_(list(ids)))
    if category_ids is not None:
        query = query.where(Product.category_id.in_(list(category_ids)))
    return [product for product in session.scalars(query) if product.variants]


def find_variant(session: Session, store_id: str, sku: str) -> Variant | None:
    """The variant of an active product with this SKU (exact, else ignoring case)."""
    base = (
        select(Variant)
        .join(Product, Product.id == Variant.product_id)
        .where(Variant.store_id == store_id, Product.status == "active")
    )
    variant = session.scalar(base.where(Variant.sku == sku.strip()))
    if variant is None:
        variant = session.scalar(
            base.where(func.upper(Variant.sku) == sku.strip().upper()).limit(1)
        )
    return variant


def find_product(session: Session, store_id: str, ref: str) -> Product | None:
    """An active product by numeric id, handle or one of its SKUs."""
    ref = ref.strip()
    product: Product | None = None
    if ref.isdigit() and int(ref) <= MAX_ROW_ID:
        product = session.get(Product, int(ref))
        if product is not None and product.store_id != store_id:
            product = None
    if product is None:
        product = session.scalar(
            select(Product).where(Product.store_id == store_id, Product.handle == ref)
        )
    if product is None:
        variant = find_variant(session, store_id, ref)
        product = variant.product if variant else None
    if product is None or product.status != "active":
        return None
    return product


def unknown_sku(session: Session, store_id: str, sku: str) -> ToolError:
    """The error for a SKU the store does not sell, with look-alike SKUs."""
    skus = session.scalars(select(Variant.sku).where(Variant.store_id == store_id)).all()
    close = difflib.get_close_matches(sku.upper(), [s.upper() for s in skus], n=3, cutoff=0.75)
    by_upper = {s.upper(): s for s in skus}
    return ToolError(
        code="unknown_sku",
        message=f"No product in this shop has SKU {sku!r}.",
        next_step="Call search_products first and use a SKU from its results.",
        suggestions=[by_upper[match] for match in close],
    )


def product_not_found(ref: str) -> ToolError:
    """The error for a product reference that matches nothing."""
    return ToolError(
        code="product_not_found",
        message=f"No product in this shop matches {ref!r}.",
        next_step="Call search_products first and use a product_id or SKU from its results.",
    )


def category_filter(
    session: Session, store_id: str, category: str | None, *, instead: str
) -> set[int] | ToolError | None:
    """The category ids a tool's `category` argument allows (None when none was given), or the
    error for a category the shop does not have; `instead` is the tool's verb ("Search")."""
    if not category:
        return None
    allowed = category_subtree(session, store_id, category)
    if allowed is None:
        return ToolError(
            code="invalid_arguments",
            message=f"The shop has no category {category!r}.",
            next_step=f"{instead} without a category, or use a slug from a product result.",
        )
    return allowed


def category_subtree(session: Session, store_id: str, slug: str) -> set[int] | None:
    """Ids of the category with this slug (or name) and its descendants; None if none."""
    rows = session.execute(
        select(Category.id, Category.slug, Category.name, Category.parent_id).where(
            Category.store_id == store_id
        )
    ).all()
    wanted = slug.strip().lower()
    root = next((row.id for row in rows if wanted in (row.slug.lower(), row.name.lower())), None)
    if root is None:
        return None
    found = {root}
    grew = True
    while grew:
        children = {row.id for row in rows if row.parent_id in found} - found
        grew = bool(children)
        found |= children
    return found


def alternatives_for(
    session: Session,
    book: PriceBook,
    variant: Variant,
    quantity: int,
    *,
    limit: int = 5,
) -> list[Alternative]:
    """Other options of the product, then similar products, that can ship `quantity` now.

    Closest first: a variant sharing the shopper's size (and then colour) comes before others.
    """
    product = variant.product
    siblings = sorted(
        (
            other
            for other in product.variants
            if other.id != variant.id and other.available >= quantity
        ),
        key=lambda other: (-_shared_options(other, variant), other.price_minor, other.id),
    )
    # Keep room for similar products: a shopper set on this size may prefer another model.
    found = [_alternative(other, product, book, "other_option") for other in siblings[: limit - 2]]
    similar: list[tuple[int, int, Alternative]] = []
    if product.category_id is not None:
        peers = session.scalars(
            select(Product)
            .where(
                Product.store_id == product.store_id,
                Product.category_id == product.category_id,
                Product.status == "active",
                Product.id != product.id,
            )
            .options(selectinload(Product.variants))
            .order_by(Product.id)
        )
        for peer in peers:
            in_stock = [v for v in peer.variants if v.available >= quantity]
            if in_stock:
                closest = min(
                    in_stock,
                    key=lambda v: (-_shared_options(v, variant), v.price_minor, v.id),
                )
                alternative = _alternative(closest, peer, book, "similar_product")
                similar.append((-_shared_options(closest, variant), peer.id, alternative))
    found.extend(alternative for _, _, alternative in sorted(similar, key=lambda e: e[:2]))
    return found[:limit]


def _shared_options(variant: Variant, original: Variant) -> int:
    # The shopper's size matters more than the colour: a boot in another colour fits, one in
    # another size does not.
    return sum(
        2 if str(key).lower() == "size" else 1
        for key, value in original.options.items()
        if str(variant.options.get(key, "")).lower() == str(value).lower()
    )


def _alternative(variant: Variant, product: Product, book: PriceBook, reason: str) -> Alternative:
    info = variant_info(variant, product, book)
    return Alternative.model_validate(
        {
            "sku": variant.sku,
            "product_id": product.id,
            "title": product.title,
            "options": info.options,
            "price": info.price,
            "available": info.available,
            "reason": reason,
        }
    )
