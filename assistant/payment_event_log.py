"""The log of payment events a store received, newest first, for the merchant to review.

Events flagged `needs_attention` (money that did not fit its order: a payment for a released
order, a wrong amount, an unknown order) and refused ones are what a person must look at; the
`outcome` filter finds them.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import PaymentEventRecord
from assistant.domain.money import Money
from assistant.payment_events import Outcome


class PaymentEventPublic(BaseModel):
    """One event as received and what it did."""

    id: int
    provider: str
    event_id: str
    type: str
    order_number: str | None
    amount: Money
    occurred_at: datetime
    received_at: datetime
    outcome: str
    needs_attention: bool
    note: str | None


def list_payment_events(
    session: Session,
    store_id: str,
    *,
    outcome: Outcome | None = None,
    needs_attention: bool | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[PaymentEventPublic]:
    """The store's events, newest first, narrowed by outcome and flag; `before_id` pages on."""
    query = select(PaymentEventRecord).where(PaymentEventRecord.store_id == store_id)
    if outcome is not None:
        query = query.where(PaymentEventRecord.outcome == outcome)
    if needs_attention is not None:
        query = query.where(PaymentEventRecord.needs_attention.is_(needs_attention))
    if before_id is not None:
        query = query.where(PaymentEventRecord.id < before_id)
    rows = session.scalars(query.order_by(PaymentEventRecord.id.desc()).limit(limit))
    return [
        PaymentEventPublic(
            id=row.id,
            provider=row.provider,
            event_id=row.event_id,
            type=row.type,
            order_number=row.order_number,
            amount=Money.of(row.amount_minor, row.currency),
            occurred_at=row.occurred_at,
            received_at=row.received_at,
            outcome=row.outcome,
            needs_attention=row.needs_attention,
            note=row.note,
        )
        for row in rows
    ]
