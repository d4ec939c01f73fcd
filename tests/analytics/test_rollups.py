"""The daily roll-ups give the same report as the raw rows, and a late event is reflected.

`raw_analytics_report` computes every figure from the rows in one go (the definitions);
`analytics_report` reads rolled-up days and computes today, days not rolled up yet and days a
later write marked stale live.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assistant.analytics.period import Period
from assistant.analytics.report import analytics_report, raw_analytics_report
from assistant.analytics.rollups import roll_up_store
from assistant.conversations import mark_reopened
from assistant.db import Database
from assistant.demo import DEMO_STORE_ID, load_demo_tables
from assistant.domain import AnalyticsDay, AnalyticsStaleDay, Conversation, Feedback, Order
from assistant.domain.analytics_days import AnalyticsDayCount
from benchmarks.analytics_traffic import generate
from tests.analytics.hand_counted import STORE, at, build_hand_counted_shop

HAND_PERIOD = Period.of(STORE, date(2026, 11, 1), date(2026, 11, 2))


def _rolled_days(session: Session, store_id: str) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(AnalyticsDay).where(AnalyticsDay.store_id == store_id)
        )
        or 0
    )


def _stale_days(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AnalyticsStaleDay)) or 0


def test_generated_traffic_reads_the_same_from_roll_ups_across_today(database: Database) -> None:
    with database.transaction() as session:
        load_demo_tables(session)
        generate(session, 400, 6, seed=5)
    with database.transaction() as session:
        # Days before 4 November are over at noon on the 4th; the 4th itself is "today".
        assert roll_up_store(session, DEMO_STORE_ID, at(4, 12)) == 3
    whole = Period.of(DEMO_STORE_ID, date(2026, 11, 1), date(2026, 11, 8))
    with database.session() as session:
        assert _rolled_days(session, DEMO_STORE_ID) == 3
        rolled = analytics_report(session, whole, today=date(2026, 11, 4))
        raw = raw_analytics_report(session, whole)
    assert rolled.resolution.conversations > 300
    assert rolled.assisted.orders > 0 and rolled.first_human_reply.replied > 0
    for name in type(raw).model_fields:
        assert getattr(rolled, name) == getattr(raw, name), name
    assert rolled == raw
    with database.transaction() as session:
        roll_up_store(session, DEMO_STORE_ID, at(20, 12))
    part = Period.of(DEMO_STORE_ID, date(2026, 11, 2), date(2026, 11, 5))
    with database.session() as session:
        assert _rolled_days(session, DEMO_STORE_ID) >= 8
        assert analytics_report(session, whole) == raw
        assert analytics_report(session, part) == raw_analytics_report(session, part)


def test_a_rolled_up_day_is_read_from_its_rows(database: Database) -> None:
    with database.transaction() as session:
        build_hand_counted_shop(session)
        roll_up_store(session, STORE, at(20, 0))
    with database.transaction() as session:
        # Change the stored count behind the raw rows' back: the report must show it.
        session.execute(
            update(AnalyticsDayCount)
            .where(AnalyticsDayCount.figure == "handoff_reason")
            .values(value=AnalyticsDayCount.value + 10)
        )
    with database.session() as session:
        report = analytics_report(session, HAND_PERIOD)
    assert sum(reason.count for reason in report.handoff_reasons) == 4 + 40


def _rate_a(session: Session) -> None:
    session.add(Feedback(store_id=STORE, conversation_id="A", rating=1, resolver="bot"))


def _pay_the_cancelled_order(session: Session) -> None:
    # As a payment event would: an update() statement, not an object.
    session.execute(
        update(Order)
        .where(Order.number == "O4")
        .values(status="paid")
        .execution_options(synchronize_session=False)
    )


def _new_order_of_g(session: Session) -> None:
    g = session.get_one(Conversation, "G")
    session.add(
        Order(
            store_id=STORE,
            number="O9",
            session_id="s5",
            customer_id=g.customer_id,
            status="paid",
            currency="USD",
            subtotal_minor=700,
            total_minor=700,
            placed_at=at(2, 20),
        )
    )


def _reopen_c(session: Session) -> None:
    returning = Conversation(
        id="C2", store_id=STORE, session_id="s2", created_at=at(3, 9), updated_at=at(3, 9)
    )
    session.add(returning)
    session.flush()
    mark_reopened(session, returning)


def _reply_to_g(session: Session) -> None:
    session.get_one(Conversation, "G").first_agent_reply_at = at(2, 9, 31)


LATE_EVENTS: dict[str, tuple[Callable[[Session], None], Callable[..., object]]] = {
    "a rating": (_rate_a, lambda r: r.csat[0].ratings),
    "an order paid later": (_pay_the_cancelled_order, lambda r: r.assisted.orders),
    "a new order": (_new_order_of_g, lambda r: r.assisted.revenue.amount_minor),
    "a reopen": (_reopen_c, lambda r: r.resolution.automated_resolutions),
    "a person's reply": (_reply_to_g, lambda r: r.first_human_reply.replied),
}


@pytest.mark.parametrize("event", sorted(LATE_EVENTS))
def test_a_late_event_after_the_roll_up_is_reflected(database: Database, event: str) -> None:
    happen, figure = LATE_EVENTS[event]
    with database.transaction() as session:
        build_hand_counted_shop(session)
        roll_up_store(session, STORE, datetime(2026, 11, 20, tzinfo=UTC))
    with database.session() as session:
        before = analytics_report(session, HAND_PERIOD)
        assert _stale_days(session) == 0
    with database.transaction() as session:
        happen(session)
    with database.session() as session:
        assert _stale_days(session) > 0
        after = analytics_report(session, HAND_PERIOD)
        assert after == raw_analytics_report(session, HAND_PERIOD)
    assert figure(after) != figure(before)
    with database.transaction() as session:
        roll_up_store(session, STORE, datetime(2026, 11, 20, tzinfo=UTC))
    with database.session() as session:
        assert _stale_days(session) == 0
        assert analytics_report(session, HAND_PERIOD) == after
