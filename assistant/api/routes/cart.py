"""Cart and checkout endpoints for shoppers. Writes need an `Idempotency-Key` header.

Each endpoint calls the same tool function the agent uses.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from pydantic import BaseModel, Field

from assistant.api.openapi import limit_of
from assistant.api.shopper_auth import IdempotencyKeyDep, ToolDepsDep, error_responses
from tools.arguments import QUANTITY_CEILING, CouponCode, Sku
from tools.cart import (
    add_to_cart,
    apply_coupon,
    remove_coupon,
    remove_from_cart,
    update_cart_item,
    view_cart,
)
from tools.cart_view import CartView
from tools.checkout import start_checkout
from tools.order_views import OrderView
from tools.recommend import Recommendations, recommend_products
from tools.results import unwrap

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["cart and checkout"])
SkuPath = Annotated[
    str, Path(max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._+#-]*$", description="A SKU.")
]
RequestQuantity = Annotated[
    int,
    Field(
        ge=1,
        le=QUANTITY_CEILING,
        description="Units; at most the configured per-line limit.",
        json_schema_extra=limit_of("max_line_quantity"),
    ),
]


class CartItemAdd(BaseModel):
    """A variant and how many units to add."""

    sku: Sku
    quantity: RequestQuantity = 1


class CartItemUpdate(BaseModel):
    """The new quantity of a cart line."""

    quantity: RequestQuantity


class CouponApply(BaseModel):
    """A coupon code."""

    code: CouponCode


@router.get("/cart", summary="View the cart", responses=error_responses(401, 403))
def get_cart(deps: ToolDepsDep) -> CartView:
    """The session's open cart with live prices, discounts and totals."""
    return view_cart(deps)


@router.post(
    "/cart/items",
    summary="Add to the cart",
    responses=error_responses(401, 403, 404, 409, 422),
)
def add_item(deps: ToolDepsDep, body: CartItemAdd, key: IdempotencyKeyDep) -> CartView:
    """Add units of a variant (stock is checked, and reserved only at checkout)."""
    return unwrap(add_to_cart(deps, body.sku, body.quantity, idempotency_key=key))


@router.patch(
    "/cart/items/{sku}",
    summary="Change a cart line's quantity",
    responses=error_responses(401, 403, 404, 409, 422),
)
def update_item(
    deps: ToolDepsDep, sku: SkuPath, body: CartItemUpdate, key: IdempotencyKeyDep
) -> CartView:
    """Set the quantity of a line already in the cart."""
    return unwrap(update_cart_item(deps, sku, body.quantity, idempotency_key=key))


@router.delete(
    "/cart/items/{sku}",
    summary="Remove a cart line",
    responses=error_responses(401, 403, 404, 409),
)
def remove_item(deps: ToolDepsDep, sku: SkuPath, key: IdempotencyKeyDep) -> CartView:
    """Remove a line from the cart."""
    return unwrap(remove_from_cart(deps, sku, idempotency_key=key))


@router.post(
    "/cart/coupon",
    summary="Apply a coupon",
    responses=error_responses(401, 403, 404, 409, 422),
)
def add_coupon(deps: ToolDepsDep, body: CouponApply, key: IdempotencyKeyDep) -> CartView:
    """Apply a coupon after checking its validity, minimum spend and usage limits."""
    return unwrap(apply_coupon(deps, body.code, idempotency_key=key))


@router.delete("/cart/coupon", summary="Remove the coupon", responses=error_responses(401, 403))
def delete_coupon(deps: ToolDepsDep, key: IdempotencyKeyDep) -> CartView:
    """Take the coupon off the cart."""
    return unwrap(remove_coupon(deps, idempotency_key=key))


@router.get(
    "/cart/recommendations",
    summary="Recommend products for the cart",
    responses=error_responses(401, 403),
)
def cart_recommendations(
    deps: ToolDepsDep, limit: Annotated[int, Query(ge=1, le=10)] = 4
) -> Recommendations:
    """In-stock complements, things bought together and upgrades for what is in the cart."""
    return unwrap(recommend_products(deps, limit=limit))


@router.post(
    "/checkout",
    status_code=status.HTTP_201_CREATED,
    summary="Check out the cart",
    responses=error_responses(401, 403, 409, 422),
)
def checkout(deps: ToolDepsDep, key: IdempotencyKeyDep) -> OrderView:
    """Create an order awaiting payment, hold its stock, and return where to pay.

    All or nothing: when a line cannot be held the cart and stock stay as they were (409).
    """
    return unwrap(start_checkout(deps, idempotency_key=key))
