"""A month of seeded, realistic traffic for the demo store, written with bulk inserts.

About `conversations` conversations over `days` days (busier evenings and weekends), from
shopper sessions of which some return and some belong to identified customers; each with its
messages, and for some: product cards and cart changes, a handoff with its reason and a
person's reply, a resolution by the bot or a person, a rating, a knowledge gap, an order within
hours. Besides: cart-recovery reminders (some carts bought afterwards), proactive openers,
bargaining offers and the assistant's coupons, merchants' own orders. Same seed, same data.

    python -m benchmarks.analytics_traffic [--conversations 50000] [--days 30] [--seed 18]

writes into a fresh SQLite file and prints what it wrote (JSON); `benchmarks.analytics_queries`
times the analytics on top of it.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from assistant.conversations import REOPEN_WINDOW
from assistant.demo import DEMO_STORE_ID
from assistant.domain import (
    BargainOffer,
    Base,
    Cart,
    Conversation,
    ConversationProduct,
    ConversationTransition,
    Coupon,
    Customer,
    Feedback,
    GuideOpener,
    Handoff,
    KnowledgeGap,
    Message,
    Order,
    Product,
    RecoveryMessage,
    ShopperSession,
)

START = datetime(2026, 11, 1, tzinfo=UTC)
CHUNK = 5000
HANDOFF_REASONS = (
    ("asked_for_human", 30),
    ("low_confidence", 22),
    ("no_answer", 12),
    ("complaint", 8),
    ("out_of_stock", 8),
    ("repeated_failure", 8),
    ("service_request", 7),
    ("out_of_policy", 5),
)
GAP_QUESTIONS = (
    "do you ship to iceland",
    "do u ship to iceland?",
    "shipping to norway how long",
    "can i pay with klarna",
    "do you take paypal",
    "is there a student discount",
    "student discount??",
    "is the jacket machine washable",
    "can i wash it in the machine",
    "what is the warranty on boots",
    "how long is the warranty",
    "do you price match",
    "can i pick up in store",
    "where is your shop",
    "are the tents flame retardant",
    "is it vegan leather",
    "what size should i get im 180cm",
    "do you have gift cards",
    "can i change my delivery address",
    "how do i return a gift",
    "支持货到付款吗",
    "可以开发票吗",
    "冰岛可以发货吗",
    "保修多久",
    "can i cancel my order",
)
OPENER_RULES = ("repeat_views", "dwell", "cart_idle", "leaving_with_cart")
PAID = ("paid", "paid", "paid", "paid", "paid", "shipped", "shipped", "delivered")


def _id() -> str:
    return uuid.uuid4().hex


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _moment(rng: random.Random, days: int) -> datetime:
    """A time in the month: weekends a third busier, evenings busiest."""
    while True:
        day = rng.randrange(days)
        weekend = (START + timedelta(days=day)).weekday() >= 5
        if rng.random() < (1.0 if weekend else 0.75):
            break
    hour = min(23.99, max(0.0, rng.gauss(15, 4.5)))
    return START + timedelta(days=day, hours=hour, seconds=rng.randrange(3600))


class Writer:
    """Rows collected per table and written in chunks, parents before children."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.order = [table.name for table in Base.metadata.sorted_tables]
        self.counts: Counter[str] = Counter()

    def add(self, model: Any, **values: Any) -> None:
        bucket = self.rows.setdefault(model.__table__.name, [])
        bucket.append({"store_id": DEMO_STORE_ID, **values})
        if len(bucket) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        for name in self.order:
            bucket = self.rows.get(name) or []
            if bucket:
                keys = {key for row in bucket for key in row}
                rows = [{key: row.get(key) for key in keys} for row in bucket]
                self.session.execute(insert(Base.metadata.tables[name]), rows)
                self.counts[name] += len(bucket)
                self.rows[name] = []


def generate(session: Session, conversations: int, days: int, seed: int) -> dict[str, int]:
    """Write the traffic into the demo store (already loaded); rows written per table."""
    rng = random.Random(seed)
    products = list(session.scalars(select(Product.id).where(Product.store_id == DEMO_STORE_ID)))
    out = Writer(session)
    # Shoppers: about one session per 1.25 conversations; a third identified customers.
    customers = []
    for index in range(max(1, conversations // 6)):
        customer_id = 1_000_000 + index
        customers.append(customer_id)
        out.add(Customer, id=customer_id, external_id=f"gen-{index}")
    out.flush()
    sessions: list[tuple[str, int | None]] = []
    for _ in range(max(1, int(conversations / 1.25))):
        customer = rng.choice(customers) if rng.random() < 0.33 else None
        session_id = _id()
        sessions.append((session_id, customer))
        out.add(
            ShopperSession,
            id=session_id,
            customer_id=customer,
            created_at=START - timedelta(days=1),
            expires_at=START + timedelta(days=days + 30),
        )
    out.flush()
    order_number = 0

    def order(when: datetime, session_id: str | None, customer: int | None, **extra: Any) -> None:
        nonlocal order_number
        order_number += 1
        total = rng.randrange(1500, 30000, 100)
        discount = extra.pop("discount", 0)
        out.add(
            Order,
            number=f"G{order_number:07d}",
            session_id=session_id,
            customer_id=customer,
            status=extra.pop("status", rng.choice(PAID)),
            currency="USD",
            subtotal_minor=total + discount,
            discount_minor=discount,
            shipping_minor=0,
            total_minor=total,
            placed_at=when,
            created_at=when,
            updated_at=when,
            **extra,
        )

    bargain_codes: list[str] = []
    started: list[tuple[str, str, int | None, datetime, datetime | None]] = []
    for number in range(conversations):
        session_id, customer = rng.choice(sessions)
        created = _moment(rng, days)
        conversation_id = _id()
        kids: list[tuple[Any, dict[str, Any]]] = []

        def child(model: Any, kids: list[tuple[Any, dict[str, Any]]] = kids, **values: Any) -> None:
            kids.append((model, values))

        turns = rng.randint(1, 5)
        clock = created
        for _ in range(turns):
            child(
                Message,
                conversation_id=conversation_id,
                role="user",
                content="question",
                created_at=clock,
                tool_calls=[],
                citations=[],
                timings={},
            )
            clock += timedelta(seconds=rng.randint(1, 4))
            child(
                Message,
                conversation_id=conversation_id,
                role="assistant",
                content="answer",
                created_at=clock,
                tool_calls=[],
                citations=[],
                timings={},
            )
            clock += timedelta(seconds=rng.randint(20, 240))
        handoff = rng.random() < 0.18
        state, resolved_at, resolver = "bot", None, None
        handed_at: datetime | None = None
        replied_at: datetime | None = None
        if handoff:
            handed_at = clock
            reason = _weighted(rng, HANDOFF_REASONS)
            child(
                Handoff,
                conversation_id=conversation_id,
                reason=reason,
                status="resolved",
                confidence=round(rng.uniform(0.1, 0.6), 2),
                requested_at=clock,
            )
            if reason in ("low_confidence", "no_answer", "repeated_failure", "out_of_policy"):
                child(
                    KnowledgeGap,
                    conversation_id=conversation_id,
                    kind="handoff",
                    reason=reason,
                    question=rng.choice(GAP_QUESTIONS),
                    created_at=clock,
                )
            if rng.random() < 0.85:
                clock += timedelta(seconds=int(rng.lognormvariate(4.5, 0.9)))
                replied_at = clock
                child(
                    Message,
                    conversation_id=conversation_id,
                    role="agent",
                    content="hi",
                    author="Ana",
                    created_at=clock,
                    tool_calls=[],
                    citations=[],
                    timings={},
                )
                if rng.random() < 0.9:
                    clock += timedelta(minutes=rng.randint(2, 30))
                    state, resolved_at, resolver = "resolved", clock, "agent-ana"
            else:
                state = "waiting"
        elif rng.random() < 0.5:
            clock += timedelta(minutes=1)
            state, resolved_at, resolver = "resolved", clock, "assistant"
        elif rng.random() < 0.1:
            child(
                KnowledgeGap,
                conversation_id=conversation_id,
                kind=rng.choice(("not_stated", "low_confidence")),
                question=rng.choice(GAP_QUESTIONS),
                created_at=created,
            )
        assisted = rng.random() < 0.45
        started.append((conversation_id, session_id, customer, created, resolved_at))
        out.add(
            Conversation,
            id=conversation_id,
            session_id=session_id,
            customer_id=customer,
            state=state,
            priority=0,
            context={},
            created_at=created,
            updated_at=clock,
            resolved_at=resolved_at,
            outcome="resolved" if resolved_at else None,
            handed_off_at=handed_at,
            first_agent_reply_at=replied_at,
            assisted_at=created if assisted else None,
        )
        for model, values in kids:
            out.add(model, **values)
        if resolver is not None:
            out.add(
                ConversationTransition,
                conversation_id=conversation_id,
                from_state="human" if resolver != "assistant" else "bot",
                to_state="resolved",
                actor=resolver,
                at=clock,
            )
            if rng.random() < 0.3:
                bot = resolver == "assistant"
                rating = rng.choices(
                    [1, 2, 3, 4, 5], weights=[5, 6, 12, 32, 45] if bot else [8, 8, 14, 30, 40]
                )[0]
                out.add(
                    Feedback,
                    conversation_id=conversation_id,
                    rating=rating,
                    resolved_by=resolver,
                    resolver="bot" if bot else "person",
                    created_at=clock + timedelta(minutes=1),
                )
        if assisted:
            for product_id in rng.sample(products, k=min(len(products), rng.randint(1, 3))):
                out.add(
                    ConversationProduct,
                    conversation_id=conversation_id,
                    product_id=product_id,
                    kind="card",
                    created_at=created,
                )
            if rng.random() < 0.3:
                out.add(
                    ConversationProduct,
                    conversation_id=conversation_id,
                    product_id=rng.choice(products),
                    kind="cart",
                    created_at=clock,
                )
        if rng.random() < (0.12 if assisted else 0.03):
            coupon = None
            discount = 0
            if rng.random() < 0.15:
                coupon = f"BARG-{number}"
                bargain_codes.append(coupon)
                discount = rng.randrange(100, 2000, 50)
                out.add(
                    BargainOffer,
                    conversation_id=conversation_id,
                    session_id=session_id,
                    product_id=rng.choice(products),
                    outcome="offered",
                    offered=True,
                    reason="asked",
                    percent_off=5,
                    ceiling_percent=10,
                    coupon_code=coupon,
                    created_at=created,
                )
            order(
                clock + timedelta(minutes=rng.randint(2, 20 * 60)),
                session_id,
                customer,
                coupon_code=coupon,
                discount=discount,
            )
    for bargain_code in bargain_codes:
        out.add(
            Coupon,
            code=bargain_code,
            currency="USD",
            percent_off=5,
            origin="bargain",
            listed=False,
            min_spend_minor=0,
            times_used=1,
            description="",
        )
    # Cart recovery: carts reminded of, a share bought afterwards with the reminder's coupon.
    for index in range(conversations // 15):
        session_id, customer = rng.choice(sessions)
        cart_id = _id()
        left = _moment(rng, days)
        out.add(
            Cart,
            id=cart_id,
            session_id=session_id,
            customer_id=customer,
            status="open",
            currency="USD",
            recovery_step=1,
            created_at=left,
            updated_at=left,
        )
        reminded = left + timedelta(hours=2)
        code: str | None = f"RECOV-{index}" if rng.random() < 0.5 else None
        out.add(
            RecoveryMessage,
            cart_id=cart_id,
            session_id=session_id,
            customer_id=customer,
            channel="widget",
            step=1,
            percent_off=5 if code else 0,
            coupon_code=code,
            at=reminded,
        )
        if code:
            out.add(
                Coupon,
                code=code,
                currency="USD",
                percent_off=5,
                origin="recovery",
                listed=False,
                min_spend_minor=0,
                times_used=0,
                description="",
            )
        if rng.random() < 0.12:
            order(
                reminded + timedelta(hours=rng.uniform(1, 48)),
                session_id,
                customer,
                cart_id=cart_id,
                coupon_code=code,
                discount=300 if code else 0,
            )
    # Proactive openers, some answered in a conversation of their own.
    for index in range(conversations // 12):
        session_id, customer = rng.choice(sessions)
        shown = _moment(rng, days)
        opened: str | None = None
        if rng.random() < 0.35:
            opened = _id()
            out.add(
                Conversation,
                id=opened,
                session_id=session_id,
                customer_id=customer,
                state="bot",
                priority=0,
                context={},
                created_at=shown,
                updated_at=shown + timedelta(minutes=2),
            )
            out.add(
                Message,
                conversation_id=opened,
                role="user",
                content="yes",
                created_at=shown + timedelta(minutes=1),
                tool_calls=[],
                citations=[],
                timings={},
            )
        out.add(
            GuideOpener,
            session_id=session_id,
            customer_id=customer,
            conversation_id=opened,
            rule=rng.choice(OPENER_RULES),
            subject=f"product:{index}",
            language="en",
            text="Can I help?",
            created_at=shown,
        )
        if rng.random() < 0.05:
            order(shown + timedelta(hours=rng.uniform(0.2, 30)), session_id, customer)
    # Orders nobody talked about.
    for _ in range(conversations // 20):
        session_id, customer = rng.choice(sessions)
        order(_moment(rng, days), session_id, customer)
    out.flush()
    out.counts["conversations_reopened"] = _mark_reopened(session, started)
    return dict(sorted(out.counts.items()))


def _mark_reopened(
    session: Session, started: list[tuple[str, str, int | None, datetime, datetime | None]]
) -> int:
    """What the service marks as shoppers return: a resolved conversation followed by another of
    the same session or customer within 7 days."""
    by_shopper: dict[tuple[str, object], list[tuple[datetime, str]]] = {}
    for conversation_id, session_id, customer, created, _ in started:
        by_shopper.setdefault(("s", session_id), []).append((created, conversation_id))
        if customer is not None:
            by_shopper.setdefault(("c", customer), []).append((created, conversation_id))
    marks = []
    for conversation_id, session_id, customer, _, resolved in started:
        if resolved is None:
            continue
        later = [
            when
            for key in (("s", session_id), ("c", customer))
            for when, other in by_shopper.get(key, [])
            if other != conversation_id and resolved <= when <= resolved + REOPEN_WINDOW
        ]
        if later:
            marks.append({"cid": conversation_id, "at": min(later)})
    table = cast(Table, Conversation.__table__)
    statement = (
        update(table).where(table.c.id == bindparam("cid")).values(reopened_at=bindparam("at"))
    )
    for index in range(0, len(marks), CHUNK):
        session.connection().execute(statement, marks[index : index + CHUNK])
    return len(marks)


def main() -> None:
    """Generate into a fresh SQLite file (or --database-url) and print the row counts."""
    import tempfile
    from pathlib import Path

    from assistant.config import Settings
    from assistant.db import Database, migrate
    from assistant.demo import load_demo_tables

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=50_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="analytics-traffic-"))
    url = args.database_url or f"sqlite:///{folder / 'traffic.db'}"
    migrate(url)
    database = Database(Settings(database_url=url, data_dir=folder, _env_file=None))
    started = time.perf_counter()
    with database.transaction() as session:
        load_demo_tables(session)
    with database.transaction() as session:
        counts = generate(session, args.conversations, args.days, args.seed)
    print(
        json.dumps(
            {"database": url, "seconds": round(time.perf_counter() - started, 1), "rows": counts},
            indent=2,
        )
    )
    database.dispose()


if __name__ == "__main__":
    main()
