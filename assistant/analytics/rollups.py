"""Daily roll-ups: writing a day's figures once, and reading a period from them.

`period_days` gives a period's figures per day: a day is read from `analytics_days` and
`analytics_day_counts` when it was rolled up, is before today and no later write marked it
stale; every other day (today, days not rolled up yet, stale days) is computed live from the
raw rows (`day_figures.live_days`). `roll_up` is the periodic job: it writes the days that
ended at least `SETTLE` ago and have no roll-up yet, or were marked stale, newest first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from assistant.analytics.day_figures import DAY_COUNTS, DayFigures, live_days
from assistant.analytics.period import Period
from assistant.db import Database
from assistant.domain import (
    AnalyticsDay,
    AnalyticsDayCount,
    AnalyticsStaleDay,
    Conversation,
    ConversationProduct,
    Store,
)
from assistant.domain.base import utcnow

# A day is rolled up once it has been over for this long, so a transaction still open at
# midnight has committed before its day is read.
SETTLE = timedelta(minutes=15)
MAX_DAYS_PER_RUN = 62
# Keyed figures: (name in analytics_day_counts, DayFigures attribute, key is a number).
KEYED: tuple[tuple[str, str, bool], ...] = (
    ("handoff_reason", "handoff_reasons", False),
    ("reply_wait", "reply_waits", True),
    ("ratings", "ratings", False),
    ("rating_sum", "rating_sums", False),
    ("satisfied", "satisfied", False),
    ("product_shown", "products_shown", True),
    ("assisted_order", "assisted_orders", True),
)


def period_days(
    session: Session, period: Period, today: date | None = None
) -> tuple[DayFigures, dict[date, tuple[int, int]]]:
    """The period's figures summed over its days, and each day's (conversations, handed off)."""
    today = today or utcnow().date()
    stale = set(
        session.scalars(
            select(AnalyticsStaleDay.day).where(
                AnalyticsStaleDay.store_id == period.store_id,
                AnalyticsStaleDay.day >= period.first_day,
                AnalyticsStaleDay.day <= period.last_day,
            )
        )
    )
    summed = DayFigures()
    per_day: dict[date, tuple[int, int]] = {}
    for row in session.scalars(
        select(AnalyticsDay).where(
            AnalyticsDay.store_id == period.store_id,
            AnalyticsDay.day >= period.first_day,
            AnalyticsDay.day <= min(period.last_day, today - timedelta(days=1)),
        )
    ):
        if row.day in stale:
            continue
        per_day[row.day] = (row.conversations, row.handed_off)
        for name in DAY_COUNTS:
            setattr(summed, name, getattr(summed, name) + getattr(row, name))
    _add_counts(session, period, sorted(per_day), summed)
    for first, last in _runs([day for day in period.days() if day not in per_day]):
        for day, figures in live_days(session, Period(period.store_id, first, last)).items():
            per_day[day] = (figures.conversations, figures.handed_off)
            summed.add(figures)
    return summed, per_day


def _add_counts(session: Session, period: Period, days: Sequence[date], into: DayFigures) -> None:
    """Add the keyed figures of rolled-up days: summed per key, an order's total once."""
    if not days:
        return
    kinds = {name: (attribute, numeric) for name, attribute, numeric in KEYED}
    for figure, key, summed, largest in session.execute(
        select(
            AnalyticsDayCount.figure,
            AnalyticsDayCount.key,
            func.sum(AnalyticsDayCount.value),
            func.max(AnalyticsDayCount.value),
        )
        .where(
            AnalyticsDayCount.store_id == period.store_id,
            AnalyticsDayCount.day >= days[0],
            AnalyticsDayCount.day <= days[-1],
            AnalyticsDayCount.day.in_(days),
        )
        .group_by(AnalyticsDayCount.figure, AnalyticsDayCount.key)
    ):
        attribute, numeric = kinds[figure]
        target = getattr(into, attribute)
        name = int(key) if numeric else key
        if figure == "assisted_order":
            target[name] = int(largest)
        else:
            target[name] += int(summed)


def _runs(days: Sequence[date]) -> Iterator[tuple[date, date]]:
    """Consecutive days as (first, last) ranges."""
    start = previous = None
    for day in days:
        if previous is not None and day == previous + timedelta(days=1):
            previous = day
            continue
        if start is not None and previous is not None:
            yield start, previous
        start = previous = day
    if start is not None and previous is not None:
        yield start, previous


def write_days(session: Session, store_id: str, days: dict[date, DayFigures]) -> None:
    """Replace the roll-up of these days with these figures."""
    if not days:
        return
    for table in (AnalyticsDay, AnalyticsDayCount):
        session.execute(
            delete(table)
            .where(table.store_id == store_id, table.day.in_(list(days)))
            .execution_options(synchronize_session=False)
        )
    now = utcnow()
    session.execute(
        insert(AnalyticsDay),
        [
            {"store_id": store_id, "day": day, "rolled_at": now}
            | {name: getattr(figures, name) for name in DAY_COUNTS}
            for day, figures in days.items()
        ],
    )
    counts = [
        {"store_id": store_id, "day": day, "figure": name, "key": str(key), "value": value}
        for day, figures in days.items()
        for name, attribute, _ in KEYED
        for key, value in getattr(figures, attribute).items()
    ]
    if counts:
        session.execute(insert(AnalyticsDayCount), counts)


def due_days(session: Session, store_id: str, now: datetime) -> list[date]:
    """The store's days to roll up now: stale or never rolled up, newest first."""
    settled = (now - SETTLE).date()  # days before this one are over
    first_seen = [
        session.scalar(
            select(func.min(Conversation.created_at)).where(Conversation.store_id == store_id)
        ),
        session.scalar(
            select(func.min(ConversationProduct.created_at)).where(
                ConversationProduct.store_id == store_id
            )
        ),
    ]
    starts = [seen.date() for seen in first_seen if seen is not None]
    if not starts:
        return []
    rolled = set(session.scalars(select(AnalyticsDay.day).where(AnalyticsDay.store_id == store_id)))
    stale = set(
        session.scalars(
            select(AnalyticsStaleDay.day).where(
                AnalyticsStaleDay.store_id == store_id, AnalyticsStaleDay.day < settled
            )
        )
    )
    first = min(starts)
    count = max(0, (settled - first).days)
    missing = {first + timedelta(days=n) for n in range(count)} - rolled
    return sorted(missing | stale, reverse=True)[:MAX_DAYS_PER_RUN]


def roll_up_store(session: Session, store_id: str, now: datetime | None = None) -> int:
    """Roll up the store's due days; how many were written."""
    now = now or utcnow()
    days = due_days(session, store_id, now)
    if not days:
        return 0
    marks = list(
        session.scalars(
            select(AnalyticsStaleDay.id).where(
                AnalyticsStaleDay.store_id == store_id, AnalyticsStaleDay.day.in_(days)
            )
        )
    )
    figures: dict[date, DayFigures] = {}
    for first, last in _runs(sorted(days)):
        figures.update(live_days(session, Period(store_id, first, last)))
    write_days(session, store_id, figures)
    if marks:
        # Only the marks read before computing: a write that lands meanwhile keeps its mark.
        session.execute(
            delete(AnalyticsStaleDay)
            .where(AnalyticsStaleDay.id.in_(marks))
            .execution_options(synchronize_session=False)
        )
    return len(figures)


def forget_rollups(session: Session, store_id: str) -> None:
    """Drop the store's roll-ups (after a bulk load of history); the job writes them again."""
    for table in (AnalyticsDay, AnalyticsDayCount, AnalyticsStaleDay):
        session.execute(
            delete(table)
            .where(table.store_id == store_id)
            .execution_options(synchronize_session=False)
        )


def roll_up(database: Database, now: datetime | None = None) -> int:
    """The periodic job: every store's due days, one transaction per store; days written."""
    with database.session() as session:
        stores = list(session.scalars(select(Store.id).order_by(Store.id)))
    written = 0
    for store_id in stores:
        with database.transaction() as session:
            written += roll_up_store(session, store_id, now)
    return written
