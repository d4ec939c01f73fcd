"""The periodic job that reminds shoppers of the carts they left, step by step of the ladder.

Every API process runs `run_cart_recovery` on a timer. A cart is due when it has not changed
for the store's `abandoned_after_minutes` plus the next step's `after_hours`; the job then
claims it with a conditional update (`recovery_step` still what it read), so of several
processes only one sends each step, and everything the step does (the claim, the coupon, the
audit rows, the webhook in the outbox) commits or rolls back together.

Each step sent: a single-use coupon for that cart when the step offers a discount (clipped by
the store's cap in force now, issued by `tools.cart_coupons.issue_cart_coupon`), a `widget`
reminder for the shopper's next visit, and, only for an identified customer who gave marketing
consent, a `cart.abandoned` webhook with the cart at live prices, the coupon, a resume link and
an unsubscribe link. When several steps fell due since the last run only the latest is sent.
A cart whose shopper ordered since it was filled gets nothing more; nor does a customer (or an
anonymous session) who had `max_messages_per_customer` reminders in the last `period_days`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from assistant.domain import Cart, Customer, Order, RecoveryMessage, ShopperSession, Store
from assistant.domain.recovery_settings import CartRecoverySettings
from assistant.domain.store_settings import StoreSettings, settings_of
from assistant.recovery.links import resume_url, unsubscribe_url
from assistant.webhooks import enqueue_webhook
from tools.cart_coupons import issue_cart_coupon
from tools.cart_state import price_cart
from tools.cart_view import cart_view
from tools.services import ToolServices

log = logging.getLogger(__name__)


@dataclass
class SweepReport:
    """What one run did."""

    examined: int = 0
    widget: int = 0
    webhook: int = 0
    withheld_no_consent: int = 0
    coupons: int = 0
    stopped_bought: int = 0
    limited: int = 0
    lost_claims: int = 0


def left_at(cart: Cart, recovery: CartRecoverySettings) -> datetime:
    """When the cart counts as left: its last change plus the store's wait."""
    return cart.updated_at + timedelta(minutes=recovery.abandoned_after_minutes)


def due_step(cart: Cart, recovery: CartRecoverySettings, now: datetime) -> int | None:
    """The latest ladder step due at `now`, or None before the first."""
    start = left_at(cart, recovery)
    due = None
    for index, step in enumerate(recovery.ladder):
        if start + timedelta(hours=step.after_hours) <= now:
            due = index
    return due


def run_cart_recovery(
    tools: ToolServices, *, now: datetime | None = None, limit: int = 200
) -> SweepReport:
    """Send the reminders due at `now` (the tools' clock by default) in every store that has
    cart recovery on, at most `limit` carts per store."""
    now = now or tools.now()
    report = SweepReport()
    with tools.database.session() as session:
        stores = [(store.id, settings_of(store)) for store in session.scalars(select(Store))]
    for store_id, values in stores:
        if not values.cart_recovery.enabled:
            continue
        for cart_id in _candidates(tools, store_id, values.cart_recovery, now, limit):
            report.examined += 1
            try:
                with tools.database.transaction() as session:
                    _recover(session, tools, store_id, cart_id, now, report)
            except Exception:
                log.exception("cart recovery failed for cart %s of store %s", cart_id, store_id)
    return report


def _candidates(
    tools: ToolServices,
    store_id: str,
    recovery: CartRecoverySettings,
    now: datetime,
    limit: int,
) -> list[str]:
    """Open carts with items whose next step may be due (the transaction checks again)."""
    left = now - timedelta(minutes=recovery.abandoned_after_minutes)
    next_due = [
        and_(
            Cart.recovery_step == index, Cart.updated_at <= left - timedelta(hours=step.after_hours)
        )
        for index, step in enumerate(recovery.ladder)
    ]
    with tools.database.session() as session:
        return list(
            session.scalars(
                select(Cart.id)
                .where(
                    Cart.store_id == store_id,
                    Cart.status == "open",
                    Cart.recovery_stopped.is_(None),
                    Cart.items.any(),
                    or_(*next_due),
                )
                .order_by(Cart.updated_at, Cart.id)
                .limit(limit)
            )
        )


def _recover(
    session: Session,
    tools: ToolServices,
    store_id: str,
    cart_id: str,
    now: datetime,
    report: SweepReport,
) -> None:
    cart = session.get(Cart, cart_id)
    store = session.get(Store, store_id)
    if cart is None or store is None or cart.status != "open" or cart.recovery_stopped:
        return
    values = settings_of(store)
    recovery = values.cart_recovery
    step = due_step(cart, recovery, now)
    if step is None or step < cart.recovery_step or not cart.items:
        return
    shopper = session.get(ShopperSession, cart.session_id)
    customer_id = cart.customer_id or (shopper.customer_id if shopper else None)
    if _bought_since(session, cart, customer_id):
        if _claim(session, cart, stopped="bought"):
            report.stopped_bought += 1
        return
    if _reminders_in_period(session, cart, customer_id, recovery, now) >= (
        recovery.max_messages_per_customer
    ):
        report.limited += 1
        return
    if not _claim(session, cart, next_step=step + 1):
        report.lost_claims += 1
        return
    percent = recovery.offer_percent(step, values.discount_cap_percent)
    coupon = None
    if percent >= 1:
        coupon = issue_cart_coupon(
            session,
            cart=cart,
            percent_off=percent,
            cap_percent=values.discount_cap_percent,
            ends_at=now + timedelta(hours=recovery.coupon_valid_hours),
            origin="recovery",
            description=f"{percent}% off this cart, to come back to it",
            now=now,
        )
        report.coupons += 1
    message = {
        "store_id": store_id,
        "cart_id": cart.id,
        "customer_id": customer_id,
        "session_id": cart.session_id,
        "step": step,
        "percent_off": percent if coupon else 0,
        "coupon_code": coupon.code if coupon else None,
        "at": now,
    }
    session.add(RecoveryMessage(channel="widget", **message))
    report.widget += 1
    customer = session.get(Customer, customer_id) if customer_id else None
    if customer is None:
        return
    if not customer.marketing_consent:
        report.withheld_no_consent += 1
        return
    language = "zh" if shopper and (shopper.locale or "").lower().startswith("zh") else "en"
    payload = _abandoned_payload(
        session, tools, values, cart, customer, step, now=now, language=language
    )
    payload["offer"] = (
        {
            "percent_off": percent,
            "coupon_code": coupon.code,
            "ends_at": coupon.ends_at.isoformat() if coupon.ends_at else None,
        }
        if coupon
        else None
    )
    delivery = enqueue_webhook(session, store, "cart.abandoned", payload)
    if delivery is None:
        return  # no webhook URL: the widget reminder is all the store can send
    session.add(RecoveryMessage(channel="webhook", webhook_delivery_id=delivery.id, **message))
    report.webhook += 1


def _bought_since(session: Session, cart: Cart, customer_id: int | None) -> bool:
    """Whether the shopper placed an order (not cancelled) since the cart's first item."""
    buyer = Order.customer_id == customer_id if customer_id else Order.session_id == cart.session_id
    # The cart started with its first item (the row itself may be older, or made by a test).
    started = min(item.added_at for item in cart.items)
    return (
        session.scalar(
            select(Order.id)
            .where(
                Order.store_id == cart.store_id,
                buyer,
                Order.placed_at >= started,
                Order.status != "cancelled",
            )
            .limit(1)
        )
        is not None
    )


def _reminders_in_period(
    session: Session,
    cart: Cart,
    customer_id: int | None,
    recovery: CartRecoverySettings,
    now: datetime,
) -> int:
    """Reminders (one per step, counted on the widget channel every step has) in the period."""
    who = (
        RecoveryMessage.customer_id == customer_id
        if customer_id
        else RecoveryMessage.session_id == cart.session_id
    )
    return int(
        session.scalar(
            select(func.count())
            .select_from(RecoveryMessage)
            .where(
                RecoveryMessage.store_id == cart.store_id,
                RecoveryMessage.channel == "widget",
                who,
                RecoveryMessage.at > now - timedelta(days=recovery.period_days),
            )
        )
        or 0
    )


def _claim(
    session: Session, cart: Cart, *, next_step: int | None = None, stopped: str | None = None
) -> bool:
    """Move the cart on only if no other process did since it was read."""
    values: dict[str, Any] = {"updated_at": Cart.updated_at}  # a reminder is not a change
    if next_step is not None:
        values["recovery_step"] = next_step
    if stopped is not None:
        values["recovery_stopped"] = stopped
    result = session.execute(
        update(Cart)
        .where(
            Cart.id == cart.id,
            Cart.status == "open",
            Cart.recovery_step == cart.recovery_step,
            Cart.recovery_stopped.is_(None),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def _abandoned_payload(
    session: Session,
    tools: ToolServices,
    values: StoreSettings,
    cart: Cart,
    customer: Customer,
    step: int,
    *,
    now: datetime,
    language: str,
) -> dict[str, Any]:
    """The `cart.abandoned` event: the cart priced now by the tools, who it belongs to, links."""
    deps = replace(
        tools.for_shopper(cart.store_id, cart.session_id, customer_id=customer.id),
        now=lambda: now,
    )
    view = cart_view(price_cart(session, deps, cart, now))
    settings = tools.settings
    return {
        "cart_id": cart.id,
        "step": step,
        "left_at": left_at(cart, values.cart_recovery).isoformat(),
        "language": language,
        "cart": view.model_dump(mode="json"),
        "customer": {
            "external_id": customer.external_id,
            "email": customer.email,
            "first_name": customer.first_name,
            "last_name": customer.last_name,
            "marketing_consent_at": (
                customer.marketing_consent_at.isoformat() if customer.marketing_consent_at else None
            ),
        },
        "resume_url": resume_url(settings, cart.store_id, cart.id, values.cart_recovery.resume_url),
        "unsubscribe_url": unsubscribe_url(settings, cart.store_id, customer.id, language),
    }
