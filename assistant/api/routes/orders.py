"""Order endpoints for identified customers: only their own orders in this store.

Each endpoint calls the same tool function the agent uses.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from assistant.api.shopper_auth import ToolDepsDep, error_responses
from tools.order_views import OrderView
from tools.orders import OrderLookup, get_order_status
from tools.results import unwrap

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["orders"])


@router.get(
    "/orders",
    summary="List the customer's recent orders",
    responses=error_responses(401, 403),
)
def recent_orders(deps: ToolDepsDep) -> OrderLookup:
    """Up to five most recent orders of the identified customer, newest first."""
    return unwrap(get_order_status(deps))


@router.get(
    "/orders/{number}",
    summary="Get an order's status",
    responses=error_responses(401, 403, 404),
)
def order_status(
    deps: ToolDepsDep,
    number: Annotated[str, Path(max_length=32, pattern=r"^#?[A-Za-z0-9][A-Za-z0-9_-]*$")],
) -> OrderView:
    """Status, lines, history and tracking; another customer's order is simply not found."""
    return unwrap(get_order_status(deps, number)).orders[0]
