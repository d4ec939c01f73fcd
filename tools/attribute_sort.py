"""`rank_products`: a kind of product sorted by one of the catalog's own measured attributes
(weight, lumens, capacity, R value, burn time, price...), with the shopper's constraints counted
per product rather than padding the list with something else.

The attributes that can rank are those the store's catalog states as numbers, plus the price
(the lowest a product sells for now, after any promotion). A product that does not state the
attribute is not ranked; the result says how many of those there were. Constraints (a price
range, features such as `adjustable: true` or `gender: women`) do not hide products: each
product says how many it meets, and those meeting all of them come first.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from assistant.domain import Product
from assistant.domain.money import to_decimal
from tools.attribute_labels import UNIT_SUFFIXES, attribute_label, with_unit
from tools.catalog_view import (
    VariantInfo,
    active_products,
    category_filter,
    summarize,
    variant_info,
)
from tools.constraints import feature_name, names_kind, stated_features, unmet_features
from tools.deps import ToolDeps
from tools.pricing_engine import PriceBook
from tools.product_filters import AttributeFilters, FilterKey, normal_key
from tools.results import ToolError
from tools.search import MAX_VARIANTS_LISTED, price_constraints

PRICE_KEY = "price"
MAX_MISSING_LISTED = 5
Direction = Literal["most", "least"]


class RankedProduct(BaseModel):
    """One product of a ranking: its figure on the attribute and the constraints it meets."""

    rank: int = Field(description="1 for the product with the most (or least) of the attribute.")
    product_id: int
    handle: str
    title: str
    brand: str | None = None
    category: str | None = Field(default=None, description="Category slug.")
    value: int | float = Field(description="The product's figure on the attribute.")
    shown: str = Field(description="The figure as written for a shopper, e.g. '160 g', '$34.95'.")
    price_from: str = Field(description="Lowest price now, formatted.")
    price_to: str = Field(description="Highest price now, formatted.")
    in_stock: bool = Field(description="True when at least one variant can ship now.")
    constraints_met: int = Field(description="How many of the constraints asked for it meets.")
    unmet: list[str] = Field(
        default_factory=list, description="The constraints it does not meet, e.g. 'adjustable'."
    )
    variants: list[VariantInfo] = Field(default_factory=list)


class ProductRanking(BaseModel):
    """Products of a kind in order of one attribute, those meeting every constraint first."""

    attribute: str = Field(description="The attribute ranked on, as the catalog names it.")
    label: str = Field(description="How the attribute reads, e.g. 'Weight'.")
    unit: str = Field(default="", description="Unit of the figures, e.g. 'g'; empty when none.")
    direction: Direction
    category: str | None = Field(default=None, description="The category ranked.")
    kind: str | None = Field(
        default=None, description="The kind the products' titles or tags name, when it applied."
    )
    constraints: list[str] = Field(
        default_factory=list, description="The constraints counted, e.g. 'price <= 60'."
    )
    ignored_constraints: list[str] = Field(
        default_factory=list,
        description="Features asked for that no product of the kind states, so not counted.",
    )
    ranked_count: int = Field(description="Products that state the attribute, before `limit`.")
    meeting_all: int = Field(description="Of those, how many meet every constraint.")
    products: list[RankedProduct]
    missing_count: int = Field(
        0, description="Products of the kind that do not state the attribute (not ranked)."
    )
    missing: list[str] = Field(
        default_factory=list, description="Titles of some of the products that do not state it."
    )


def rank_products(
    deps: ToolDeps,
    attribute: FilterKey,
    direction: Direction = "most",
    category: Annotated[str | None, Field(max_length=100)] = None,
    min_price: Annotated[Decimal | None, Field(ge=0, le=10_000_000)] = None,
    max_price: Annotated[Decimal | None, Field(ge=0, le=10_000_000)] = None,
    require: Annotated[AttributeFilters | None, Field(max_length=8)] = None,
    limit: Annotated[int, Field(ge=1, le=20)] = 5,
    kind: Annotated[str | None, Field(max_length=60)] = None,
) -> ProductRanking | ToolError:
    """Rank products by one of the catalog's numeric attributes or the price: the lightest,
    brightest, biggest, warmest, cheapest... Constraints do not hide products: each product
    says how many it meets, and those meeting all of them come first.

    Args:
        attribute: The attribute key as the catalog names it, e.g. 'weight_g', 'lumens',
            'capacity_l', 'r_value', 'burn_time_h', or 'price'.
        direction: 'most' for the highest figure first (brightest, biggest, most expensive),
            'least' for the lowest first (lightest, cheapest).
        category: Category slug or name to rank within (subcategories included), e.g.
            'headlamps'. Leave empty to rank the whole shop.
        min_price: Lowest unit price in the shop's currency, counted as a constraint.
        max_price: Highest unit price in the shop's currency, counted as a constraint.
        require: Features each product should have, counted as constraints, e.g.
            {'adjustable': true, 'gender': 'women'}.
        limit: How many products to return.
        kind: The kind of product the shopper named, e.g. 'tent': only products whose title
            or tags name it, so a footprint of the tents category is not the lightest tent.
            Ignored when no product names it.
    """
    key = normal_key(attribute)
    with deps.database.session() as session:
        allowed = category_filter(session, deps.store_id, category, instead="Rank")
        if isinstance(allowed, ToolError):
            return allowed
        products = active_products(session, deps.store_id, category_ids=allowed)
        named = [product for product in products if kind and names_kind(product, kind)]
        products = named or products
        every = active_products(session, deps.store_id) if allowed is not None else products
        keys = rankable_keys(every)
        if key not in keys:
            return ToolError(
                code="invalid_arguments",
                message=f"Products cannot be ranked by {attribute!r}; the shop's figures are: "
                f"{', '.join(keys)}.",
                next_step="Call rank_products again with one of these attribute keys.",
                suggestions=keys,
            )
        book = PriceBook.load(session, deps.store_id, deps.now())
        priced = [
            (product, [variant_info(v, product, book) for v in product.variants])
            for product in products
        ]
    wanted, ignored = stated_features(require or {}, products)
    constraints = [
        *price_constraints(min_price, max_price),
        *(feature_name(name, value) for name, value in wanted.items()),
    ]
    label, unit = ("Price", "") if key == PRICE_KEY else _label(key)
    entries: list[tuple[int, int | float, Product, list[VariantInfo], list[str]]] = []
    missing: list[str] = []
    for product, infos in priced:
        value = _value(product, infos, key)
        if value is None:
            missing.append(product.title)
            continue
        unmet = _unmet(product, infos, wanted, min_price, max_price)
        entries.append((len(unmet), value, product, infos, unmet))
    sign = -1.0 if direction == "most" else 1.0
    entries.sort(key=lambda entry: (entry[0], sign * entry[1], entry[2].id))
    ranked = [
        _ranked(rank, product, infos, value, unmet, key, unit, len(constraints))
        for rank, (_, value, product, infos, unmet) in enumerate(entries[:limit], start=1)
    ]
    return ProductRanking(
        attribute=key,
        label=label,
        unit=unit,
        direction=direction,
        category=category,
        kind=kind if named else None,
        constraints=constraints,
        ignored_constraints=ignored,
        ranked_count=len(entries),
        meeting_all=sum(1 for entry in entries if entry[0] == 0),
        products=ranked,
        missing_count=len(missing),
        missing=missing[:MAX_MISSING_LISTED],
    )


def _label(key: str) -> tuple[str, str]:
    """The attribute's label and unit; a key that is its unit's name ('lumens') has both."""
    label, unit = attribute_label(key)
    return label, unit or UNIT_SUFFIXES.get(key, "")


def rankable_keys(products: list[Product]) -> list[str]:
    """The attribute keys some product states as a number, and the price."""
    keys: set[str] = set()
    for product in products:
        for name, value in product.attributes.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                keys.add(normal_key(name))
    return [PRICE_KEY, *sorted(keys)]


def _value(product: Product, infos: list[VariantInfo], key: str) -> int | float | None:
    """The product's figure as the catalog states it; the lowest price now for the price."""
    if key == PRICE_KEY:
        return min(float(to_decimal(i.price.amount_minor, i.price.currency)) for i in infos)
    for name, value in product.attributes.items():
        if normal_key(name) == key and isinstance(value, int | float):
            return None if isinstance(value, bool) else value
    return None


def _unmet(
    product: Product,
    infos: list[VariantInfo],
    require: AttributeFilters,
    low: Decimal | None,
    high: Decimal | None,
) -> list[str]:
    unmet = []
    prices = [to_decimal(i.price.amount_minor, i.price.currency) for i in infos]
    if low is not None and max(prices) < low:
        unmet.append(f"price >= {low}")
    if high is not None and min(prices) > high:
        unmet.append(f"price <= {high}")
    return [*unmet, *unmet_features(product, infos, require)]


def _ranked(
    rank: int,
    product: Product,
    infos: list[VariantInfo],
    value: int | float,
    unmet: list[str],
    key: str,
    unit: str,
    constraints: int,
) -> RankedProduct:
    summary = summarize(product, infos[:MAX_VARIANTS_LISTED], all_variants=infos)
    cheapest = summary.price_from
    return RankedProduct(
        rank=rank,
        product_id=product.id,
        handle=product.handle,
        title=product.title,
        brand=product.brand,
        category=summary.category,
        value=value,
        shown=cheapest.display if key == PRICE_KEY else with_unit(value, unit),
        price_from=cheapest.display,
        price_to=summary.price_to.display,
        in_stock=any(info.in_stock for info in infos),
        constraints_met=constraints - len(unmet),
        unmet=unmet,
        variants=summary.variants,
    )
