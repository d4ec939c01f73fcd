"""One seeded simulation through both halves of selling on the demo store: the proactive guide
and consent-gated cart recovery, with every shopper action going through the HTTP API
(in-process ASGI) on a virtual clock, so the guide's time rules and the recovery ladder's days
pass without waiting.

    python -m benchmarks.shopper_simulation [--shoppers 3000] [--days 5] [--seed 7]
        [--reply-probability 0.3] [--no-faq] [--out FILE]

Shoppers arrive over the first day (`benchmarks.shopper_crowd` draws who they are): they browse,
hesitate and abandon through the events API; some are identified customers and some of those
tick the e-mail opt-in (`PUT recovery/consent`); a shopper who gets an opener may reply through
the chat API (so conversations started from openers are real conversations), ask for a person,
or switch the guide off. The recovery job runs every simulated hour; shoppers come back later
(a new session that takes the expired one over, or the customer identified again), see the
reminder (`GET recovery/reminder`), apply its coupon and may check out; some consented
customers click the unsubscribe link of their first e-mail.

The report counts openers (per shopper, the most in 24 hours, by rule and language),
conversations started from openers, carts left, recovery messages per channel, discounts,
orders after recovery, and the events endpoint's throughput (one client); and the invariants,
each measured on the rows or the answers, each of which must be 0: openers over the daily cap,
about a subject twice, on a checkout page, while a person holds the conversation, after the
shopper switched them off; webhooks without consent in force; discounts above the cap;
reminders after the shopper bought.
"""

from __future__ import annotations

import argparse
import dataclasses
import heapq
import random
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jwt
from fastapi.testclient import TestClient
from sqlalchemy import select

from assistant.api.app import create_app
from assistant.api.deps import services_of
from assistant.config import Settings
from assistant.db import Database, migrate
from assistant.demo import DEMO_STORE_ID, load_demo_documents, load_demo_tables
from assistant.domain import Conversation, Product, Store, WebhookDelivery
from assistant.domain.store_settings import settings_of
from assistant.guide.caps import PERSON_STATES
from assistant.recovery.sweep import run_cart_recovery
from benchmarks.chat_http import percentile, print_report
from benchmarks.selling_figures import opener_figures, recovery_figures
from benchmarks.shopper_crowd import (
    CrowdShares,
    SimShopper,
    draw_crowd,
    event_batch,
    reply_text,
    return_visit,
)
from retrieval.knowledge import KnowledgeBase

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DAY_S = 24 * 3600.0
BASE = f"/v1/stores/{DEMO_STORE_ID}"
# The demo store's recovery, as a merchant would set it for the run: on, a webhook URL (the
# outbox is read, nothing is sent), the default ladder of 0, 5 and 10% under a 10% cap.
RECOVERY = {"enabled": True, "abandoned_after_minutes": 60, "max_messages_per_customer": 3}
DISCOUNT_CAP_PERCENT = 10
# Shoppers read the job's e-mails a little after it sent them (an unsubscribe at the very
# instant of the send would leave the send's consent ambiguous in the audit).
EMAIL_READ_AFTER_S = 600.0
# The app's own timers (on the wall clock) stay out of the way: the run drives the recovery
# job on its clock, and nothing else moves the rows behind its back.
QUIET_JOBS_S = 10.0**9


class VirtualClock:
    """The time the app reads, set by the simulation before each step."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Tally:
    """What the shoppers saw, counted as the API answered."""

    events: int = 0
    latencies: list[float] = field(default_factory=list)
    flow: Counter[str] = field(default_factory=Counter)
    violations: Counter[str] = field(default_factory=Counter)


@dataclass
class Run:
    """The app under test, its clock, and the crowd."""

    client: TestClient
    database: Database
    clock: VirtualClock
    rng: random.Random
    catalog: list[tuple[str, list[str]]]
    customer_secret: str
    tally: Tally
    person_of: dict[str, int] = field(default_factory=dict)
    expires: dict[int, datetime] = field(default_factory=dict)


def _setup(settings: Settings, faq: bool) -> tuple[Database, KnowledgeBase | None, list[Any]]:
    migrate(settings.resolved_database_url)
    database = Database(settings)
    with database.transaction() as session:
        load_demo_tables(session)
        store = session.get_one(Store, DEMO_STORE_ID)
        store.settings = {
            **(store.settings or {}),
            "discount_cap_percent": DISCOUNT_CAP_PERCENT,
            "webhook_url": "https://hooks.shop.example/in",
            "webhook_secret": "whsec_simulation",
            "cart_recovery": RECOVERY,
        }
        products = session.scalars(
            select(Product).where(Product.store_id == DEMO_STORE_ID, Product.status == "active")
        ).all()
        catalog = [(p.handle, [v.sku for v in p.variants if v.available > 20]) for p in products]
    knowledge = KnowledgeBase(settings, database) if faq else None
    if knowledge is not None:
        load_demo_documents(knowledge)
    return database, knowledge, [(h, skus) for h, skus in catalog if skus]


def _customer_token(run: Run, shopper: SimShopper) -> str | None:
    if shopper.customer is None:
        return None
    expires = datetime.now(UTC) + timedelta(days=1)
    return jwt.encode({"sub": shopper.customer, "exp": expires}, run.customer_secret, "HS256")


def _start_session(run: Run, shopper: SimShopper) -> None:
    """What the widget does on a visit: keep a live session, or start one (offering the
    expired token, and the merchant's customer token when the shopper is signed in)."""
    if shopper.token and run.expires[shopper.index] > run.clock.now:
        return
    body: dict[str, Any] = {"locale": "zh-CN" if shopper.chinese else "en-US"}
    if shopper.token:
        body["previous_token"] = shopper.token
    customer_token = _customer_token(run, shopper)
    if customer_token:
        body["customer_token"] = customer_token
    response = run.client.post(f"{BASE}/sessions", json=body)
    response.raise_for_status()
    started = response.json()
    shopper.token = started["token"]
    shopper.headers = {"Authorization": f"Bearer {shopper.token}"}
    shopper.sessions.append(started["session_id"])
    run.person_of[started["session_id"]] = shopper.index
    # The widget's view of expiry, on the shop's clock.
    run.expires[shopper.index] = run.clock.now + timedelta(days=1)
    if shopper.consents and len(shopper.sessions) == 1:
        consent = run.client.put(
            f"{BASE}/recovery/consent",
            json={"granted": True, "language": "zh" if shopper.chinese else "en"},
            headers=shopper.headers,
        )
        consent.raise_for_status()
        run.tally.flow["consented_in_widget"] += 1


def _person_holds(run: Run, shopper: SimShopper) -> bool:
    """Whether, as the opener arrives, a conversation of this shopper (any of their sessions)
    waits for or is with a person: read from the rows, not from what the shopper asked."""
    with run.database.session() as session:
        held = session.scalar(
            select(Conversation.id)
            .where(
                Conversation.session_id.in_(shopper.sessions),
                Conversation.state.in_(PERSON_STATES),
            )
            .limit(1)
        )
    return held is not None


def _on_opener(run: Run, shopper: SimShopper, page: str, opener: dict[str, Any]) -> None:
    flow, violations = run.tally.flow, run.tally.violations
    flow["openers_answered"] += 1
    violations["opener_on_checkout"] += page == "checkout"
    violations["opener_while_person_holds"] += _person_holds(run, shopper)
    violations["opener_after_switch_off"] += shopper.switched_off
    if shopper.replies and not shopper.replied:
        shopper.replied = True
        response = run.client.post(
            f"{BASE}/chat/messages",
            json={"message": reply_text(run.rng, shopper)},
            headers=shopper.headers,
        )
        response.raise_for_status()
        flow["replies_through_chat"] += 1
        if response.json()["handoff"]["state"] in ("waiting", "human"):
            shopper.person_holds = True
            flow["asked_for_a_person"] += 1
        flow["reply_in_opener_conversation"] += (
            response.json()["conversation_id"] == opener["conversation_id"]
        )
    elif shopper.switches_off and not shopper.switched_off:
        response = run.client.post(f"{BASE}/guide/switch-off", headers=shopper.headers)
        response.raise_for_status()
        shopper.switched_off = True
        flow["switched_off"] += 1


def _act(run: Run, shopper: SimShopper, kind: str, argument: Any) -> None:
    """One action of a visit, through the API."""
    client, flow = run.client, run.tally.flow
    if kind == "add":
        added = client.post(
            f"{BASE}/cart/items",
            json={"sku": argument, "quantity": 1},
            headers={**shopper.headers, "Idempotency-Key": uuid.uuid4().hex},
        )
        flow["added_to_cart" if added.status_code == 200 else "add_refused"] += 1
    if kind == "checkout":
        order = client.post(
            f"{BASE}/checkout",
            headers={**shopper.headers, "Idempotency-Key": uuid.uuid4().hex},
        )
        if order.status_code == 201:
            shopper.ordered = True
            flow["orders_placed"] += 1
    body = event_batch(kind, argument)
    began = time.perf_counter()
    response = client.post(f"{BASE}/events", json=body, headers=shopper.headers)
    run.tally.latencies.append(time.perf_counter() - began)
    response.raise_for_status()
    run.tally.events += len(body["events"])
    opener = response.json()["opener"]
    if opener is not None:
        _on_opener(run, shopper, body["page"], opener)


def _come_back(run: Run, shopper: SimShopper) -> list[tuple[float, str, Any]]:
    """A later visit: the reminder waiting (with its coupon applied), then a short browse and,
    for some, the checkout."""
    flow = run.tally.flow
    flow["came_back"] += 1
    _start_session(run, shopper)
    pending = run.client.get(f"{BASE}/recovery/reminder", headers=shopper.headers)
    pending.raise_for_status()
    reminder = pending.json()["reminder"]
    actions = return_visit(run.rng, run.catalog)
    if reminder is None:
        return actions
    flow["reminders_seen"] += 1
    if reminder["offer"] is not None:
        applied = run.client.post(
            f"{BASE}/cart/coupon",
            json={"code": reminder["offer"]["code"]},
            headers={**shopper.headers, "Idempotency-Key": uuid.uuid4().hex},
        )
        flow["coupon_applied" if applied.status_code == 200 else "coupon_refused"] += 1
    if shopper.buys_when_back:
        actions.append((actions[-1][0] + 30, "checkout", None))
    return actions


def _read_emails(
    run: Run, database: Database, crowd: dict[str, SimShopper], seen: set[int]
) -> None:
    """Consented customers who unsubscribe click the link in their first `cart.abandoned`."""
    with database.session() as session:
        deliveries = session.scalars(
            select(WebhookDelivery).where(
                WebhookDelivery.event == "cart.abandoned", WebhookDelivery.id.not_in(seen)
            )
        ).all()
    for delivery in deliveries:
        seen.add(delivery.id)
        shopper = crowd.get(delivery.payload["customer"]["external_id"])
        if shopper is None or not shopper.unsubscribes or shopper.unsubscribed:
            continue
        shopper.unsubscribed = True
        path = urlsplit(delivery.payload["unsubscribe_url"])
        response = run.client.post(f"{path.path}?{path.query}")
        response.raise_for_status()
        run.tally.flow["unsubscribed_by_link"] += 1


def simulate(
    shoppers: int,
    seed: int,
    days: int,
    shares: CrowdShares,
    faq: bool,
    folder: Path,
) -> dict[str, Any]:
    """Run the crowd and return the report."""
    settings = Settings(
        data_dir=folder,
        rate_limit_client_per_minute=100_000,
        cart_recovery_interval_s=QUIET_JOBS_S,
        webhook_poll_interval_s=QUIET_JOBS_S,
        handoff_sweep_interval_s=QUIET_JOBS_S,
        payment_release_interval_s=QUIET_JOBS_S,
        _env_file=None,
    )
    database, knowledge, catalog = _setup(settings, faq)
    app = create_app(settings, database, knowledge=knowledge)
    clock = VirtualClock()
    services = services_of(app)
    services.tools = dataclasses.replace(services.tools, now=clock)
    services.guide.tools = services.tools
    if not faq:
        services.guide.faq_finder = None
    rng = random.Random(seed)
    crowd = draw_crowd(rng, catalog, shoppers, shares, DAY_S)
    with database.session() as session:
        store = session.get_one(Store, DEMO_STORE_ID)
        secret, values = store.customer_token_secret, settings_of(store)
    tally = Tally()
    # The timeline: (seconds from START, order, kind, shopper index, argument).
    timeline: list[tuple[float, int, str, int, Any]] = []
    order = 0

    def at(when: float, kind: str, who: int, argument: Any = None) -> None:
        nonlocal order
        order += 1
        heapq.heappush(timeline, (when, order, kind, who, argument))

    for shopper in crowd:
        at(shopper.arrives_s, "arrive", shopper.index)
    for hour in range(1, days * 24 + 1):
        at(hour * 3600.0, "sweep", -1)
    by_index = {shopper.index: shopper for shopper in crowd}
    by_customer = {s.customer: s for s in crowd if s.customer}
    emails_seen: set[int] = set()
    sweep_seconds: list[float] = []
    began = time.perf_counter()
    with TestClient(app) as client:
        run = Run(client, database, clock, rng, catalog, secret, tally)
        while timeline:
            when, _, kind, who, argument = heapq.heappop(timeline)
            if when > days * DAY_S:
                break
            clock.now = START + timedelta(seconds=when)
            if kind == "sweep":
                started = time.perf_counter()
                run_cart_recovery(services.tools)
                sweep_seconds.append(time.perf_counter() - started)
                at(when + EMAIL_READ_AFTER_S, "emails", -1)
                continue
            if kind == "emails":
                _read_emails(run, database, by_customer, emails_seen)
                continue
            shopper = by_index[who]
            if kind == "arrive":
                _start_session(run, shopper)
                for offset, action, value in shopper.actions:
                    at(when + offset, "act", who, (action, value))
                at(when + shopper.actions[-1][0] + 1, "left", who)
            elif kind == "act":
                _act(run, shopper, *argument)
            elif kind == "left":
                if shopper.back_after_h is not None:
                    at(when + shopper.back_after_h * 3600, "return", who)
                cart = client.get(f"{BASE}/cart", headers=shopper.headers).json()
                tally.flow["carts_left"] += cart["item_count"] > 0 and not shopper.ordered
            elif kind == "return":
                for offset, action, value in _come_back(run, shopper):
                    at(when + offset, "act", who, (action, value))
    seconds = time.perf_counter() - began
    window = values.cart_recovery.recovered_window_hours
    with database.session() as session:
        openers = opener_figures(session, run.person_of, shoppers)
        recovery = recovery_figures(session, window, values.discount_cap_percent)
    database.dispose()
    cap = values.proactive.max_openers_per_day
    busy = sum(tally.latencies)
    violations = {
        "openers_over_daily_cap": max(0, openers["most_in_24h_for_one_shopper"] - cap),
        "openers_about_a_subject_twice": openers["same_subject_twice"],
        **{name: tally.violations[name] for name in _SIM_VIOLATIONS},
        "webhook_without_consent": recovery["webhook_without_consent"],
        "webhook_to_anonymous": recovery["webhook_to_anonymous"],
        "discounts_above_cap": recovery["discounts"]["above_cap"],
        "messages_after_buying": recovery["messages_after_buying"],
    }
    return {
        "benchmark": "shopper_simulation",
        "store": DEMO_STORE_ID,
        "seed": seed,
        "shoppers": shoppers,
        "days": days,
        "shares": dataclasses.asdict(shares),
        "behaviours": dict(sorted(Counter(s.behaviour for s in crowd).items())),
        "faq_retrieval": faq,
        "max_openers_per_day": cap,
        "ladder": [step.model_dump() for step in values.cart_recovery.ladder],
        "openers": openers,
        "conversations_from_openers": {
            "replies_through_chat": tally.flow["replies_through_chat"],
            "conversations_with_a_reply_after_the_opener": openers["conversations_started"],
        },
        "carts_left": tally.flow["carts_left"],
        "recovery": recovery,
        "shopper_flow": dict(sorted(tally.flow.items())),
        "violations": violations,
        "all_invariants_hold": not any(violations.values()),
        "events_endpoint": {
            "events": tally.events,
            "batches": len(tally.latencies),
            "events_per_s": round(tally.events / busy, 1) if busy else 0.0,
            "batch_p50_ms": round(percentile(tally.latencies, 0.5) * 1000, 2),
            "batch_p95_ms": round(percentile(tally.latencies, 0.95) * 1000, 2),
            "batch_max_ms": round(max(tally.latencies, default=0.0) * 1000, 2),
            "clients": 1,
            "transport": "in-process ASGI (TestClient), SQLite",
        },
        "recovery_job": {
            "runs": len(sweep_seconds),
            "seconds_mean": round(sum(sweep_seconds) / max(len(sweep_seconds), 1), 4),
            "seconds_max": round(max(sweep_seconds, default=0.0), 4),
        },
        "seconds": round(seconds, 1),
    }


_SIM_VIOLATIONS = ("opener_on_checkout", "opener_while_person_holds", "opener_after_switch_off")


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shoppers", type=int, default=3000)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reply-probability", type=float, default=0.3)
    parser.add_argument("--no-faq", action="store_true", help="skip FAQ retrieval (no models)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    shares = CrowdShares(reply_probability=args.reply_probability)
    with tempfile.TemporaryDirectory(prefix="shopper-simulation-") as folder:
        report = simulate(
            args.shoppers, args.seed, args.days, shares, not args.no_faq, Path(folder)
        )
    print_report(report, args.out)


if __name__ == "__main__":
    main()
