"""`start_checkout`: the cart becomes an order awaiting payment, with its stock held.

All of it happens in one transaction: price the cart, hold every line's stock with a conditional
UPDATE (`stock_on_hand - stock_reserved >= quantity`, in variant-id order so competing checkouts
never deadlock), create the order with its priced lines and first history step, redeem the
coupon against its limits, and close the cart. If any step fails the transaction rolls back, so
the cart and stock are exactly as they were.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from assistant.domain import Order, OrderLine, OrderStatusEvent, Store, Variant
from assistant.domain.money import format_money
from assistant.domain.store_settings import settings_of
from tools.arguments import IdempotencyKey
from tools.cart_state import (
    PricedCart,
    price_filled_cart,
    record_event,
    shopper_redeemer,
    with_shopper_locked,
)
from tools.catalog_view import alternatives_for
from tools.coupons import redeem_coupon
from tools.deps import ToolDeps
from tools.idempotency import run_write
from tools.order_views import OrderView, order_view, store_checkout_template
from tools.payments import new_checkout_token
from tools.pricing_engine import PriceBook
from tools.results import ToolError

_ORDER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_order_number() -> str:
    """A short, unguessable order number such as 'SA-7KQ2M9XD'."""
    return "SA-" + "".join(secrets.choice(_ORDER_ALPHABET) for _ in range(8))


def start_checkout(deps: ToolDeps, *, idempotency_key: IdempotencyKey) -> OrderView | ToolError:
    """Turn the shopper's cart into an order awaiting payment and hold its stock.

    Confirm the cart and total with the shopper first. Returns the order number and the
    checkout URL where the shopper pays; the stock is held until reservation_expires_at.
    """

    def effect(session: Session) -> OrderView | ToolError:
        now = deps.now()
        found = price_filled_cart(
            session,
            deps,
            now,
            if_empty="The cart is empty.",
            next_step="Add items with add_to_cart before checking out.",
        )
        if isinstance(found, ToolError):
            return found
        cart, priced = found
        if priced.coupon is not None and priced.coupon.problem is not None:
            return priced.coupon.problem.model_copy(
                update={
                    "next_step": f"{priced.coupon.problem.next_step} Or call remove_coupon "
                    "and check out at the regular price."
                }
            )
        shortage = _reserve(session, deps, priced)
        if shortage is not None:
            return shortage
        order = _create_order(session, deps, priced, now)
        checked = priced.coupon
        if checked is not None and checked.coupon is not None:
            refused = redeem_coupon(
                session,
                checked.coupon,
                order_id=order.id,
                redeemer=shopper_redeemer(deps, cart.id),
            )
            if refused is not None:
                return refused
        cart.status = "checked_out"
        cart.updated_at = now
        record_event(
            session, deps, "checkout.started", order_number=order.number, total=order.total_minor
        )
        session.flush()
        return order_view(order, deps, store_checkout_template(session, deps.store_id))

    return run_write(
        deps,
        operation="start_checkout",
        key=idempotency_key,
        request={},
        result_type=OrderView,
        effect=with_shopper_locked(deps, effect),
    )


def _reserve(session: Session, deps: ToolDeps, priced: PricedCart) -> ToolError | None:
    """Hold stock for every line, all or nothing (the caller rolls back on an error)."""
    for entry in sorted(priced.items, key=lambda entry: entry.variant.id):
        quantity = entry.price.quantity
        result = cast(
            CursorResult[Any],
            session.execute(
                update(Variant)
                .where(
                    Variant.id == entry.variant.id,
                    Variant.stock_on_hand - Variant.stock_reserved >= quantity,
                )
                .values(stock_reserved=Variant.stock_reserved + quantity)
                .execution_options(synchronize_session=False)
            ),
        )
        if result.rowcount != 1:
            variant = entry.variant
            session.refresh(variant)
            available = max(variant.available, 0)
            book = PriceBook.load(session, deps.store_id, deps.now())
            return ToolError(
                code="out_of_stock",
                message=(
                    f"Only {available} of {variant.sku} can ship now; the cart has {quantity}."
                    if available
                    else f"{variant.sku} has just sold out."
                ),
                next_step=(
                    "Nothing was ordered. Offer a smaller quantity with update_cart_item or an "
                    "alternative, then check out again."
                ),
                alternatives=alternatives_for(session, book, variant, quantity),
            )
    return None


def hold_duration(session: Session, deps: ToolDeps) -> timedelta:
    """How long a new order holds its stock: the store's `payment_timeout_minutes`, else the
    service's `reservation_ttl_s`."""
    minutes = settings_of(session.get(Store, deps.store_id)).payment_timeout_minutes
    if minutes is not None:
        return timedelta(minutes=minutes)
    return timedelta(seconds=deps.settings.reservation_ttl_s)


def _create_order(session: Session, deps: ToolDeps, priced: PricedCart, now: datetime) -> Order:
    cart = priced.cart
    assert cart is not None  # checkout prices an existing cart
    expires = now + hold_duration(session, deps)
    order = Order(
        store_id=deps.store_id,
        number=new_order_number(),
        customer_id=deps.customer_id,
        session_id=deps.session_id,
        cart_id=cart.id,
        status="pending_payment",
        currency=priced.currency,
        subtotal_minor=priced.subtotal_minor,
        discount_minor=priced.discount_minor,
        shipping_minor=0,
        total_minor=priced.total_minor,
        coupon_code=cart.coupon_code if priced.coupon else None,
        placed_at=now,
        created_at=now,
        updated_at=now,
        reservation_expires_at=expires,
        checkout_token=new_checkout_token(),
    )
    for entry in priced.items:
        rule = entry.price.applied_rule()
        order.lines.append(
            OrderLine(
                store_id=deps.store_id,
                variant_id=entry.variant.id,
                sku=entry.variant.sku,
                title=entry.variant.product.title,
                options=dict(entry.variant.options),
                quantity=entry.price.quantity,
                unit_price_minor=entry.price.unit_price_minor,
                discount_minor=entry.price.discount_minor,
                line_total_minor=entry.price.total_minor,
                applied_rules=[rule.model_dump(mode="json")] if rule else [],
            )
        )
    order.history.append(
        OrderStatusEvent(
            store_id=deps.store_id,
            status="pending_payment",
            note=(
                f"Awaiting payment of {format_money(priced.total_minor, priced.currency)}; "
                f"stock held until {expires:%Y-%m-%d %H:%M} UTC."
            ),
            at=now,
        )
    )
    session.add(order)
    session.flush()
    return order
