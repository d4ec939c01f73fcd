"""Catalog endpoints for shoppers: search, product details, stock, prices, recommendations.

Each endpoint calls the same tool function the agent uses.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Path, Query

from assistant.api.shopper_auth import ToolDepsDep, error_responses
from assistant.errors import InvalidInputError
from tools.arguments import QUANTITY_CEILING
from tools.catalog_view import ProductDetail
from tools.pricing import PriceQuote, get_price
from tools.product_filters import AttributeFilters
from tools.recommend import Recommendations, recommend_products
from tools.results import unwrap
from tools.search import SearchResults, SortOrder, get_product, search_products
from tools.stock import StockLevel, check_stock

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["catalog"])
SkuPath = Annotated[
    str, Path(max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._+#-]*$", description="A SKU.")
]
ProductPath = Annotated[
    str,
    Path(
        max_length=200,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._+#-]*$",
        description="Product id, handle or SKU.",
    ),
]
# Units to check or price: a variant's stock and price answer for 1 to QUANTITY_CEILING.
QuantityQuery = Annotated[int, Query(ge=1, le=QUANTITY_CEILING)]
MAX_ATTRIBUTE_FILTERS = 8


def parse_attribute_filters(pairs: list[str]) -> AttributeFilters:
    """`["waterproof:true", "size:42"]` -> `{"waterproof": True, "size": "42"}`."""
    if len(pairs) > MAX_ATTRIBUTE_FILTERS:
        raise InvalidInputError(f"at most {MAX_ATTRIBUTE_FILTERS} attribute filters")
    filters: AttributeFilters = {}
    for pair in pairs:
        key, sep, value = pair.partition(":")
        if not sep or not key.strip() or not value.strip():
            raise InvalidInputError(
                "attribute filters look like 'key:value', e.g. 'waterproof:true'",
                details={"attribute": pair},
            )
        text = value.strip()
        filters[key.strip()] = {"true": True, "false": False}.get(text.lower(), text)
    return filters


@router.get(
    "/products",
    summary="Search products",
    responses=error_responses(401, 403, 422),
)
def search(
    deps: ToolDepsDep,
    query: Annotated[str, Query(max_length=200, description="Free text.")] = "",
    category: Annotated[str | None, Query(max_length=100)] = None,
    min_price: Annotated[Decimal | None, Query(ge=0, le=10_000_000)] = None,
    max_price: Annotated[Decimal | None, Query(ge=0, le=10_000_000)] = None,
    attribute: Annotated[
        list[str],
        Query(max_length=8, description="Repeatable 'key:value', e.g. waterproof:true, size:42."),
    ] = [],  # noqa: B006 - FastAPI copies query defaults per request
    in_stock_only: bool = False,
    sort: SortOrder = "relevance",
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> SearchResults:
    """Products matching words and filters, with the matching variants' prices and stock."""
    return unwrap(
        search_products(
            deps,
            query=query,
            category=category,
            min_price=min_price,
            max_price=max_price,
            attributes=parse_attribute_filters(attribute) or None,
            in_stock_only=in_stock_only,
            sort=sort,
            limit=limit,
        )
    )


@router.get(
    "/products/{product_ref}",
    summary="Get a product",
    responses=error_responses(401, 403, 404),
)
def product_detail(deps: ToolDepsDep, product_ref: ProductPath) -> ProductDetail:
    """A product by id, handle or SKU, with every variant."""
    return unwrap(get_product(deps, product_ref))


@router.get(
    "/products/{product_ref}/recommendations",
    summary="Recommend products for a product",
    responses=error_responses(401, 403, 404),
)
def product_recommendations(
    deps: ToolDepsDep,
    product_ref: ProductPath,
    limit: Annotated[int, Query(ge=1, le=10)] = 4,
) -> Recommendations:
    """In-stock complements, things bought together and upgrades."""
    return unwrap(recommend_products(deps, product=product_ref, limit=limit))


@router.get(
    "/variants/{sku}/stock",
    summary="Check stock of a variant",
    responses=error_responses(401, 403, 404, 422),
)
def stock(
    deps: ToolDepsDep,
    sku: SkuPath,
    quantity: QuantityQuery = 1,
) -> StockLevel:
    """Whether `quantity` units can ship now, with alternatives when not."""
    return unwrap(check_stock(deps, sku, quantity))


@router.get(
    "/variants/{sku}/price",
    summary="Price a variant",
    responses=error_responses(401, 403, 404, 422),
)
def price(
    deps: ToolDepsDep,
    sku: SkuPath,
    quantity: QuantityQuery = 1,
    coupon: Annotated[
        str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    ] = None,
) -> PriceQuote:
    """Unit price, quantity breaks, promotions and an optional coupon, for `quantity` units."""
    return unwrap(get_price(deps, sku, quantity, coupon))
