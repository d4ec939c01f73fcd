"""`search_products` and `get_product`: finding what the shop sells, with live prices and stock."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from assistant.domain import Product
from assistant.domain.money import exponent
from tools.arguments import ProductRef
from tools.catalog_view import (
    ProductDetail,
    ProductSummary,
    VariantInfo,
    active_products,
    category_filter,
    detail,
    find_product,
    product_not_found,
    product_options,
    summarize,
    variant_info,
)
from tools.constraints import feature_name, names_kind, unmet_features
from tools.deps import RankableProduct, ToolDeps
from tools.pricing_engine import PriceBook
from tools.product_filters import AttributeFilters, matching_variants, product_matches
from tools.ranking import query_terms
from tools.results import ToolError

SortOrder = Literal["relevance", "price_low_to_high", "price_high_to_low", "newest"]
MAX_VARIANTS_LISTED = 12


class SearchHit(ProductSummary):
    """A product found, with how many of the constraints asked for it meets."""

    constraints_met: int = Field(
        0, description="How many of `constraints` (filters and preferences) it meets."
    )
    unmet: list[str] = Field(
        default_factory=list, description="The preferences it does not meet, e.g. 'waterproof'."
    )


class SearchResults(BaseModel):
    """Products matching a search, best first, each with the variants that match."""

    query: str
    total_matches: int = Field(description="Matches before `limit` was applied.")
    products: list[SearchHit]
    constraints: list[str] = Field(
        default_factory=list, description="The constraints counted for each product."
    )
    kind_ignored: bool = Field(
        False, description="No product named the kind asked for, so it did not filter."
    )
    hint: str | None = Field(default=None, description="What to try when nothing matched.")


def search_products(
    deps: ToolDeps,
    query: Annotated[str, Field(max_length=200)] = "",
    category: Annotated[str | None, Field(max_length=100)] = None,
    min_price: Annotated[Decimal | None, Field(ge=0, le=10_000_000)] = None,
    max_price: Annotated[Decimal | None, Field(ge=0, le=10_000_000)] = None,
    attributes: Annotated[AttributeFilters | None, Field(max_length=8)] = None,
    in_stock_only: bool = False,
    sort: SortOrder = "relevance",
    limit: Annotated[int, Field(ge=1, le=20)] = 5,
    kind: Annotated[str | None, Field(max_length=60)] = None,
    kind_also: Annotated[
        list[Annotated[str, Field(max_length=60)]] | None, Field(max_length=12)
    ] = None,
    prefer: Annotated[AttributeFilters | None, Field(max_length=8)] = None,
) -> SearchResults | ToolError:
    """Search the shop's products by words and filters; returns live prices and stock.

    Args:
        query: What the shopper is looking for in their words, e.g. 'waterproof hiking boots'.
            Leave empty to browse a category.
        category: Category slug or name to search within (subcategories included), e.g.
            'hiking-boots'.
        min_price: Lowest unit price in the shop's currency, e.g. 50 for $50.00.
        max_price: Highest unit price in the shop's currency, e.g. 120 for $120.00.
        attributes: Exact features to require, e.g. {'waterproof': true, 'size': '42',
            'colour': 'green'}; matched against product attributes and variant options.
        in_stock_only: Only variants that can ship now.
        sort: Order of results.
        limit: How many products to return.
        kind: The kind of product the shopper named, e.g. 'tent': only products whose title
            or tags name it, so another kind of the same category (a tarp) does not fill the
            list. Ignored when no product names it.
        kind_also: Other words that name the same kind, e.g. ['parka', 'shell', 'anorak'] for
            'jacket': a product named by any of them is of the kind too.
        prefer: Features wanted but not required, e.g. {'waterproof': true}: each product
            says how many it meets, and those meeting more come first.
    """
    with deps.database.session() as session:
        allowed = category_filter(session, deps.store_id, category, instead="Search")
        if isinstance(allowed, ToolError):
            return allowed
        book = PriceBook.load(session, deps.store_id, deps.now())
        products = active_products(session, deps.store_id, category_ids=allowed)
        bounds = _minor_bounds(min_price, max_price, _currency(products))
        candidates: dict[int, tuple[Product, list[VariantInfo], list[VariantInfo]]] = {}
        for product in products:
            if attributes and not product_matches(product, attributes):
                continue
            infos = [variant_info(variant, product, book) for variant in product.variants]
            listed = [
                info
                for info in matching_variants(product, infos, attributes or {})
                if _in_bounds(info, bounds) and (info.in_stock or not in_stock_only)
            ]
            if listed:
                candidates[product.id] = (product, infos, listed)
        # Relevance is scored among all the products that fit the filters, before the kind
        # narrows them: the words' weights, and so the order, do not change with the kind.
        scores: dict[int, float] = {}
        if query_terms(query):
            rankable = [rankable_product(product) for product, _, _ in candidates.values()]
            scores = deps.ranker.rank(deps.store_id, query, rankable)
        named = {
            pid: entry
            for pid, entry in candidates.items()
            if kind and names_kind(entry[0], kind, also=kind_also or ())
        }
        kind_ignored = bool(kind) and not named
        if named:
            candidates = named
        if query_terms(query):
            candidates = {pid: entry for pid, entry in candidates.items() if pid in scores}

    wanted = prefer or {}
    unmet = {pid: unmet_features(p, infos, wanted) for pid, (p, infos, _) in candidates.items()}
    ordered = sorted(
        candidates.values(),
        key=lambda entry: (len(unmet[entry[0].id]), *_sort_key(entry, sort, scores)),
    )
    asked = [
        *price_constraints(min_price, max_price),
        *(feature_name(name, value) for name, value in (attributes or {}).items()),
        *(feature_name(name, value) for name, value in wanted.items()),
    ]
    results = [
        SearchHit(
            **summarize(product, listed[:MAX_VARIANTS_LISTED], all_variants=infos).model_dump(),
            constraints_met=len(asked) - len(unmet[product.id]),
            unmet=unmet[product.id],
        )
        for product, infos, listed in ordered[:limit]
    ]
    hint = None
    if not results:
        hint = "Nothing matched: try fewer filters, a wider price range or other words."
    return SearchResults(
        query=query,
        total_matches=len(ordered),
        products=results,
        constraints=asked,
        kind_ignored=kind_ignored,
        hint=hint,
    )


def price_constraints(low: Decimal | None, high: Decimal | None) -> list[str]:
    """Price bounds as a result names them: 'price >= 50', 'price <= 120'."""
    found = []
    if low is not None:
        found.append(f"price >= {low}")
    if high is not None:
        found.append(f"price <= {high}")
    return found


def get_product(deps: ToolDeps, product: ProductRef) -> ProductDetail | ToolError:
    """Everything about one product: description, attributes and every variant's price and stock.

    Args:
        product: Product id, handle or any of its SKUs, as returned by search_products.
    """
    with deps.database.session() as session:
        found = find_product(session, deps.store_id, product)
        if found is None:
            return product_not_found(product)
        return detail(found, PriceBook.load(session, deps.store_id, deps.now()))


def _currency(products: list[Product]) -> str:
    for product in products:
        for variant in product.variants:
            return variant.currency
    return "USD"


def _minor_bounds(
    low: Decimal | None, high: Decimal | None, currency: str
) -> tuple[int | None, int | None]:
    scale = exponent(currency)
    low_minor = int(low.scaleb(scale).to_integral_value(ROUND_CEILING)) if low is not None else None
    high_minor = (
        int(high.scaleb(scale).to_integral_value(ROUND_FLOOR)) if high is not None else None
    )
    return low_minor, high_minor


def _in_bounds(info: VariantInfo, bounds: tuple[int | None, int | None]) -> bool:
    low, high = bounds
    price = info.price.amount_minor
    return (low is None or price >= low) and (high is None or price <= high)


def rankable_product(product: Product) -> RankableProduct:
    """The text of a product a free-text ranker scores."""
    return RankableProduct(
        product_id=product.id,
        title=product.title,
        brand=product.brand,
        category=product.category.name if product.category else None,
        tags=[str(tag) for tag in product.tags],
        attributes=dict(product.attributes),
        options=product_options(product),
        description=product.description,
    )


def _sort_key(
    entry: tuple[Product, list[VariantInfo], list[VariantInfo]],
    sort: SortOrder,
    scores: dict[int, float],
) -> tuple[float, int]:
    product, _infos, listed = entry
    cheapest = min(info.price.amount_minor for info in listed)
    if sort == "price_low_to_high":
        return (cheapest, product.id)
    if sort == "price_high_to_low":
        return (-max(info.price.amount_minor for info in listed), product.id)
    if sort == "newest":
        return (-product.created_at.timestamp(), -product.id)
    return (-scores.get(product.id, 0.0), product.id)
