"""Thousands of simulated shoppers through the events API on the demo store (in-process ASGI):
browsing, hesitating, abandoning and buying behaviours, seeded, on a virtual clock so the
guide's time rules (views within 15 minutes, a cart unchanged for 10) fire without waiting.

    python -m benchmarks.shopper_simulation [--shoppers 2000] [--seed 7] [--reply-probability 0.3]
        [--no-faq] [--out FILE]

Reports openers fired, openers per shopper (the most any shopper got, beside the cap), openers
by rule, conversations started from openers (a simulated reply probability: no reply is sent),
carts left, and the events endpoint's throughput (events/s and batch latency, one client).
A behaviour is a `Behaviour` (name, share, plan); the report is a plain dict, so other parts
of the guide (cart recovery) can add behaviours and figures of their own.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from assistant.api.app import create_app
from assistant.api.deps import services_of
from assistant.config import Settings
from assistant.db import Database, migrate
from assistant.demo import DEMO_STORE_ID, load_demo_documents, load_demo_tables
from assistant.domain import Cart, GuideOpener, Product
from benchmarks.chat_http import percentile, print_report
from retrieval.knowledge import KnowledgeBase

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# One action: (seconds after the shopper arrived, kind, argument); kinds: view, dwell, add,
# leave, checkout. `plan` draws a shopper's actions from the catalog's handles and SKUs.
Action = tuple[float, str, Any]
Plan = Callable[[random.Random, list[tuple[str, list[str]]]], list[Action]]


@dataclass(frozen=True)
class Behaviour:
    """A kind of shopper: its share of the crowd and how it moves through the shop."""

    name: str
    share: float
    plan: Plan


def _browsing(rng: random.Random, catalog: list[tuple[str, list[str]]]) -> list[Action]:
    actions: list[Action] = []
    at = 0.0
    for handle, _skus in rng.sample(catalog, rng.randint(2, 6)):
        actions.append((at, "view", handle))
        at += rng.uniform(5, 40)
        actions.append((at, "dwell", (handle, int(rng.uniform(5, 40)))))
    actions.append((at + 1, "leave", None))
    return actions


def _hesitating(rng: random.Random, catalog: list[tuple[str, list[str]]]) -> list[Action]:
    handle, skus = rng.choice(catalog)
    actions: list[Action] = []
    at = 0.0
    for _ in range(rng.randint(2, 4)):
        actions.append((at, "view", handle))
        seconds = int(rng.uniform(20, 120))
        actions.append((at + seconds, "dwell", (handle, seconds)))
        at += seconds + rng.uniform(60, 240)
    if rng.random() < 0.5:
        actions.append((at, "add", rng.choice(skus)))
        at += rng.uniform(600, 900)
        other, _ = rng.choice(catalog)
        actions.append((at, "view", other))
    actions.append((at + 5, "leave", None))
    return actions


def _abandoning(rng: random.Random, catalog: list[tuple[str, list[str]]]) -> list[Action]:
    actions: list[Action] = []
    at = 0.0
    for handle, skus in rng.sample(catalog, rng.randint(1, 3)):
        actions.append((at, "view", handle))
        actions.append((at + 20, "add", rng.choice(skus)))
        at += rng.uniform(30, 120)
    actions.append((at, "leave", None))
    return actions


def _buying(rng: random.Random, catalog: list[tuple[str, list[str]]]) -> list[Action]:
    handle, skus = rng.choice(catalog)
    return [(0.0, "view", handle), (30.0, "add", rng.choice(skus)), (60.0, "checkout", None)]


BEHAVIOURS = [
    Behaviour("browsing", 0.45, _browsing),
    Behaviour("hesitating", 0.25, _hesitating),
    Behaviour("abandoning", 0.2, _abandoning),
    Behaviour("buying", 0.1, _buying),
]


class VirtualClock:
    """The time the app reads, set by the simulation before each request."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def _batch(kind: str, argument: Any) -> dict[str, Any]:
    if kind == "view":
        return {"page": "product", "events": [{"kind": "product.viewed", "product": argument}]}
    if kind == "dwell":
        handle, seconds = argument
        event = {"kind": "product.dwell", "product": handle, "seconds": seconds}
        return {"page": "product", "events": [event]}
    if kind == "add":
        return {"page": "product", "events": [{"kind": "cart.updated"}]}
    if kind == "checkout":
        return {"page": "checkout", "events": [{"kind": "checkout.started"}]}
    return {"page": "other", "events": [{"kind": "page.leaving", "via": "pointer"}]}


def simulate(
    shoppers: int, seed: int, reply_probability: float, faq: bool, folder: Path
) -> dict[str, Any]:
    """Run the crowd and return the report."""
    settings = Settings(data_dir=folder, rate_limit_client_per_minute=100_000, _env_file=None)
    migrate(settings.resolved_database_url)
    database = Database(settings)
    with database.transaction() as session:
        load_demo_tables(session)
        products = session.scalars(
            select(Product).where(Product.store_id == DEMO_STORE_ID, Product.status == "active")
        ).all()
        catalog = [(p.handle, [v.sku for v in p.variants if v.available > 0]) for p in products]
    catalog = [(handle, skus) for handle, skus in catalog if skus]
    knowledge = KnowledgeBase(settings, database) if faq else None
    if knowledge is not None:
        load_demo_documents(knowledge)
    app = create_app(settings, database, knowledge=knowledge)
    clock = VirtualClock()
    services = services_of(app)
    services.tools = dataclasses.replace(services.tools, now=clock)
    services.guide.tools = services.tools
    if not faq:
        services.guide.faq_finder = None
    rng = random.Random(seed)
    latencies: list[float] = []
    events = 0
    by_behaviour: Counter[str] = Counter()
    replies = 0
    openers_seen = 0
    with TestClient(app) as client:
        base = f"/v1/stores/{DEMO_STORE_ID}"
        for index in range(shoppers):
            behaviour = rng.choices(BEHAVIOURS, weights=[b.share for b in BEHAVIOURS])[0]
            by_behaviour[behaviour.name] += 1
            arrived = START + timedelta(seconds=index * 7)
            clock.now = arrived
            token = client.post(f"{base}/sessions", json={}).json()["token"]
            headers = {"Authorization": f"Bearer {token}"}
            for step, (offset, kind, argument) in enumerate(behaviour.plan(rng, catalog)):
                clock.now = arrived + timedelta(seconds=offset)
                if kind == "add":
                    client.post(
                        f"{base}/cart/items",
                        json={"sku": argument, "quantity": 1},
                        headers={**headers, "Idempotency-Key": f"{index}-{step}"},
                    )
                body = _batch(kind, argument)
                began = time.perf_counter()
                response = client.post(f"{base}/events", json=body, headers=headers)
                latencies.append(time.perf_counter() - began)
                response.raise_for_status()
                events += len(body["events"])
                if response.json()["opener"] is not None:
                    openers_seen += 1
                    replies += rng.random() < reply_probability
    with database.session() as session:
        per_shopper = Counter(session.scalars(select(GuideOpener.session_id)).all())
        rules = Counter(session.scalars(select(GuideOpener.rule)).all())
        carts_left = int(
            session.scalar(
                select(func.count(Cart.id)).where(
                    Cart.store_id == DEMO_STORE_ID, Cart.status == "open", Cart.items.any()
                )
            )
            or 0
        )
    cap = _cap(database)
    database.dispose()
    busy = sum(latencies)
    return {
        "benchmark": "shopper_simulation",
        "store": DEMO_STORE_ID,
        "seed": seed,
        "shoppers": shoppers,
        "behaviours": dict(by_behaviour),
        "faq_retrieval": faq,
        "events": events,
        "batches": len(latencies),
        "openers": {
            "fired": sum(per_shopper.values()),
            "answers_with_opener": openers_seen,
            "shoppers_with_one": len(per_shopper),
            "per_shopper_mean": round(sum(per_shopper.values()) / shoppers, 3),
            "per_shopper_max": max(per_shopper.values(), default=0),
            "max_openers_per_day": cap,
            "cap_respected": max(per_shopper.values(), default=0) <= cap,
            "by_rule": dict(rules),
        },
        "conversations_from_openers": {
            "simulated": True,
            "reply_probability": reply_probability,
            "replies": replies,
        },
        "carts_left": carts_left,
        "events_endpoint": {
            "events_per_s": round(events / busy, 1) if busy else 0.0,
            "batch_p50_ms": round(percentile(latencies, 0.5) * 1000, 2),
            "batch_p95_ms": round(percentile(latencies, 0.95) * 1000, 2),
            "clients": 1,
            "transport": "in-process ASGI (TestClient), SQLite",
        },
    }


def _cap(database: Database) -> int:
    from assistant.domain import Store
    from assistant.domain.store_settings import settings_of

    with database.session() as session:
        return settings_of(session.get(Store, DEMO_STORE_ID)).proactive.max_openers_per_day


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shoppers", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reply-probability", type=float, default=0.3)
    parser.add_argument("--no-faq", action="store_true", help="skip FAQ retrieval (no models)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shopper-simulation-") as folder:
        report = simulate(
            args.shoppers, args.seed, args.reply_probability, not args.no_faq, Path(folder)
        )
    print_report(report, args.out)


if __name__ == "__main__":
    main()
