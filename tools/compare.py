"""`compare_products`: two to four products side by side, the attributes that differ apart from
those they share, with live prices and stock."""

from __future__ import annotations

import difflib
from typing import Annotated

from pydantic import BaseModel, Field
from sqlalchemy import select

from assistant.domain import Product
from tools.arguments import ProductRef
from tools.attribute_labels import attribute_label, with_unit
from tools.catalog_view import (
    AttributeValue,
    VariantInfo,
    detail,
    find_product,
    product_not_found,
)
from tools.deps import ToolDeps
from tools.pricing_engine import PriceBook
from tools.results import ToolError

MIN_PRODUCTS = 2
MAX_PRODUCTS = 4
MAX_VARIANTS_LISTED = 12
PRICE_KEY = "price"


class ComparedProduct(BaseModel):
    """One product of a comparison: what it costs now, whether it ships, what it offers."""

    product_id: int
    handle: str
    title: str
    brand: str | None = None
    category: str | None = Field(default=None, description="Category slug.")
    price_from: str = Field(description="Lowest price now, formatted, e.g. '$149.00'.")
    price_to: str = Field(description="Highest price now, formatted.")
    in_stock: bool = Field(description="True when at least one variant can ship now.")
    available: int = Field(description="Units of all variants together that can ship now.")
    attributes: dict[str, AttributeValue] = Field(default_factory=dict)
    options: dict[str, list[str]] = Field(
        default_factory=dict, description="Each option with the values it comes in."
    )
    variants: list[VariantInfo] = Field(default_factory=list)


class ComparedAttribute(BaseModel):
    """One attribute across the compared products, in the order of `products`."""

    key: str = Field(description="The catalog's attribute key, or 'price'.")
    label: str = Field(description="How the attribute reads, e.g. 'Weight'.")
    unit: str = Field(default="", description="Unit of the values, e.g. 'g'; empty when none.")
    values: list[AttributeValue | None] = Field(
        description="One value per product; null when the product does not state it."
    )
    shown: list[str] = Field(description="The values as written for a shopper, e.g. '480 g'.")
    highest: list[int] = Field(
        default_factory=list, description="Product ids with the highest value (numbers only)."
    )
    lowest: list[int] = Field(
        default_factory=list, description="Product ids with the lowest value (numbers only)."
    )


class ProductComparison(BaseModel):
    """Products side by side: the attributes that differ first, then those they all share."""

    products: list[ComparedProduct]
    differences: list[ComparedAttribute] = Field(
        description="Attributes whose values differ or that only some products state; "
        "the price comes first when it differs."
    )
    shared: list[ComparedAttribute] = Field(
        description="Attributes every product states with the same value."
    )


def compare_products(
    deps: ToolDeps,
    products: Annotated[list[ProductRef], Field(min_length=MIN_PRODUCTS, max_length=MAX_PRODUCTS)],
) -> ProductComparison | ToolError:
    """Compare two to four products: price, stock and every attribute, with the attributes
    that differ marked apart from those they share.

    Args:
        products: Two to four different products, each by product id, handle or SKU as
            returned by search_products, e.g. ['alpine-air-sleeping-pad', 'polar-air-pad'].
    """
    refs = [ref.strip() for ref in products]
    if not MIN_PRODUCTS <= len(refs) <= MAX_PRODUCTS:
        return _wrong_count(len(refs))
    with deps.database.session() as session:
        found: list[Product] = []
        for ref in refs:
            product = find_product(session, deps.store_id, ref)
            if product is None:
                error = product_not_found(ref)
                handles = session.scalars(
                    select(Product.handle).where(
                        Product.store_id == deps.store_id, Product.status == "active"
                    )
                ).all()
                error.suggestions = difflib.get_close_matches(ref, handles, n=3, cutoff=0.6)
                return error
            if any(product.id == other.id for other in found):
                return ToolError(
                    code="invalid_arguments",
                    message=f"{ref!r} names a product already in the comparison.",
                    next_step="Compare different products, each named once.",
                )
            found.append(product)
        book = PriceBook.load(session, deps.store_id, deps.now())
        compared = [_compared(product, book) for product in found]
    rows = [_price_row(compared), *_attribute_rows(compared)]
    return ProductComparison(
        products=compared,
        differences=[row for row in rows if _differs(row)],
        shared=[row for row in rows if not _differs(row)],
    )


def _wrong_count(count: int) -> ToolError:
    return ToolError(
        code="invalid_arguments",
        message=f"A comparison needs {MIN_PRODUCTS} to {MAX_PRODUCTS} products, not {count}.",
        next_step=(
            "Ask the shopper which products to compare."
            if count < MIN_PRODUCTS
            else "Compare at most four products at a time."
        ),
    )


def _compared(product: Product, book: PriceBook) -> ComparedProduct:
    full = detail(product, book)
    options: dict[str, list[str]] = {}
    for info in full.variants:
        for name, value in info.options.items():
            values = options.setdefault(name, [])
            if value not in values:
                values.append(value)
    return ComparedProduct(
        product_id=full.product_id,
        handle=full.handle,
        title=full.title,
        brand=full.brand,
        category=full.category,
        price_from=full.price_from.display,
        price_to=full.price_to.display,
        in_stock=full.in_stock,
        available=sum(info.available for info in full.variants),
        attributes=full.attributes,
        options=options,
        variants=full.variants[:MAX_VARIANTS_LISTED],
    )


def _price_row(products: list[ComparedProduct]) -> ComparedAttribute:
    shown = [
        p.price_from if p.price_from == p.price_to else f"{p.price_from} – {p.price_to}"
        for p in products
    ]
    cheapest: list[float | None] = [float(_lowest_price_minor(p)) for p in products]
    values: list[AttributeValue | None] = [*shown]
    spread = len(set(cheapest)) > 1
    return ComparedAttribute(
        key=PRICE_KEY,
        label="Price",
        values=values,
        shown=shown,
        highest=_extreme(products, cheapest, highest=True) if spread else [],
        lowest=_extreme(products, cheapest, highest=False) if spread else [],
    )


def _lowest_price_minor(product: ComparedProduct) -> int:
    return min((info.price.amount_minor for info in product.variants), default=0)


def _attribute_rows(products: list[ComparedProduct]) -> list[ComparedAttribute]:
    keys: list[str] = []
    for product in products:
        keys.extend(key for key in product.attributes if key not in keys)
    rows = []
    for key in keys:
        label, unit = attribute_label(key)
        values = [product.attributes.get(key) for product in products]
        numbers = [_number(value) for value in values]
        measured = [number for number in numbers if number is not None]
        spread = len(measured) >= MIN_PRODUCTS and len(set(measured)) > 1
        rows.append(
            ComparedAttribute(
                key=key,
                label=label,
                unit=unit,
                values=values,
                shown=["not stated" if v is None else with_unit(v, unit) for v in values],
                highest=_extreme(products, numbers, highest=True) if spread else [],
                lowest=_extreme(products, numbers, highest=False) if spread else [],
            )
        )
    return rows


def _number(value: AttributeValue | None) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _extreme(
    products: list[ComparedProduct], numbers: list[float | None], *, highest: bool
) -> list[int]:
    present = [number for number in numbers if number is not None]
    best = max(present) if highest else min(present)
    return [p.product_id for p, n in zip(products, numbers, strict=True) if n == best]


def _differs(row: ComparedAttribute) -> bool:
    return len({repr(value) for value in row.values}) > 1
