"""What happens to an order after checkout: payment confirmed, or the hold released.

Not tools for the model: a payment event (a provider's webhook or the built-in checkout
page, `assistant.payment_events`) calls `record_payment` in the transaction that records the
event, and `mark_paid` does the same on its own; the API's periodic job `payment-holds` calls
`release_expired_reservations`. Both change status with a conditional UPDATE on the
current status, so a payment and an expiry racing for the same order cannot both win.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, or_, select, update
from sqlalchemy.orm import Session

from assistant.db import Database
from assistant.domain import Coupon, CouponRedemption, Order, OrderStatusEvent, Variant
from assistant.errors import ConflictError, NotFoundError


def _move(
    session: Session, order: Order, to_status: str, *, live_at: datetime | None = None
) -> bool:
    """Move a pending order to `to_status`; with `live_at`, only while its hold still runs then."""
    conditions = [Order.id == order.id, Order.status == "pending_payment"]
    if live_at is not None:
        conditions.append(
            or_(Order.reservation_expires_at.is_(None), Order.reservation_expires_at > live_at)
        )
    result = cast(
        CursorResult[Any],
        session.execute(
            update(Order)
            .where(*conditions)
            .values(status=to_status)
            .execution_options(synchronize_session=False)
        ),
    )
    return result.rowcount == 1


def record_payment(
    session: Session, order: Order, now: datetime, *, within_hold: bool = False
) -> bool:
    """Mark `order` paid inside the caller's transaction and take its held units out of stock
    (on hand and reserved both drop). With `within_hold` an order whose hold has run out is
    refused even before the expiry job cancelled it (a page that takes payment itself uses
    this; a provider that already took the money does not).

    Returns False, changing nothing, when the order no longer awaits payment.
    """
    if not _move(session, order, "paid", live_at=now if within_hold else None):
        return False
    for line in sorted(order.lines, key=lambda line: line.variant_id or 0):
        if line.variant_id is not None:
            session.execute(
                update(Variant)
                .where(Variant.id == line.variant_id)
                .values(
                    stock_on_hand=Variant.stock_on_hand - line.quantity,
                    stock_reserved=Variant.stock_reserved - line.quantity,
                )
            )
    session.add(OrderStatusEvent(store_id=order.store_id, order_id=order.id, status="paid", at=now))
    session.flush()
    session.refresh(order)
    return True


def mark_paid(database: Database, store_id: str, order_number: str, now: datetime) -> None:
    """Payment arrived: the held units leave stock (on hand and reserved both drop).

    Raises:
        NotFoundError: no such order in the store.
        ConflictError: the order no longer awaits payment (paid, or its hold expired).
    """
    with database.transaction() as session:
        order = session.scalar(
            select(Order).where(Order.store_id == store_id, Order.number == order_number)
        )
        if order is None:
            raise NotFoundError(f"no order {order_number!r}")
        if not record_payment(session, order, now):
            raise ConflictError(f"order {order_number} is not awaiting payment")


def release_expired_reservations(database: Database, now: datetime) -> list[str]:
    """Cancel orders whose hold expired unpaid; their units and coupon uses return.

    Returns the numbers of the orders cancelled.
    """
    with database.session() as session:
        due = session.scalars(
            select(Order.id).where(
                Order.status == "pending_payment", Order.reservation_expires_at <= now
            )
        ).all()
    cancelled = []
    for order_id in due:
        with database.transaction() as session:
            order = session.get_one(Order, order_id)
            if not _move(session, order, "cancelled"):
                continue
            for line in sorted(order.lines, key=lambda line: line.variant_id or 0):
                if line.variant_id is not None:
                    session.execute(
                        update(Variant)
                        .where(Variant.id == line.variant_id)
                        .values(stock_reserved=Variant.stock_reserved - line.quantity)
                    )
            _return_coupon_use(session, order)
            session.add(
                OrderStatusEvent(
                    store_id=order.store_id,
                    order_id=order.id,
                    status="cancelled",
                    note="Payment did not arrive in time; the held stock was released.",
                    at=now,
                )
            )
            cancelled.append(order.number)
    return cancelled


def _return_coupon_use(session: Session, order: Order) -> None:
    redeemed = session.scalars(
        select(CouponRedemption.coupon_id).where(CouponRedemption.order_id == order.id)
    ).all()
    for coupon_id in redeemed:
        session.execute(
            update(Coupon)
            .where(Coupon.id == coupon_id, Coupon.times_used > 0)
            .values(times_used=Coupon.times_used - 1)
        )
    session.execute(delete(CouponRedemption).where(CouponRedemption.order_id == order.id))
