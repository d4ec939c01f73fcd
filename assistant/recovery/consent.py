"""Marketing consent: every change recorded in `ConsentRecord`, the customer row holding the
latest. Sources: "widget" (the shopper ticked the opt-in), "unsubscribe_link", "import", or
what the merchant's backend names ("merchant" by default)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assistant.domain import ConsentRecord, Customer, RecoveryMessage, WebhookDelivery
from assistant.domain.base import utcnow

MARKETING = "marketing"
# What the widget's opt-in says; stored with each consent given through it.
WIDGET_WORDING = {
    "en": "Email me about my cart and offers. I can unsubscribe at any time.",
    "zh": "通过邮件提醒我购物车和优惠信息。我可以随时退订。",
}


def customer_by_external_id(
    session: Session, store_id: str, external_id: str, *, create: bool = False
) -> Customer | None:
    """The store's customer with that external id; created when `create` and unknown."""
    customer = session.scalar(
        select(Customer).where(Customer.store_id == store_id, Customer.external_id == external_id)
    )
    if customer is None and create:
        customer = Customer(store_id=store_id, external_id=external_id)
        session.add(customer)
        session.flush()
    return customer


def record_consent(
    session: Session,
    customer: Customer,
    *,
    granted: bool,
    source: str,
    at: datetime | None = None,
    wording: str | None = None,
) -> ConsentRecord:
    """Add a consent change to the history; it becomes the current consent unless an earlier-
    dated record arrives after a later one (history keeps both, the latest date wins)."""
    at = at or utcnow()
    record = ConsentRecord(
        store_id=customer.store_id,
        customer_id=customer.id,
        kind=MARKETING,
        granted=granted,
        source=source,
        at=at,
        wording=wording,
    )
    session.add(record)
    current = customer.marketing_consent_at
    if current is None or at >= current:
        customer.marketing_consent = granted
        customer.marketing_consent_at = at
        customer.marketing_consent_source = source
    if not customer.marketing_consent:
        stop_pending_reminders(session, customer)
    session.flush()
    return record


def stop_pending_reminders(session: Session, customer: Customer) -> int:
    """Mark the customer's `cart.abandoned` webhooks not sent yet as failed: consent is gone."""
    queued = select(RecoveryMessage.webhook_delivery_id).where(
        RecoveryMessage.store_id == customer.store_id,
        RecoveryMessage.customer_id == customer.id,
        RecoveryMessage.webhook_delivery_id.is_not(None),
    )
    result = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(queued), WebhookDelivery.status == "pending")
        .values(status="failed", last_error="the customer withdrew marketing consent")
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def consent_history(session: Session, customer: Customer) -> list[ConsentRecord]:
    """The customer's marketing consent records, oldest first."""
    return list(
        session.scalars(
            select(ConsentRecord)
            .where(ConsentRecord.customer_id == customer.id, ConsentRecord.kind == MARKETING)
            .order_by(ConsentRecord.at, ConsentRecord.id)
        )
    )
