"""The built-in demo payment provider: an order is found by its checkout token, shown, and
paid with one click, and the shopper's conversation says so.

The token (`Order.checkout_token`, 192 random bits) is the only key: an order number alone
opens nothing, so orders cannot be enumerated. A click on "Pay" is a `payment.succeeded` event
of the demo provider (`DemoPaymentProvider.page_payment`), applied like a provider's webhook by
`assistant.payment_events`: the stock hold becomes a sale and the shopper's conversation gets
the confirmation, which the live stream announces on commit. The event's id is fixed per order,
so paying twice changes nothing the second time; an order whose hold ran out cannot be paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assistant.db import Database
from assistant.domain import Order, Store
from assistant.domain.money import Money, format_money
from assistant.domain.orders import PAID_STATUSES
from assistant.errors import NotFoundError
from assistant.payment_events import apply_payment_event, store_language
from tools.payments import DemoPaymentProvider

Language = Literal["en", "zh"]
CheckoutState = Literal["payable", "paid", "expired", "cancelled"]
Outcome = Literal["paid", "already_paid", "refused"]
# The provider name the page's own events are recorded under (webhooks use the provider's).
PAGE_PROVIDER = "checkout-page"
_TOKEN_LENGTHS = range(16, 65)


@dataclass(frozen=True)
class CheckoutLine:
    """One line as the page shows it, amounts already formatted in the order's currency."""

    title: str
    options: str
    quantity: int
    unit_price: str
    discount: str | None
    line_total: str


@dataclass(frozen=True)
class CheckoutOrder:
    """What the checkout page shows, read from the order record."""

    store_name: str
    language: Language
    order_number: str
    currency: str
    state: CheckoutState
    lines: tuple[CheckoutLine, ...]
    subtotal: str
    discount: str | None
    total: str
    hold_expires_at: datetime | None


@dataclass(frozen=True)
class PaymentResult:
    """What a click on "Pay" did, and the order after it."""

    outcome: Outcome
    order: CheckoutOrder


def _state(order: Order, now: datetime) -> CheckoutState:
    if order.status in PAID_STATUSES:
        return "paid"
    if order.status != "pending_payment":
        return "cancelled"
    expires = order.reservation_expires_at
    if expires is not None and expires <= now:
        return "expired"
    return "payable"


def _money(minor: int, currency: str) -> str:
    return format_money(minor, currency)


def _snapshot(order: Order, store: Store, now: datetime) -> CheckoutOrder:
    currency = order.currency
    return CheckoutOrder(
        store_name=store.name,
        language=store_language(store),
        order_number=order.number,
        currency=currency,
        state=_state(order, now),
        lines=tuple(
            CheckoutLine(
                title=line.title,
                options=" · ".join(str(value) for value in line.options.values()),
                quantity=line.quantity,
                unit_price=_money(line.unit_price_minor, currency),
                discount=_money(line.discount_minor, currency) if line.discount_minor else None,
                line_total=_money(line.line_total_minor, currency),
            )
            for line in order.lines
        ),
        subtotal=_money(order.subtotal_minor, currency),
        discount=_money(order.discount_minor, currency) if order.discount_minor else None,
        total=_money(order.total_minor, currency),
        hold_expires_at=order.reservation_expires_at,
    )


def _find(session: Session, token: str) -> tuple[Order, Store]:
    """The order whose checkout token this is; any other token is simply not found."""
    order = None
    if len(token) in _TOKEN_LENGTHS:
        order = session.scalar(
            select(Order).where(Order.checkout_token == token).options(selectinload(Order.lines))
        )
    store = session.get(Store, order.store_id) if order is not None else None
    if order is None or store is None:
        raise NotFoundError("no checkout at this link")
    return order, store


def checkout_order(database: Database, token: str, now: datetime) -> CheckoutOrder:
    """The order behind a checkout link, as the page shows it.

    Raises:
        NotFoundError: no order has this token.
    """
    with database.session() as session:
        order, store = _find(session, token)
        return _snapshot(order, store, now)


def pay_order(
    database: Database, provider: DemoPaymentProvider, token: str, now: datetime
) -> PaymentResult:
    """Pay the order behind a checkout link, once: the hold becomes a sale and the shopper's
    conversation gets the confirmation. A paid order reports `already_paid`; an expired or
    cancelled one `refused`; neither changes anything.

    Raises:
        NotFoundError: no order has this token.
    """
    with database.session() as session:
        order, store = _find(session, token)
        store_id, number = store.id, order.number
        total = Money.of(order.total_minor, order.currency)
    event = provider.page_payment(order_number=number, total=total, now=now)
    applied = apply_payment_event(database, store_id, PAGE_PROVIDER, event, now, money_taken=False)
    shown = checkout_order(database, token, now)
    if applied.outcome == "paid" and not applied.replayed:
        return PaymentResult("paid", shown)
    return PaymentResult("already_paid" if shown.state == "paid" else "refused", shown)
