"""The selling simulation's figures, read from the database once the crowd has gone: openers
and their caps, conversations started from openers, recovery messages and consent, discounts
and the cap, orders after recovery. Each invariant is counted, not assumed: a figure that must
be 0 is computed from the rows, so a broken cap shows up as a number above 0."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import (
    ConsentRecord,
    Coupon,
    GuideOpener,
    Message,
    Order,
    RecoveryMessage,
)
from assistant.recovery.audit import recovering_order

DAY = timedelta(hours=24)


def _most_in_a_day(times: list[datetime]) -> int:
    """The most of `times` inside any 24 hours."""
    ordered = sorted(times)
    best = start = 0
    for end, at in enumerate(ordered):
        while at - ordered[start] >= DAY:
            start += 1
        best = max(best, end - start + 1)
    return best


def opener_figures(session: Session, person_of: dict[str, int], shoppers: int) -> dict[str, Any]:
    """Openers fired, per shopper (a person: every session of one browser or customer), by
    rule and language, and the caps measured on the rows."""
    rows = session.scalars(select(GuideOpener).order_by(GuideOpener.id)).all()
    times: dict[int, list[datetime]] = defaultdict(list)
    subjects: Counter[tuple[int, str]] = Counter()
    for row in rows:
        person = person_of.get(row.session_id, -1)
        times[person].append(row.created_at)
        subjects[(person, row.subject)] += 1
    per_person = Counter({person: len(at) for person, at in times.items()})
    replied = 0
    for row in rows:
        answer = session.scalar(
            select(Message.id)
            .where(
                Message.conversation_id == row.conversation_id,
                Message.role == "user",
                Message.id > row.message_id,
            )
            .limit(1)
        )
        replied += answer is not None
    return {
        "fired": len(rows),
        "shoppers_with_one": len(per_person),
        "per_shopper_mean": round(len(rows) / shoppers, 3) if shoppers else 0.0,
        "per_shopper_max": max(per_person.values(), default=0),
        "per_shopper_distribution": dict(sorted(Counter(per_person.values()).items())),
        "most_in_24h_for_one_shopper": max(
            (_most_in_a_day(at) for at in times.values()), default=0
        ),
        "same_subject_twice": sum(1 for count in subjects.values() if count > 1),
        "by_rule": dict(sorted(Counter(row.rule for row in rows).items())),
        "by_language": dict(sorted(Counter(row.language for row in rows).items())),
        "conversations_started": replied,
    }


def _consented_at(history: list[ConsentRecord], at: datetime) -> bool:
    granted = False
    for record in history:
        if record.at <= at:
            granted = record.granted
    return granted


def recovery_figures(session: Session, window_hours: int, cap: int) -> dict[str, Any]:
    """Recovery messages per channel and step, the consent each webhook had, the coupons and
    the cap, reminders after the shopper had bought, and orders after recovery."""
    rows = session.scalars(select(RecoveryMessage).order_by(RecoveryMessage.id)).all()
    history: dict[int, list[ConsentRecord]] = defaultdict(list)
    for record in session.scalars(
        select(ConsentRecord).order_by(ConsentRecord.at, ConsentRecord.id)
    ):
        history[record.customer_id].append(record)
    coupons = session.scalars(select(Coupon).where(Coupon.origin == "recovery")).all()
    after_buying = 0
    orders: dict[int, int] = {}
    carts: set[str] = set()
    for row in rows:
        buyer = (
            Order.customer_id == row.customer_id
            if row.customer_id
            else Order.session_id == row.session_id
        )
        earlier = session.scalar(
            select(Order.id)
            .where(
                buyer,
                Order.placed_at < row.at,
                Order.status != "cancelled",
                Order.cart_id != row.cart_id,
            )
            .limit(1)
        )
        after_buying += earlier is not None
        order = recovering_order(session, row, window_hours)
        if order is not None:
            orders[order.id] = order.total_minor
            carts.add(row.cart_id)
    channels = Counter(row.channel for row in rows)
    return {
        "messages": {"widget": channels["widget"], "webhook": channels["webhook"]},
        "messages_per_step": {
            f"{channel}:{step}": count
            for (channel, step), count in sorted(Counter((r.channel, r.step) for r in rows).items())
        },
        "webhook_without_consent": sum(
            1
            for row in rows
            if row.channel == "webhook" and not _consented_at(history[row.customer_id or 0], row.at)
        ),
        "webhook_to_anonymous": sum(
            1 for row in rows if row.channel == "webhook" and row.customer_id is None
        ),
        "widget_reminders_shown": sum(1 for row in rows if row.shown_at is not None),
        "messages_after_buying": after_buying,
        "discounts": {
            "offered": len(coupons),
            "above_cap": sum(1 for coupon in coupons if (coupon.percent_off or 0) > cap),
            "discount_cap_percent": cap,
            "percent_distribution": dict(
                sorted(Counter(coupon.percent_off for coupon in coupons).items())
            ),
            "redeemed": sum(1 for coupon in coupons if coupon.times_used),
        },
        "carts_recovered": len(carts),
        "orders_after_recovery": len(orders),
        "recovered_revenue_minor": sum(orders.values()),
    }
