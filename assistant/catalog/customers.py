"""Customers and their past orders in the import format, and applying them to a store."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from assistant.domain import (
    ConsentRecord,
    Customer,
    Order,
    OrderLine,
    OrderStatusEvent,
    Variant,
)
from assistant.errors import InvalidInputError
from assistant.stores import get_store

OrderStatus = Literal["pending_payment", "paid", "shipped", "delivered", "cancelled", "refunded"]


class ConsentIn(BaseModel):
    """Marketing consent as last recorded."""

    granted: bool
    at: datetime | None = None
    source: str | None = None


class OrderLineIn(BaseModel):
    """A line of an imported order."""

    sku: str
    quantity: int = Field(ge=1)


class StatusStepIn(BaseModel):
    """One step of an imported order's history."""

    status: OrderStatus
    at: datetime
    note: str | None = None


class TrackingIn(BaseModel):
    """Carrier tracking for a shipped order."""

    carrier: str
    number: str
    url: str | None = None


class OrderIn(BaseModel):
    """An imported order; priced from the catalog at import time."""

    model_config = ConfigDict(extra="forbid")

    number: str
    placed_at: datetime
    status: OrderStatus
    lines: list[OrderLineIn] = Field(min_length=1)
    history: list[StatusStepIn] = Field(default_factory=list)
    tracking: TrackingIn | None = None


class CustomerIn(BaseModel):
    """An identified customer of the merchant."""

    model_config = ConfigDict(extra="forbid")

    external_id: str
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    tags: list[str] = Field(default_factory=list)
    profile: dict[str, Any] = Field(default_factory=dict)
    marketing_consent: ConsentIn = ConsentIn(granted=False)
    orders: list[OrderIn] = Field(default_factory=list)


class CustomersIn(BaseModel):
    """A customers file."""

    customers: list[CustomerIn]


def apply_customers(session: Session, store_id: str, data: CustomersIn) -> None:
    """Upsert customers by external id; add orders whose number the store does not have yet.

    The store's customers, order numbers and the named variants are read once up front, so a
    file with hundreds of orders costs a handful of queries, not several per order line.
    """
    store = get_store(session, store_id)
    customers = {
        customer.external_id: customer
        for customer in session.scalars(select(Customer).where(Customer.store_id == store_id))
    }
    known = _Known(
        numbers=set(session.scalars(select(Order.number).where(Order.store_id == store_id))),
        variants=_variants_named(session, store_id, data),
    )
    consents: list[tuple[Customer, ConsentIn]] = []
    for item in data.customers:
        customer = customers.get(item.external_id)
        is_new = customer is None
        if customer is None:
            customer = Customer(store_id=store_id, external_id=item.external_id)
            session.add(customer)
            customers[item.external_id] = customer
        customer.email = item.email
        customer.first_name = item.first_name
        customer.last_name = item.last_name
        customer.tags = list(item.tags)
        customer.profile = dict(item.profile)
        consent = item.marketing_consent
        if is_new or customer.marketing_consent != consent.granted:
            consents.append((customer, consent))
        customer.marketing_consent = consent.granted
        customer.marketing_consent_at = consent.at
        customer.marketing_consent_source = consent.source
    session.flush()  # every customer has its id; what follows is written in one flush
    with session.no_autoflush:
        for customer, consent in consents:
            session.add(
                ConsentRecord(
                    store_id=store_id,
                    customer_id=customer.id,
                    kind="marketing",
                    granted=consent.granted,
                    source=consent.source or "import",
                    **({"at": consent.at} if consent.at else {}),
                )
            )
        for item in data.customers:
            customer_id = customers[item.external_id].id
            for order_in in item.orders:
                _add_order(session, store_id, store.currency, customer_id, order_in, known)
    session.flush()


class _Known:
    """What the store already holds: its order numbers and the file's variants by SKU."""

    def __init__(self, numbers: set[str], variants: dict[str, Variant]) -> None:
        self.numbers = numbers
        self.variants = variants


def _variants_named(session: Session, store_id: str, data: CustomersIn) -> dict[str, Variant]:
    skus = {line.sku for item in data.customers for order in item.orders for line in order.lines}
    found: dict[str, Variant] = {}
    ordered = sorted(skus)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        query = (
            select(Variant)
            .options(joinedload(Variant.product))
            .where(Variant.store_id == store_id, Variant.sku.in_(chunk))
        )
        found.update((variant.sku, variant) for variant in session.scalars(query))
    return found


def _add_order(
    session: Session,
    store_id: str,
    currency: str,
    customer_id: int,
    item: OrderIn,
    known: _Known,
) -> None:
    if item.number in known.numbers:
        return
    known.numbers.add(item.number)
    order = Order(
        store_id=store_id,
        number=item.number,
        customer_id=customer_id,
        status=item.status,
        currency=currency,
        placed_at=item.placed_at,
        created_at=item.placed_at,
    )
    if item.tracking is not None:
        order.tracking_carrier = item.tracking.carrier
        order.tracking_number = item.tracking.number
        order.tracking_url = item.tracking.url
    subtotal = 0
    for line_in in item.lines:
        variant = known.variants.get(line_in.sku)
        if variant is None:
            raise InvalidInputError(f"order {item.number} names unknown SKU {line_in.sku!r}")
        line_total = variant.price_minor * line_in.quantity
        subtotal += line_total
        order.lines.append(
            OrderLine(
                store_id=store_id,
                variant_id=variant.id,
                sku=variant.sku,
                title=variant.product.title,
                options=dict(variant.options),
                quantity=line_in.quantity,
                unit_price_minor=variant.price_minor,
                line_total_minor=line_total,
            )
        )
    order.subtotal_minor = subtotal
    order.total_minor = subtotal
    steps = item.history or [StatusStepIn(status=item.status, at=item.placed_at)]
    for step in steps:
        order.history.append(
            OrderStatusEvent(store_id=store_id, status=step.status, note=step.note, at=step.at)
        )
    session.add(order)
