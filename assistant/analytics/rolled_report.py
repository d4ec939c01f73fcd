"""The report's conversation figures, assisted conversion and top products from summed days
(`rollups.period_days`): the same definitions as `conversation_metrics` and
`commerce_metrics`, which compute them from the raw rows in one go."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.analytics.conversation_metrics import nearest_rank
from assistant.analytics.day_figures import RESOLVERS, DayFigures
from assistant.analytics.period import ratio
from assistant.analytics.schemas import (
    AssistedFigures,
    CsatFigures,
    FirstReplyFigures,
    ProductCount,
    ReasonCount,
    ResolutionFigures,
)
from assistant.domain import Product
from assistant.domain.money import Money


def resolution_of(days: DayFigures) -> ResolutionFigures:
    """Volume, automated resolution, handoff and reopen rates."""
    return ResolutionFigures(
        conversations=days.conversations,
        resolved=days.resolved,
        automated_resolutions=days.automated,
        automated_resolution_rate=ratio(days.automated, days.conversations),
        handed_off=days.handed_off,
        handoff_rate=ratio(days.handed_off, days.conversations),
        reopened=days.reopened,
        reopen_rate=ratio(days.reopened, days.resolved),
    )


def reasons_of(days: DayFigures) -> list[ReasonCount]:
    """Handoffs per reason, most first."""
    counts = [ReasonCount(reason=r, count=n) for r, n in days.handoff_reasons.items() if n]
    return sorted(counts, key=lambda item: (-item.count, item.reason))


def _percentile_of_counts(counts: Counter[int], share: float) -> float | None:
    """The nearest-rank percentile of waits kept as tenths of a second: count."""
    size = sum(counts.values())
    if not size:
        return None
    rank = nearest_rank(size, share)
    seen = 0
    for tenths in sorted(counts):
        seen += counts[tenths]
        if seen >= rank:
            return tenths / 10
    return None  # unreachable: the ranks add up to size


def first_reply_of(days: DayFigures) -> FirstReplyFigures:
    """Median and 90th percentile of the waits for a person's first reply."""
    return FirstReplyFigures(
        replied=sum(days.reply_waits.values()),
        not_replied=days.not_replied,
        median_seconds=_percentile_of_counts(days.reply_waits, 0.5),
        p90_seconds=_percentile_of_counts(days.reply_waits, 0.9),
    )


def csat_of(days: DayFigures) -> list[CsatFigures]:
    """Ratings for the bot's resolutions and a person's."""
    return [
        CsatFigures(
            resolver=resolver,
            ratings=days.ratings[resolver],
            average=(
                round(days.rating_sums[resolver] / days.ratings[resolver], 2)
                if days.ratings[resolver]
                else None
            ),
            satisfied_share=ratio(days.satisfied[resolver], days.ratings[resolver]),
        )
        for resolver in RESOLVERS
    ]


def assisted_of(days: DayFigures, currency: str) -> AssistedFigures:
    """Assisted conversations, those converted, and their orders counted once."""
    return AssistedFigures(
        assisted_conversations=days.assisted,
        converted_conversations=days.converted,
        conversion_rate=ratio(days.converted, days.assisted),
        orders=len(days.assisted_orders),
        revenue=Money.of(sum(days.assisted_orders.values()), currency),
    )


def top_products_of(session: Session, days: DayFigures, limit: int = 10) -> list[ProductCount]:
    """The products shown in the most conversations (products since deleted left out)."""
    shown = {product: n for product, n in days.products_shown.items() if n}
    if not shown:
        return []
    titles = {
        product_id: title
        for product_id, title in session.execute(
            select(Product.id, Product.title).where(Product.id.in_(list(shown)))
        )
    }
    ranked = sorted(
        (product for product in shown if product in titles), key=lambda p: (-shown[p], p)
    )
    return [
        ProductCount(product_id=p, title=titles[p], conversations=shown[p]) for p in ranked[:limit]
    ]
