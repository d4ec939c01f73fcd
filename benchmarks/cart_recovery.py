"""Cart recovery on the demo store: seeded simulated shoppers over simulated days.

Shoppers arrive over the first day and fill a cart with the tools; some check out at once,
the rest leave it. Some are identified customers, some of those consented to e-mails, a few
consented customers unsubscribe after their first e-mail, a few customers buy in another
session before any reminder. Leavers may come back later: the widget's reminder is taken
(`take_reminder`), its coupon applied, and some of them check out. The recovery job runs every
simulated hour. The report counts carts left, reminders per channel (and the webhook reminders
sent to a customer without consent in force at that moment: must be 0), coupons offered (and
those above the cap: must be 0), reminders after the shopper had bought (must be 0), carts
recovered and their revenue, and the job's time per run. One JSON object on stdout.

    python -m benchmarks.cart_recovery [--shoppers 3000] [--days 7] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from assistant.config import Settings
from assistant.db import Database, migrate
from assistant.demo import DEMO_STORE_ID, load_demo_tables
from assistant.domain import (
    ConsentRecord,
    Coupon,
    Customer,
    Order,
    RecoveryMessage,
    ShopperSession,
    Store,
    Variant,
)
from assistant.domain.store_settings import settings_of
from assistant.recovery.audit import recovering_order
from assistant.recovery.consent import record_consent
from assistant.recovery.reminders import take_reminder
from assistant.recovery.sweep import run_cart_recovery
from assistant.shopper_sessions import start_session
from tools.cart import add_to_cart, apply_coupon
from tools.checkout import start_checkout
from tools.deps import ToolDeps
from tools.results import ToolError
from tools.services import ToolServices

START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@dataclass
class SimShopper:
    """One simulated shopper and what they will do."""

    index: int
    arrives: datetime
    customer_id: int | None
    consented: bool
    buys_at_once: bool
    returns_after_h: float | None
    buys_elsewhere: bool
    unsubscribes: bool
    deps: ToolDeps | None = None


def _clocked(tools: ToolServices, clock: dict[str, datetime]) -> ToolServices:
    return replace(tools, now=lambda: clock["now"])


def simulate(shoppers: int, days: int, seed: int) -> dict[str, Any]:
    """Run the simulation in a throwaway SQLite database; the report as a dict."""
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="bench-recovery-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    migrate(url)
    settings = Settings(data_dir=folder, database_url=url, _env_file=None)
    database = Database(settings)
    with database.transaction() as session:
        load_demo_tables(session)
        store = session.get_one(Store, DEMO_STORE_ID)
        store.settings = {
            **store.settings,
            "webhook_url": "https://hooks.shop.example/in",
            "webhook_secret": "whsec_bench",
            "cart_recovery": {"enabled": True, "max_messages_per_customer": 3},
        }
        values = settings_of(store)
        skus = list(
            session.scalars(
                select(Variant.sku)
                .where(Variant.store_id == DEMO_STORE_ID, Variant.stock_on_hand >= 20)
                .order_by(Variant.sku)
            )
        )
    cap = values.discount_cap_percent
    clock = {"now": START}
    tools = _clocked(ToolServices.build(settings, database), clock)

    people: list[SimShopper] = []
    with database.transaction() as session:
        for index in range(shoppers):
            identified = rng.random() < 0.6
            customer_id = None
            consented = False
            if identified:
                customer = Customer(store_id=DEMO_STORE_ID, external_id=f"sim-{index}")
                session.add(customer)
                session.flush()
                customer_id = customer.id
                consented = rng.random() < 0.45
                if consented:
                    record_consent(session, customer, granted=True, source="merchant", at=START)
            people.append(
                SimShopper(
                    index=index,
                    arrives=START + timedelta(minutes=rng.uniform(0, 24 * 60)),
                    customer_id=customer_id,
                    consented=consented,
                    buys_at_once=rng.random() < 0.2,
                    returns_after_h=rng.choice([None, None, rng.uniform(2, 120)]),
                    buys_elsewhere=identified and rng.random() < 0.05,
                    unsubscribes=consented and rng.random() < 0.1,
                )
            )
    # Events in time order: arrivals, purchases elsewhere, returns; the job every hour.
    events: list[tuple[datetime, int, str, SimShopper | None]] = []
    for someone in people:
        events.append((someone.arrives, 0, "arrive", someone))
        if someone.buys_elsewhere:
            events.append((someone.arrives + timedelta(minutes=30), 1, "elsewhere", someone))
        if someone.returns_after_h is not None:
            events.append(
                (someone.arrives + timedelta(hours=someone.returns_after_h), 2, "return", someone)
            )
        if someone.unsubscribes:
            events.append((someone.arrives + timedelta(hours=30), 3, "unsubscribe", someone))
    hours = days * 24
    for hour in range(1, hours + 1):
        events.append((START + timedelta(hours=hour), 9, "job", None))
    events.sort(key=lambda event: (event[0], event[1], event[3].index if event[3] else 0))

    counts: Counter[str] = Counter()
    job_seconds: list[float] = []
    for at, _order, kind, person in events:
        if at > START + timedelta(hours=hours):
            break
        clock["now"] = at
        if kind == "job":
            began = time.perf_counter()
            run_cart_recovery(tools)
            job_seconds.append(time.perf_counter() - began)
        elif kind == "arrive" and person is not None:
            with database.transaction() as session:
                issued = start_session(session, settings, DEMO_STORE_ID, now=at)
                if person.customer_id is not None:
                    session.get_one(
                        ShopperSession, issued.identity.session_id
                    ).customer_id = person.customer_id
            person.deps = tools.for_shopper(
                DEMO_STORE_ID, issued.identity.session_id, customer_id=person.customer_id
            )
            for sku in rng.sample(skus, rng.randint(1, 3)):
                add_to_cart(person.deps, sku, 1, idempotency_key=uuid.uuid4().hex)
            counts["carts_filled"] += 1
            if person.buys_at_once:
                result = start_checkout(person.deps, idempotency_key=uuid.uuid4().hex)
                counts[
                    "bought_at_once" if not isinstance(result, ToolError) else "checkout_failed"
                ] += 1
            else:
                counts["carts_left"] += 1
        elif kind == "elsewhere" and person is not None and person.customer_id is not None:
            other = tools.for_shopper(
                DEMO_STORE_ID,
                _new_session(database, settings, at, person.customer_id),
                customer_id=person.customer_id,
            )
            add_to_cart(other, rng.choice(skus), 1, idempotency_key=uuid.uuid4().hex)
            if not isinstance(start_checkout(other, idempotency_key=uuid.uuid4().hex), ToolError):
                counts["bought_elsewhere"] += 1
        elif kind == "unsubscribe" and person is not None and person.customer_id is not None:
            with database.transaction() as session:
                customer = session.get_one(Customer, person.customer_id)
                if customer.marketing_consent:
                    record_consent(
                        session, customer, granted=False, source="unsubscribe_link", at=at
                    )
                    counts["unsubscribed"] += 1
        elif kind == "return" and person is not None and person.deps is not None:
            if person.buys_at_once:
                continue
            counts["came_back"] += 1
            reminder = take_reminder(
                tools, DEMO_STORE_ID, person.deps.session_id, person.customer_id, at
            )
            if reminder is None:
                continue
            counts["reminders_seen"] += 1
            percent = reminder.offer.percent_off if reminder.offer else 0
            if reminder.offer:
                apply_coupon(person.deps, reminder.offer.code, idempotency_key=uuid.uuid4().hex)
            if rng.random() < 0.3 + 0.03 * percent:
                result = start_checkout(person.deps, idempotency_key=uuid.uuid4().hex)
                counts[
                    "bought_after_reminder"
                    if not isinstance(result, ToolError)
                    else "checkout_failed"
                ] += 1
    report = _measure(database, values.cart_recovery.recovered_window_hours, cap)
    database.dispose()
    return {
        "benchmark": "cart_recovery",
        "store": DEMO_STORE_ID,
        "seed": seed,
        "shoppers": shoppers,
        "days": days,
        "discount_cap_percent": cap,
        "ladder": [step.model_dump() for step in values.cart_recovery.ladder],
        "shoppers_flow": dict(sorted(counts.items())),
        **report,
        "job_runs": len(job_seconds),
        "job_seconds_mean": round(sum(job_seconds) / max(len(job_seconds), 1), 4),
        "job_seconds_max": round(max(job_seconds or [0.0]), 4),
    }


def _new_session(database: Database, settings: Settings, at: datetime, customer_id: int) -> str:
    with database.transaction() as session:
        issued = start_session(session, settings, DEMO_STORE_ID, now=at)
        session.get_one(ShopperSession, issued.identity.session_id).customer_id = customer_id
        return issued.identity.session_id


def _consented_at(history: list[ConsentRecord], at: datetime) -> bool:
    granted = False
    for record in history:
        if record.at <= at:
            granted = record.granted
    return granted


def _measure(database: Database, window_hours: int, cap: int) -> dict[str, Any]:
    with database.session() as session:
        rows = session.scalars(select(RecoveryMessage).order_by(RecoveryMessage.id)).all()
        history: dict[int, list[ConsentRecord]] = {}
        for record in session.scalars(
            select(ConsentRecord).order_by(ConsentRecord.at, ConsentRecord.id)
        ):
            history.setdefault(record.customer_id, []).append(record)
        coupons = session.scalars(select(Coupon).where(Coupon.origin == "recovery")).all()
        webhook_without_consent = sum(
            1
            for row in rows
            if row.channel == "webhook"
            and not _consented_at(history.get(row.customer_id or 0, []), row.at)
        )
        after_buying = 0
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
        recovered_orders: dict[int, int] = {}
        recovered_carts: set[str] = set()
        for row in rows:
            order = recovering_order(session, row, window_hours)
            if order is not None:
                recovered_orders[order.id] = order.total_minor
                recovered_carts.add(row.cart_id)
    per_channel = Counter(row.channel for row in rows)
    per_step = Counter((row.channel, row.step) for row in rows)
    return {
        "messages": {"widget": per_channel["widget"], "webhook": per_channel["webhook"]},
        "messages_per_step": {f"{c}:{s}": n for (c, s), n in sorted(per_step.items())},
        "webhook_without_consent": webhook_without_consent,
        "messages_after_buying_elsewhere": after_buying,
        "reminders_shown": sum(1 for row in rows if row.shown_at is not None),
        "coupons_offered": len(coupons),
        "coupons_above_cap": sum(1 for c in coupons if (c.percent_off or 0) > cap),
        "coupon_percent_distribution": dict(
            sorted(Counter(c.percent_off for c in coupons).items())
        ),
        "coupons_redeemed": sum(1 for c in coupons if c.times_used),
        "carts_recovered": len(recovered_carts),
        "orders_after_recovery": len(recovered_orders),
        "recovered_revenue_minor": sum(recovered_orders.values()),
    }


def main() -> None:
    """Parse the options, run, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shoppers", type=int, default=3000)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    began = time.perf_counter()
    report = simulate(args.shoppers, args.days, args.seed)
    report["seconds"] = round(time.perf_counter() - began, 1)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
