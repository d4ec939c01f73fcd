"""Merchant analytics behind an admin key of the store: the report (JSON or CSV), its charts as
SVG text, and the knowledge gaps grouped by meaning. Definitions: README, "Analytics:
definitions"."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from assistant.analytics.chart_set import report_charts
from assistant.analytics.gaps import gap_encoder, knowledge_gaps
from assistant.analytics.period import Period
from assistant.analytics.report import analytics_report, report_csv
from assistant.analytics.schemas import AnalyticsReport, KnowledgeGaps
from assistant.api.deps import AdminOfStore, DatabaseDep
from assistant.domain.base import utcnow

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["analytics"])

DEFAULT_DAYS = 30
FromQuery = Annotated[
    date | None,
    Query(alias="from", description="First day (UTC), included; default: 29 days before `to`."),
]
ToQuery = Annotated[
    date | None, Query(alias="to", description="Last day (UTC), included; default: today.")
]


class ChartSet(BaseModel):
    """Each chart as SVG text, by name."""

    charts: dict[str, str]


def period_of(store_id: str, first: date | None, last: date | None) -> Period:
    """The requested period, defaulting to the last 30 days."""
    last_day = last or utcnow().date()
    first_day = first or last_day - timedelta(days=DEFAULT_DAYS - 1)
    return Period.of(store_id, first_day, last_day)


def _csv(report: AnalyticsReport) -> Response:
    name = f"analytics-{report.store_id}-{report.first_day}-{report.last_day}.csv"
    return Response(
        report_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/analytics",
    summary="Analytics for a date range",
    response_model=AnalyticsReport,
    response_model_by_alias=True,
    responses={200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with format=csv."}},
)
def read_analytics(
    store_id: str,
    _key: AdminOfStore,
    database: DatabaseDep,
    first: FromQuery = None,
    last: ToQuery = None,
    format: Annotated[Literal["json", "csv"], Query(description="csv: one row per figure.")] = (
        "json"
    ),
) -> AnalyticsReport | Response:
    """Conversations, resolution, handoffs, reopens, first human reply, CSAT, assisted and
    recovered revenue, openers, discount cost and top products of the store's period."""
    period = period_of(store_id, first, last)
    with database.session() as session:
        report = analytics_report(session, period)
    return _csv(report) if format == "csv" else report


@router.get(
    "/analytics.csv",
    summary="Analytics for a date range, as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def read_analytics_csv(
    store_id: str,
    _key: AdminOfStore,
    database: DatabaseDep,
    first: FromQuery = None,
    last: ToQuery = None,
) -> Response:
    """store_id, from, to, currency, section, metric, value: one row per figure."""
    period = period_of(store_id, first, last)
    with database.session() as session:
        return _csv(analytics_report(session, period))


@router.get(
    "/analytics/knowledge-gaps",
    summary="Questions the assistant could not answer, grouped by meaning",
    response_model=KnowledgeGaps,
    response_model_by_alias=True,
)
def read_knowledge_gaps(
    store_id: str,
    _key: AdminOfStore,
    database: DatabaseDep,
    first: FromQuery = None,
    last: ToQuery = None,
) -> KnowledgeGaps:
    """Groups of similar questions, the most asked first, with counts by kind and examples."""
    period = period_of(store_id, first, last)
    with database.session() as session:
        return knowledge_gaps(session, period, gap_encoder())


@router.get("/analytics/charts", summary="The analytics charts, as SVG")
def read_charts(
    store_id: str,
    _key: AdminOfStore,
    database: DatabaseDep,
    first: FromQuery = None,
    last: ToQuery = None,
) -> ChartSet:
    """Conversations per day, handoff reasons, CSAT by resolver and the products shown most."""
    period = period_of(store_id, first, last)
    with database.session() as session:
        return ChartSet(charts=report_charts(analytics_report(session, period)))
