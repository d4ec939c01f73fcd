"""Conversation figures: volume, automated resolution, handoffs and their reasons, reopens, time
to a person's first reply, and CSAT by who resolved. Definitions: README, "Analytics:
definitions". Every figure counts the conversations *started* in the period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from assistant.analytics.period import Period, ratio, utc_day
from assistant.analytics.schemas import (
    CsatFigures,
    DayCount,
    FirstReplyFigures,
    ReasonCount,
    ResolutionFigures,
)
from assistant.domain import Conversation, Feedback, Handoff


def _handed_off() -> ColumnElement[bool]:
    return Conversation.handed_off_at.is_not(None)


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def resolution_figures(session: Session, period: Period) -> ResolutionFigures:
    """Volume, automated resolution, handoff and reopen rates of the period's conversations:
    one pass over the period's conversations (reopens are marked when the shopper returns)."""
    resolved_at = Conversation.resolved_at.is_not(None)
    reopened_at = Conversation.reopened_at.is_not(None)
    row = session.execute(
        select(
            func.count(),
            _count(_handed_off()),
            _count(resolved_at),
            _count(and_(resolved_at, reopened_at)),
            _count(and_(resolved_at, ~_handed_off(), ~reopened_at)),
        ).where(*_scope(period))
    ).one()
    total, handed, resolved, reopened, automated = (int(value or 0) for value in row)
    return ResolutionFigures(
        conversations=total,
        resolved=resolved,
        automated_resolutions=automated,
        automated_resolution_rate=ratio(automated, total),
        handed_off=handed,
        handoff_rate=ratio(handed, total),
        reopened=reopened,
        reopen_rate=ratio(reopened, resolved),
    )


def _scope(period: Period) -> tuple[ColumnElement[bool], ...]:
    return (
        Conversation.store_id == period.store_id,
        Conversation.created_at >= period.start,
        Conversation.created_at < period.end,
    )


def _started_in(period: Period) -> tuple[ColumnElement[bool], ...]:
    """The period's conversations, when the query is driven from a smaller table joined to
    them (handoffs, ratings): no store filter here, which would steer SQLite to scan every
    conversation of the store instead of looking each one up."""
    return (Conversation.created_at >= period.start, Conversation.created_at < period.end)


def handoff_reasons(session: Session, period: Period) -> list[ReasonCount]:
    """How many handoffs of the period's conversations gave each reason, most first."""
    rows = session.execute(
        select(Handoff.reason, func.count())
        .join(Conversation, Conversation.id == Handoff.conversation_id)
        .where(Handoff.store_id == period.store_id, *_started_in(period))
        .group_by(Handoff.reason)
    )
    counts = [ReasonCount(reason=reason, count=count) for reason, count in rows]
    return sorted(counts, key=lambda item: (-item.count, item.reason))


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile (share in 0..1) of the values, or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[nearest_rank(len(ordered), share) - 1]


def nearest_rank(count: int, share: float) -> int:
    """The 1-based rank of the nearest-rank percentile among `count` sorted values."""
    return int(max(1, -(-count * share // 1)))  # ceil(count * share), at least the first


def first_human_reply(session: Session, period: Period) -> FirstReplyFigures:
    """Seconds from a conversation's first handoff request to a person's first reply."""
    waits: list[float] = []
    unanswered = 0
    for requested_at, replied_at in session.execute(
        select(Conversation.handed_off_at, Conversation.first_agent_reply_at).where(
            *_scope(period), _handed_off()
        )
    ):
        if replied_at is None or requested_at is None:
            unanswered += 1
        else:
            waits.append(_seconds(replied_at, requested_at))
    return FirstReplyFigures(
        replied=len(waits),
        not_replied=unanswered,
        median_seconds=percentile(waits, 0.5),
        p90_seconds=percentile(waits, 0.9),
    )


def _seconds(later: datetime, earlier: datetime) -> float:
    return round((later - earlier).total_seconds(), 1)


def csat_by_resolver(session: Session, period: Period) -> list[CsatFigures]:
    """Ratings of the period's conversations, for the bot's resolutions and a person's."""
    rows = session.execute(
        select(
            Feedback.resolver,
            func.count(),
            func.sum(Feedback.rating),
            func.sum((Feedback.rating >= 4).cast(Feedback.rating.type)),
        )
        .join(Conversation, Conversation.id == Feedback.conversation_id)
        .where(
            Feedback.store_id == period.store_id,
            *_started_in(period),
            Feedback.message_id.is_(None),
        )
        .group_by(Feedback.resolver)
    )
    found = {resolver: (count, total, happy) for resolver, count, total, happy in rows}
    figures = []
    for resolver in ("bot", "person"):
        count, total, happy = found.get(resolver, (0, 0, 0))
        figures.append(
            CsatFigures(
                resolver=resolver,
                ratings=count,
                average=round(total / count, 2) if count else None,
                satisfied_share=ratio(int(happy or 0), count),
            )
        )
    return figures


def conversations_per_day(session: Session, period: Period) -> list[DayCount]:
    """Conversations started each day, and how many of them went to a person."""
    day = utc_day(session, Conversation.created_at).label("day")
    found = {
        d: (int(count), int(handed))
        for d, count, handed in session.execute(
            select(day, func.count(), _count(_handed_off())).where(*_scope(period)).group_by(day)
        )
    }
    return [
        DayCount(
            day=d,
            conversations=found.get(d.isoformat(), (0, 0))[0],
            handed_off=found.get(d.isoformat(), (0, 0))[1],
        )
        for d in period.days()
    ]
