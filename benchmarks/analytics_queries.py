"""Each analytics query's latency on a month of generated traffic, on SQLite and PostgreSQL.

Generates `benchmarks.analytics_traffic` (seeded) into a fresh SQLite file and, when a
PostgreSQL URL is given, into a throwaway database on that server (dropped afterwards), or
reuses what an earlier run generated (`--sqlite-file`, `--postgres-database`: generated there
when empty). Then writes the daily roll-ups from scratch (timed: the job's first run), and
runs every query for the whole month `--repeat` times, reporting p50 and p95 in milliseconds
(nearest rank):

- `raw.*`: each figure computed from the rows for the whole month (the definitions, and the
  path before roll-ups);
- `rolled.days`: the one read of the rolled-up days that serves resolution, handoff reasons,
  first human reply, CSAT, conversations per day, assisted conversion and top products;
  `rolled.days_today_live` the same with the month's last day as "today" (computed live);
- `live.today`: that live day alone (`day_figures.live_days`), and `live.first_day` the
  month's first day computed the same way (the roll-up job's work for one day; its
  conversations' orders may come any time after);
- `recovery`, `openers`, `discounts`: read from the rows on both paths;
- `whole_report` (roll-ups) against `raw.whole_report`; the knowledge-gap grouping (which
  embeds questions) separately.

One JSON object on stdout.

    python -m benchmarks.analytics_queries [--conversations 50000] [--repeat 20]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
        [--sqlite-file PATH] [--postgres-database URL]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from assistant.analytics import commerce_metrics as commerce
from assistant.analytics import conversation_metrics as conversations
from assistant.analytics.changes import mark_stale
from assistant.analytics.day_figures import live_days
from assistant.analytics.gaps import gap_encoder, knowledge_gaps
from assistant.analytics.period import Period
from assistant.analytics.report import analytics_report, raw_analytics_report
from assistant.analytics.rollups import forget_rollups, period_days, roll_up
from assistant.config import Settings
from assistant.db import Database, migrate, temporary_postgres_database
from assistant.demo import DEMO_STORE_ID, load_demo_tables
from assistant.domain import Conversation
from benchmarks.analytics_traffic import generate

TARGET_MS = 200.0
LAST_DAY = date(2026, 11, 30)
QUERIES: dict[str, Callable[[Session, Period], Any]] = {
    "raw.resolution": conversations.resolution_figures,
    "raw.handoff_reasons": conversations.handoff_reasons,
    "raw.first_human_reply": conversations.first_human_reply,
    "raw.csat_by_resolver": conversations.csat_by_resolver,
    "raw.conversations_per_day": conversations.conversations_per_day,
    "raw.assisted": lambda s, p: commerce.assisted_figures(s, p, "USD"),
    "raw.top_products": commerce.top_products,
    "rolled.days": period_days,
    "rolled.days_today_live": lambda s, p: period_days(s, p, today=LAST_DAY),
    "live.today": lambda s, p: live_days(s, Period(p.store_id, LAST_DAY, LAST_DAY)),
    "live.first_day": lambda s, p: live_days(s, Period(p.store_id, p.first_day, p.first_day)),
    "recovery": lambda s, p: commerce.recovery_figures(s, p, "USD"),
    "openers": commerce.opener_figures,
    "discounts": lambda s, p: commerce.discount_figures(s, p, "USD"),
    "raw.whole_report": raw_analytics_report,
    "whole_report": analytics_report,
    "whole_report_today_live": lambda s, p: analytics_report(s, p, today=LAST_DAY),
}
# Measured against the target: what a report reads after the roll-ups.
SERVED = ("rolled.days", "rolled.days_today_live", "recovery", "openers", "discounts")


def _percentile(values: list[float], share: float) -> float:
    found = conversations.percentile(values, share)
    return round(found if found is not None else 0.0, 1)


def measure(url: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Generate the traffic at `url` (unless it is there), roll it up, then time every query."""
    migrate(url)
    database = Database(Settings(database_url=url, data_dir=folder, _env_file=None))
    started = time.perf_counter()
    with database.session() as session:
        existing = session.scalar(
            select(func.count()).where(Conversation.store_id == DEMO_STORE_ID)
        )
    rows: dict[str, int] = {"conversations": existing or 0}
    if not existing:
        with database.transaction() as session:
            load_demo_tables(session)
            rows = generate(session, args.conversations, 30, args.seed)
    generated_s = time.perf_counter() - started
    if url.startswith("postgresql"):
        with database.engine.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()
    with database.transaction() as session:
        forget_rollups(session, DEMO_STORE_ID)  # the generator's bulk inserts are not watched
    started = time.perf_counter()
    rolled_days = roll_up(database)
    rollup_s = time.perf_counter() - started
    started = time.perf_counter()
    with database.transaction() as session:
        mark_stale(session, [(DEMO_STORE_ID, date(2026, 11, 15))])
    rolled_again = roll_up(database)
    one_day_s = time.perf_counter() - started
    period = Period.of(DEMO_STORE_ID, date(2026, 11, 1), LAST_DAY)
    timings: dict[str, Any] = {}
    with database.session() as session:
        for name, query in QUERIES.items():
            query(session, period)  # warm the caches once
            samples = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                query(session, period)
                samples.append((time.perf_counter() - start) * 1000)
            timings[name] = {
                "p50_ms": _percentile(samples, 0.5),
                "p95_ms": _percentile(samples, 0.95),
            }
        encoder = gap_encoder()
        knowledge_gaps(session, period, encoder)
        samples = []
        for _ in range(max(3, args.repeat // 4)):
            start = time.perf_counter()
            gaps = knowledge_gaps(session, period, encoder)
            samples.append((time.perf_counter() - start) * 1000)
        timings["knowledge_gaps"] = {
            "p50_ms": _percentile(samples, 0.5),
            "p95_ms": _percentile(samples, 0.95),
            "questions": gaps.questions,
            "groups": len(gaps.groups),
        }
        report = analytics_report(session, period)
        same = report == raw_analytics_report(session, period)
        crossing = analytics_report(session, period, today=LAST_DAY)
        same_today_live = crossing == raw_analytics_report(session, period)
    database.dispose()
    slow = [name for name in SERVED if timings[name]["p95_ms"] > TARGET_MS]
    return {
        "generated_seconds": round(generated_s, 1),
        "rollup_seconds": round(rollup_s, 2),
        "rolled_days": rolled_days,
        "one_stale_day_seconds": round(one_day_s, 2),
        "one_stale_day_rolled": rolled_again,
        "rolled_report_equals_raw": same,
        "rolled_report_equals_raw_today_live": same_today_live,
        "rows": rows,
        "queries": timings,
        "over_target": slow,
        "figures": {
            "conversations": report.resolution.conversations,
            "automated_resolution_rate": report.resolution.automated_resolution_rate,
            "handoff_rate": report.resolution.handoff_rate,
            "reopen_rate": report.resolution.reopen_rate,
            "first_reply_median_s": report.first_human_reply.median_seconds,
            "csat": {c.resolver: c.average for c in report.csat},
            "assisted_conversion": report.assisted.conversion_rate,
            "assisted_revenue": report.assisted.revenue.display,
            "recovered_carts": report.recovery.carts_recovered,
        },
    }


def main() -> None:
    """Measure on SQLite, and on PostgreSQL when a server URL is given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--postgres", default=None, help="a server URL; a database is created")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--sqlite-file", type=Path, default=None, help="reuse (or fill) this file")
    parser.add_argument(
        "--postgres-database", default=None, help="a database URL to reuse (or fill), kept"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-analytics-"))
    result: dict[str, Any] = {
        "conversations": args.conversations,
        "repeat": args.repeat,
        "seed": args.seed,
        "target_p95_ms": TARGET_MS,
    }
    if not args.skip_sqlite:
        sqlite_file = args.sqlite_file or folder / "bench.db"
        result["sqlite"] = measure(f"sqlite:///{sqlite_file}", folder, args)
    if args.postgres_database:
        result["postgresql"] = measure(args.postgres_database, folder, args)
    elif args.postgres:
        with temporary_postgres_database(
            args.postgres, f"sa_bench_analytics_{uuid.uuid4().hex[:8]}"
        ) as url:
            result["postgresql"] = measure(url, folder, args)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
