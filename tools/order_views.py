"""Orders as the tools return them: lines, totals, history, tracking and where to pay."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from assistant.domain import Order, Store
from assistant.domain.money import Money
from assistant.domain.store_settings import settings_of
from tools.deps import ToolDeps
from tools.payments import fill_checkout_template


class OrderLineView(BaseModel):
    """A line of an order at the price it was sold."""

    sku: str
    title: str
    options: dict[str, str]
    quantity: int
    unit_price: Money
    discount: Money = Field(description="What the price rule took off this line.")
    line_total: Money
    applied_rules: list[str] = Field(default_factory=list, description="Codes of the rules.")


class StatusStep(BaseModel):
    """One step of an order's history."""

    status: str
    at: datetime
    note: str | None = None


class Tracking(BaseModel):
    """Carrier tracking of a shipped order."""

    carrier: str | None
    number: str | None
    url: str | None


class OrderView(BaseModel):
    """An order: status, lines, totals, history and, when shipped, tracking."""

    order_number: str
    status: str
    placed_at: datetime
    currency: str
    lines: list[OrderLineView]
    subtotal: Money = Field(description="Sum of the line totals.")
    discount: Money = Field(description="What the coupon took off.")
    total: Money
    coupon_code: str | None = None
    history: list[StatusStep]
    tracking: Tracking | None = None
    checkout_url: str | None = Field(
        default=None, description="Where to pay, while the order awaits payment."
    )
    reservation_expires_at: datetime | None = Field(
        default=None, description="Until when the stock is held, while the order awaits payment."
    )


def store_checkout_template(session: Session, store_id: str) -> str | None:
    """The store's own checkout URL template, when it set one."""
    return settings_of(session.get(Store, store_id)).checkout_url_template


def checkout_url(order: Order, deps: ToolDeps, store_template: str | None) -> str | None:
    """Where the shopper pays this order: the store's own page when it has one, else the
    payment provider's; None once the order no longer awaits payment, and for an order imported
    with the customer's history (it has no checkout token: its payment is not taken here)."""
    token = order.checkout_token
    if order.status != "pending_payment" or token is None:
        return None  # paid, or an imported order this service did not take
    if store_template is not None:
        return fill_checkout_template(
            store_template,
            base_url="",
            store_id=order.store_id,
            order_number=order.number,
            token=token,
        )
    return deps.payments.checkout_url(
        store_id=order.store_id,
        order_number=order.number,
        token=token,
        total=Money.of(order.total_minor, order.currency),
    )


def order_view(order: Order, deps: ToolDeps, store_template: str | None = None) -> OrderView:
    """Render an order for a shopper; `store_template` is the store's own checkout URL
    template (`store_checkout_template`)."""
    currency = order.currency
    pending = order.status == "pending_payment"
    tracking = None
    if order.tracking_number or order.tracking_url:
        tracking = Tracking(
            carrier=order.tracking_carrier, number=order.tracking_number, url=order.tracking_url
        )
    return OrderView(
        order_number=order.number,
        status=order.status,
        placed_at=order.placed_at,
        currency=currency,
        lines=[
            OrderLineView(
                sku=line.sku,
                title=line.title,
                options={str(k): str(v) for k, v in line.options.items()},
                quantity=line.quantity,
                unit_price=Money.of(line.unit_price_minor, currency),
                discount=Money.of(line.discount_minor, currency),
                line_total=Money.of(line.line_total_minor, currency),
                applied_rules=[str(rule.get("code", "")) for rule in line.applied_rules],
            )
            for line in order.lines
        ],
        subtotal=Money.of(order.subtotal_minor, currency),
        discount=Money.of(order.discount_minor, currency),
        total=Money.of(order.total_minor, currency),
        coupon_code=order.coupon_code,
        history=[
            StatusStep(status=step.status, at=step.at, note=step.note) for step in order.history
        ],
        tracking=tracking,
        checkout_url=checkout_url(order, deps, store_template),
        reservation_expires_at=order.reservation_expires_at if pending else None,
    )
