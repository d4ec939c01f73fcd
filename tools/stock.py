"""`check_stock`: can a variant ship now, and what else could when it cannot."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.arguments import Quantity, Sku
from tools.catalog_view import alternatives_for, find_variant, unknown_sku
from tools.deps import ToolDeps
from tools.limits import quantity_problem
from tools.pricing_engine import PriceBook
from tools.results import Alternative, ToolError


class StockLevel(BaseModel):
    """Availability of one variant for a quantity, with alternatives when it falls short."""

    sku: str
    product_id: int
    title: str
    options: dict[str, str]
    requested: int
    available: int = Field(description="Units that can ship now.")
    available_now: bool = Field(description="True when `available` covers `requested`.")
    alternatives: list[Alternative] = Field(
        default_factory=list,
        description="Other options of the product, then similar products, that can ship now.",
    )


def check_stock(deps: ToolDeps, sku: Sku, quantity: Quantity = 1) -> StockLevel | ToolError:
    """Check whether a product variant can ship now in the quantity the shopper wants.

    Args:
        sku: SKU exactly as returned by search_products, e.g. 'TENT-RL2-GRN'.
        quantity: Units the shopper wants.
    """
    problem = quantity_problem(quantity, deps.settings)
    if problem is not None:
        return problem
    with deps.database.session() as session:
        variant = find_variant(session, deps.store_id, sku)
        if variant is None:
            return unknown_sku(session, deps.store_id, sku)
        available = max(variant.available, 0)
        enough = available >= quantity
        alternatives = []
        if not enough:
            book = PriceBook.load(session, deps.store_id, deps.now())
            alternatives = alternatives_for(session, book, variant, quantity)
        return StockLevel(
            sku=variant.sku,
            product_id=variant.product_id,
            title=variant.product.title,
            options={str(k): str(v) for k, v in variant.options.items()},
            requested=quantity,
            available=available,
            available_now=enough,
            alternatives=alternatives,
        )
