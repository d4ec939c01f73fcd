"""The audit log of cart recovery as the merchant reads it, and what counts as recovered.

A reminder recovered its cart when an order that was not cancelled followed it within the
store's `recovered_window_hours`: an order of that cart, or of the same identified customer.
It is computed when read, so it follows the order's fate (an order cancelled later no longer
counts) and the window in force.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assistant.domain import Customer, Order, RecoveryMessage, WebhookDelivery
from assistant.domain.money import Money

NOT_RECOVERING = ("cancelled",)


class RecoveryOrder(BaseModel):
    """The order that followed a reminder."""

    number: str
    placed_at: datetime
    status: str
    total: Money


class RecoveryMessagePublic(BaseModel):
    """One reminder or offer sent about a cart."""

    id: int
    cart_id: str
    customer_external_id: str | None = Field(description="None for an anonymous shopper.")
    channel: str = Field(description="'widget' (next visit) or 'webhook' (cart.abandoned).")
    step: int = Field(description="Index of the ladder step, from 0.")
    percent_off: int
    coupon_code: str | None
    at: datetime
    shown_at: datetime | None = Field(description="When the widget showed it (widget only).")
    webhook_status: str | None = Field(description="The delivery's status (webhook only).")
    recovered: bool = Field(description="An order followed within the store's window.")
    order: RecoveryOrder | None


def recovering_order(session: Session, message: RecoveryMessage, window_hours: int) -> Order | None:
    """The first order, not cancelled, of the cart or its customer within the window."""
    buyer = [Order.cart_id == message.cart_id]
    if message.customer_id is not None:
        buyer.append(Order.customer_id == message.customer_id)
    return session.scalar(
        select(Order)
        .where(
            Order.store_id == message.store_id,
            or_(*buyer),
            Order.placed_at > message.at,
            Order.placed_at <= message.at + timedelta(hours=window_hours),
            Order.status.not_in(NOT_RECOVERING),
        )
        .order_by(Order.placed_at, Order.id)
        .limit(1)
    )


def list_recovery_messages(
    session: Session,
    store_id: str,
    *,
    window_hours: int,
    before_id: int | None = None,
    limit: int = 50,
    cart_id: str | None = None,
) -> list[RecoveryMessagePublic]:
    """The store's reminders, newest first, `limit` at a time before `before_id`."""
    query = select(RecoveryMessage).where(RecoveryMessage.store_id == store_id)
    if before_id is not None:
        query = query.where(RecoveryMessage.id < before_id)
    if cart_id is not None:
        query = query.where(RecoveryMessage.cart_id == cart_id)
    rows = session.scalars(query.order_by(RecoveryMessage.id.desc()).limit(limit)).all()
    customers = {
        customer.id: customer.external_id
        for customer in session.scalars(
            select(Customer).where(Customer.id.in_({row.customer_id for row in rows}))
        )
    }
    deliveries = {
        delivery.id: delivery.status
        for delivery in session.scalars(
            select(WebhookDelivery).where(
                WebhookDelivery.id.in_({row.webhook_delivery_id for row in rows})
            )
        )
    }
    listed = []
    for row in rows:
        order = recovering_order(session, row, window_hours)
        listed.append(
            RecoveryMessagePublic(
                id=row.id,
                cart_id=row.cart_id,
                customer_external_id=customers.get(row.customer_id or 0),
                channel=row.channel,
                step=row.step,
                percent_off=row.percent_off,
                coupon_code=row.coupon_code,
                at=row.at,
                shown_at=row.shown_at,
                webhook_status=deliveries.get(row.webhook_delivery_id or 0),
                recovered=order is not None,
                order=(
                    RecoveryOrder(
                        number=order.number,
                        placed_at=order.placed_at,
                        status=order.status,
                        total=Money.of(order.total_minor, order.currency),
                    )
                    if order
                    else None
                ),
            )
        )
    return listed
