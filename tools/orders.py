"""`get_order_status`: an identified customer's own orders, never anyone else's."""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from assistant.domain import Order
from tools.arguments import OrderNumber
from tools.deps import ToolDeps
from tools.order_views import OrderView, order_view, store_checkout_template
from tools.results import ToolError

RECENT_ORDERS = 5


class OrderLookup(BaseModel):
    """The order asked about, or the customer's most recent orders, newest first."""

    orders: list[OrderView] = Field(description="One order, or up to five recent ones.")


def get_order_status(
    deps: ToolDeps, order_number: OrderNumber | None = None
) -> OrderLookup | ToolError:
    """Look up the status, history and tracking of the identified customer's orders.

    Args:
        order_number: The order number the shopper gave, e.g. 'TO-10002'. Leave empty to list
            their most recent orders.
    """
    if deps.customer_id is None:
        return ToolError(
            code="customer_not_identified",
            message="Order details are shown only to a signed-in customer.",
            next_step="Ask the shopper to sign in to the shop, then ask again.",
        )
    query = (
        select(Order)
        .where(Order.store_id == deps.store_id, Order.customer_id == deps.customer_id)
        .options(selectinload(Order.lines), selectinload(Order.history))
    )
    with deps.database.session() as session:
        if order_number is None:
            recent = session.scalars(
                query.order_by(Order.placed_at.desc(), Order.id.desc()).limit(RECENT_ORDERS)
            ).all()
            template = store_checkout_template(session, deps.store_id)
            return OrderLookup(orders=[order_view(order, deps, template) for order in recent])
        wanted = order_number.strip().lstrip("#").upper()
        order = session.scalar(query.where(func.upper(Order.number) == wanted))
        if order is None:
            # Another customer's order is reported exactly like a missing one.
            return ToolError(
                code="order_not_found",
                message=f"No order {order_number!r} was found for this customer.",
                next_step="Check the number with the shopper, or call get_order_status "
                "without a number to list their orders.",
            )
        return OrderLookup(
            orders=[order_view(order, deps, store_checkout_template(session, deps.store_id))]
        )
