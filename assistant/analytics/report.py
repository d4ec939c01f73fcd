"""The whole analytics report of one store and period, and its CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from sqlalchemy.orm import Session

from assistant.analytics.commerce_metrics import (
    assisted_figures,
    discount_figures,
    opener_figures,
    recovery_figures,
    top_products,
)
from assistant.analytics.conversation_metrics import (
    conversations_per_day,
    csat_by_resolver,
    first_human_reply,
    handoff_reasons,
    resolution_figures,
)
from assistant.analytics.period import Period
from assistant.analytics.rolled_report import (
    assisted_of,
    csat_of,
    first_reply_of,
    reasons_of,
    resolution_of,
    top_products_of,
)
from assistant.analytics.rollups import period_days
from assistant.analytics.schemas import AnalyticsReport, DayCount
from assistant.domain import Store
from assistant.errors import NotFoundError


def _currency(session: Session, period: Period) -> str:
    store = session.get(Store, period.store_id)
    if store is None:
        raise NotFoundError("no such store")
    return store.currency


def analytics_report(
    session: Session, period: Period, today: date | None = None
) -> AnalyticsReport:
    """Every figure of the README's definitions for the store and period: the conversation
    figures, assisted conversion and top products from the daily roll-ups (today and days not
    rolled up computed live), recovery, openers and discounts from the rows."""
    currency = _currency(session, period)
    days, per_day = period_days(session, period, today)
    return AnalyticsReport(
        store_id=period.store_id,
        first_day=period.first_day,
        last_day=period.last_day,
        currency=currency,
        resolution=resolution_of(days),
        handoff_reasons=reasons_of(days),
        first_human_reply=first_reply_of(days),
        csat=csat_of(days),
        assisted=assisted_of(days, currency),
        recovery=recovery_figures(session, period, currency),
        openers=opener_figures(session, period),
        discounts=discount_figures(session, period, currency),
        top_products=top_products_of(session, days),
        per_day=[
            DayCount(day=day, conversations=per_day[day][0], handed_off=per_day[day][1])
            for day in period.days()
        ],
    )


def raw_analytics_report(session: Session, period: Period) -> AnalyticsReport:
    """The same report with every figure computed from the raw rows for the whole period (the
    definitions, one query per figure); the roll-ups must always agree with it."""
    currency = _currency(session, period)
    return AnalyticsReport(
        store_id=period.store_id,
        first_day=period.first_day,
        last_day=period.last_day,
        currency=currency,
        resolution=resolution_figures(session, period),
        handoff_reasons=handoff_reasons(session, period),
        first_human_reply=first_human_reply(session, period),
        csat=csat_by_resolver(session, period),
        assisted=assisted_figures(session, period, currency),
        recovery=recovery_figures(session, period, currency),
        openers=opener_figures(session, period),
        discounts=discount_figures(session, period, currency),
        top_products=top_products(session, period),
        per_day=conversations_per_day(session, period),
    )


def report_rows(report: AnalyticsReport) -> Iterator[tuple[str, str, str]]:
    """The report as (section, metric, value) rows; money in minor units."""
    for name, value in report.resolution.model_dump().items():
        yield "resolution", name, _cell(value)
    for reason in report.handoff_reasons:
        yield "handoff_reasons", reason.reason, str(reason.count)
    for name, value in report.first_human_reply.model_dump().items():
        yield "first_human_reply", name, _cell(value)
    for csat in report.csat:
        for name in ("ratings", "average", "satisfied_share"):
            yield "csat", f"{csat.resolver}.{name}", _cell(getattr(csat, name))
    assisted = report.assisted
    for name in ("assisted_conversations", "converted_conversations", "conversion_rate", "orders"):
        yield "assisted", name, _cell(getattr(assisted, name))
    yield "assisted", "revenue_minor", str(assisted.revenue.amount_minor)
    recovery = report.recovery
    for name in ("carts_reminded", "carts_recovered", "recovery_rate"):
        yield "recovery", name, _cell(getattr(recovery, name))
    yield "recovery", "revenue_minor", str(recovery.revenue.amount_minor)
    for opener in report.openers:
        for name in ("shown", "replied", "carted", "ordered"):
            yield "openers", f"{opener.rule}.{name}", str(getattr(opener, name))
    for discount in report.discounts:
        yield "discounts", f"{discount.origin}.coupons_issued", str(discount.coupons_issued)
        yield "discounts", f"{discount.origin}.orders", str(discount.orders)
        yield "discounts", f"{discount.origin}.discount_minor", str(discount.discount.amount_minor)
    for product in report.top_products:
        yield "top_products", f"{product.product_id} {product.title}", str(product.conversations)
    for day in report.per_day:
        yield "per_day", f"{day.day.isoformat()}.conversations", str(day.conversations)
        yield "per_day", f"{day.day.isoformat()}.handed_off", str(day.handed_off)


def report_csv(report: AnalyticsReport) -> str:
    """The report as CSV: a header, then one row per figure."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["store_id", "from", "to", "currency", "section", "metric", "value"])
    head = [
        report.store_id,
        report.first_day.isoformat(),
        report.last_day.isoformat(),
        report.currency,
    ]
    for section, metric, value in report_rows(report):
        writer.writerow([*head, section, _safe(metric), value])
    return buffer.getvalue()


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _safe(text: str) -> str:
    """A product title could start a spreadsheet formula; such a cell is quoted as text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text
