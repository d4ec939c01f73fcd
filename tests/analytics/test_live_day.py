"""A day computed live from the rows (`day_figures.live_days`), as a range ending today reads
it: each day of the hand-counted shop (tests/analytics/hand_counted.py) against figures worked
out by hand, rows that must not count, a live day on top of rolled-up ones, and (SQLite) that
its queries look rows up from the day's conversations instead of scanning the store's rows.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from assistant.analytics.day_figures import DayFigures, live_days
from assistant.analytics.period import Period
from assistant.analytics.report import analytics_report, raw_analytics_report
from assistant.analytics.rollups import roll_up_store
from assistant.db import Database
from assistant.domain import Handoff, Order
from tests.analytics.hand_counted import STORE, at, build_hand_counted_shop
from tests.factories import make_store

FIRST, SECOND = date(2026, 11, 1), date(2026, 11, 2)
PERIOD = Period.of(STORE, FIRST, SECOND)


def _order_ids(session: Session) -> dict[str, int]:
    return {number: id_ for id_, number in session.execute(select(Order.id, Order.number))}


def _expected(products: dict[str, int], orders: dict[str, int]) -> dict[date, DayFigures]:
    """Worked out by hand from the shop's rows."""
    return {
        # A, C, D. D handed off twice, a person replied after 180 s and resolved it; A was
        # reopened by B; C is the automated resolution. A and C were assisted; A's shopper paid
        # O1 1h50m after A ended (O4 was cancelled), C's O3 came 24h40m after C: too late.
        FIRST: DayFigures(
            conversations=3,
            handed_off=1,
            resolved=3,
            reopened=1,
            automated=1,
            not_replied=0,
            assisted=2,
            converted=1,
            handoff_reasons=Counter({"no_answer": 1, "complaint": 1}),
            reply_waits=Counter({1800: 1}),
            ratings=Counter({"bot": 1, "person": 1}),
            rating_sums=Counter({"bot": 5, "person": 2}),
            satisfied=Counter({"bot": 1}),
            products_shown=Counter({products["p1"]: 1, products["p2"]: 1}),
            assisted_orders={orders["O1"]: 5000},
        ),
        # E, G, H. E handed off, replied after 600 s (a note is not a reply), resolved, rated 4,
        # reopened by F; G handed off and never answered, assisted, its customer's O2 came
        # 22h59m after G's last activity from another session (matched by customer).
        SECOND: DayFigures(
            conversations=3,
            handed_off=2,
            resolved=1,
            reopened=1,
            automated=0,
            not_replied=1,
            assisted=1,
            converted=1,
            handoff_reasons=Counter({"asked_for_human": 1, "low_confidence": 1}),
            reply_waits=Counter({6000: 1}),
            ratings=Counter({"person": 1}),
            rating_sums=Counter({"person": 4}),
            satisfied=Counter({"person": 1}),
            products_shown=Counter({products["p2"]: 1, products["p3"]: 1}),
            assisted_orders={orders["O2"]: 8000},
        ),
    }


def _same(found: DayFigures, expected: DayFigures) -> None:
    # Counters compare equal whatever zero entries they keep; check field by field for a
    # readable failure.
    for name in DayFigures.__dataclass_fields__:
        assert getattr(found, name) == getattr(expected, name), name


def test_each_live_day_is_the_hand_counted_day(database: Database) -> None:
    with database.transaction() as session:
        products = build_hand_counted_shop(session)
    with database.session() as session:
        expected = _expected(products, _order_ids(session))
        both = live_days(session, PERIOD)
        one_by_one = {day: live_days(session, Period.of(STORE, day, day))[day] for day in both}
    assert sorted(both) == [FIRST, SECOND]
    for day in (FIRST, SECOND):
        _same(both[day], expected[day])
        _same(one_by_one[day], expected[day])


def _add_rows_that_must_not_count_and_two_that_must(session: Session) -> None:
    make_store(session, "other")

    def paid(store_id: str, number: str, session_id: str, total: int, placed: datetime) -> Order:
        return Order(
            store_id=store_id,
            number=number,
            session_id=session_id,
            status="paid",
            currency="USD",
            subtotal_minor=total,
            discount_minor=0,
            total_minor=total,
            placed_at=placed,
        )

    session.add_all(
        [
            # Z started on 31 October: its handoff on 1 November belongs to October.
            Handoff(store_id=STORE, conversation_id="Z", reason="complaint", requested_at=at(1, 9)),
            # D started on 1 November: a handoff it asks for on the 3rd still counts for the 1st.
            Handoff(
                store_id=STORE, conversation_id="D", reason="order_issue", requested_at=at(3, 9)
            ),
            # Another store's order on A's session is not this store's revenue.
            paid("other", "X1", "s1", 777, at(1, 13)),
            # C's shopper paid before C started: it did not follow C.
            paid(STORE, "O6", "s2", 1234, at(1, 10, 30)),
            # Exactly 24 hours after C's last activity (11:20): it follows C.
            paid(STORE, "O7", "s2", 4321, at(2, 11, 20)),
        ]
    )
    session.flush()


def test_a_live_day_counts_by_when_its_conversations_started(database: Database) -> None:
    with database.transaction() as session:
        products = build_hand_counted_shop(session)
        _add_rows_that_must_not_count_and_two_that_must(session)
    with database.session() as session:
        orders = _order_ids(session)
        expected = _expected(products, orders)
        days = live_days(session, PERIOD)
        raw = raw_analytics_report(session, PERIOD)
        report = analytics_report(session, PERIOD, today=SECOND)
    first = expected[FIRST]
    first.handoff_reasons["order_issue"] += 1
    first.converted += 1  # C, by O7
    first.assisted_orders[orders["O7"]] = 4321
    _same(days[FIRST], first)
    _same(days[SECOND], expected[SECOND])
    assert report == raw
    assert report.assisted.revenue.amount_minor == 5000 + 8000 + 4321
    assert sum(reason.count for reason in report.handoff_reasons) == 5


def test_today_live_on_top_of_rolled_up_days(database: Database) -> None:
    with database.transaction() as session:
        products = build_hand_counted_shop(session)
        # Noon on 2 November: the 1st is over and rolled up, the 2nd is today.
        assert roll_up_store(session, STORE, at(2, 12)) >= 1
    with database.session() as session:
        report = analytics_report(session, PERIOD, today=SECOND)
        raw = raw_analytics_report(session, PERIOD)
        expected = _expected(products, _order_ids(session))
    assert report == raw
    assert report.resolution.conversations == 6
    assert report.resolution.handed_off == 3
    assert report.first_human_reply.median_seconds == 180.0
    assert report.assisted.orders == 2
    assert report.assisted.revenue.amount_minor == 13000
    assert [(d.day, d.conversations, d.handed_off) for d in report.per_day] == [
        (FIRST, expected[FIRST].conversations, expected[FIRST].handed_off),
        (SECOND, expected[SECOND].conversations, expected[SECOND].handed_off),
    ]


def _plans(database: Database, statements: list[tuple[str, Any]]) -> list[str]:
    details: list[str] = []
    with database.engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for statement, parameters in statements:
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            details.extend(str(row[-1]) for row in cursor.fetchall())
    return details


def test_a_live_day_looks_its_rows_up_from_its_conversations(database: Database) -> None:
    if database.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL chooses its plans by cost; SQLite's depend on the query's form")
    with database.transaction() as session:
        build_hand_counted_shop(session)
    statements: list[tuple[str, Any]] = []

    def record(_c: object, _k: object, statement: str, parameters: Any, *_rest: object) -> None:
        statements.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        with database.session() as session:
            live_days(session, Period.of(STORE, SECOND, SECOND))
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    details = _plans(database, statements)
    searches = [detail for detail in details if detail.startswith("SEARCH ")]
    assert searches and not [detail for detail in details if detail.startswith("SCAN ")]
    by_table = {
        "conversations": "ix_conversations_store_created",
        "conversation_products": "ix_conversation_products_store_created",
        "handoffs": "ix_handoffs_conversation_id",
        "feedback": "(conversation_id=?)",
        "orders": ("ix_orders_session", "ix_orders_customer_id"),
    }
    for detail in searches:
        table = detail.split()[1]
        wanted = by_table[table]
        assert any(index in detail for index in ([wanted] if isinstance(wanted, str) else wanted))
