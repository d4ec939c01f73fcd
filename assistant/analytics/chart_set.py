"""The admin panel's charts for one report, as SVG text by name."""

from __future__ import annotations

from assistant.analytics.charts import Series, bar_chart, line_chart
from assistant.analytics.schemas import AnalyticsReport, KnowledgeGaps


def report_charts(report: AnalyticsReport, gaps: KnowledgeGaps | None = None) -> dict[str, str]:
    """Conversations per day, handoff reasons, CSAT by resolver, top products (and the largest
    knowledge-gap groups when given)."""
    days = [day.day.isoformat() for day in report.per_day]
    charts = {
        "per_day": line_chart(
            "Conversations per day",
            days,
            [
                Series("Conversations", [d.conversations for d in report.per_day]),
                Series("Handed off", [d.handed_off for d in report.per_day]),
            ],
        ),
        "handoff_reasons": bar_chart(
            "Handoff reasons", [(r.reason, r.count) for r in report.handoff_reasons]
        ),
        "csat": bar_chart(
            "Average rating (1-5)",
            [(f"{c.resolver} ({c.ratings} ratings)", c.average or 0) for c in report.csat],
        ),
        "top_products": bar_chart(
            "Products shown most", [(p.title, p.conversations) for p in report.top_products]
        ),
    }
    if gaps is not None:
        charts["knowledge_gaps"] = bar_chart(
            "Unanswered questions", [(g.label, g.count) for g in gaps.groups[:10]]
        )
    return charts
