""" "Often bought with" as the product ranks it, against popularity, on the demo store's orders.

The demo store is loaded into a throwaway database (SQLite, or PostgreSQL with `--postgres`). Its
kept orders (not cancelled, not refunded) are split by time: the earliest `1 - holdout` share is
history, the latest share is held out. The held-out orders are then cancelled in that database,
which is how the shipped ranking stops reading an order, so what it ranks from is the history
alone. For every held-out order with at least two products, each product in turn is the one the
shopper has ("the seed"), and the rest of that order is what they went on to buy. A method hits
at k when one of its first k suggestions is among the rest. The methods:

- `bought_together`: `tools.recommend.bought_together_pairs`, the query every tool's "often
  bought with" runs (`recommend_products`, `recommend_for_me`, the add-on after an add to cart);
- `companions`: `tools.recommend.companions`, the candidate order of the personal picks and the
  add-on: what the merchant lists with the seed, then what was bought with it (before the stock
  and size checks, which depend on the day's stock rather than on the ranking);
- `popularity`: the products in the most history orders, whatever the seed (the baseline).

The demo's crowd of returning customers is generated (`assistant.demo_history`) from the
merchant's listed relations with some noise; the figures say how well each method recovers that
structure from too few orders, not how a real shop's shoppers behave. One JSON object on stdout.

    python -m benchmarks.recommendations [--holdout 0.2] [--k 3 5] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assistant.config import Settings
from assistant.db import Database, migrate, temporary_postgres_database
from assistant.demo import DEMO_STORE_ID, load_demo_tables
from assistant.domain import Order, OrderLine, Variant
from tools.purchase_history import NOT_KEPT
from tools.recommend import bought_together_pairs, companions

# What a method suggests for one seed product: product ids, best first.
Method = Callable[[Session, str, int, int], list[int]]


@dataclass(frozen=True)
class KeptOrder:
    """One kept order of the store and the products in it."""

    order_id: int
    products: frozenset[int]


def kept_orders(session: Session, store_id: str) -> list[KeptOrder]:
    """The store's kept orders with their products, oldest first."""
    rows = session.execute(
        select(Order.id, Variant.product_id)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .join(Variant, Variant.id == OrderLine.variant_id)
        .where(Order.store_id == store_id, Order.status.not_in(NOT_KEPT))
        .order_by(Order.placed_at, Order.id)
    ).all()
    products: dict[int, set[int]] = {}
    for order_id, product_id in rows:
        products.setdefault(order_id, set()).add(product_id)
    return [KeptOrder(order_id, frozenset(items)) for order_id, items in products.items()]


def popular_products(session: Session, store_id: str, limit: int, exclude: int) -> list[int]:
    """The baseline: the products in the most kept orders, then by id."""
    orders = func.count(func.distinct(OrderLine.order_id))
    rows = session.execute(
        select(Variant.product_id)
        .select_from(OrderLine)
        .join(Variant, Variant.id == OrderLine.variant_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(
            Order.store_id == store_id,
            Order.status.not_in(NOT_KEPT),
            Variant.product_id != exclude,
        )
        .group_by(Variant.product_id)
        .order_by(orders.desc(), Variant.product_id)
        .limit(limit)
    ).all()
    return [product_id for (product_id,) in rows]


METHODS: dict[str, Method] = {
    "bought_together": lambda session, store, seed, k: [
        pick for pick, _ in bought_together_pairs(session, store, {seed})[:k]
    ],
    "companions": lambda session, store, seed, k: list(
        companions(session, store, {seed}, exclude={seed})
    )[:k],
    "popularity": lambda session, store, seed, k: popular_products(session, store, k, seed),
}


def hit(predicted: Sequence[int], rest: Collection[int]) -> bool:
    """Whether any predicted product is among the rest of the held-out order."""
    return any(item in rest for item in predicted)


def evaluate(
    database: Database, store_id: str, *, holdout: float = 0.2, ks: Sequence[int] = (3, 5)
) -> dict[str, Any]:
    """Hold out the latest `holdout` share of the store's kept orders (cancelling them in
    `database`, which is changed) and score every method on them at each k."""
    with database.session() as session:
        orders = kept_orders(session, store_id)
    cut = max(1, round(len(orders) * (1 - holdout)))
    history, held_out = orders[:cut], orders[cut:]
    with database.transaction() as session:
        session.execute(
            update(Order)
            .where(Order.id.in_([order.order_id for order in held_out]))
            .values(status="cancelled")
        )
    cases = [
        (seed, order.products - {seed})
        for order in held_out
        if len(order.products) >= 2
        for seed in order.products
    ]
    seen = {product for order in history for product in order.products}
    results: dict[str, dict[str, float]] = {}
    with database.session() as session:
        for name, method in METHODS.items():
            ranked = {seed: method(session, store_id, seed, max(ks)) for seed, _ in cases}
            results[name] = {
                f"hit_rate@{k}": round(
                    sum(hit(ranked[seed][:k], rest) for seed, rest in cases) / len(cases), 4
                )
                if cases
                else 0.0
                for k in ks
            }
    return {
        "orders": len(orders),
        "history_orders": len(history),
        "held_out_orders": len(held_out),
        "cases": len(cases),
        "seeds_with_history": sum(1 for seed, _ in cases if seed in seen),
        "hit_rates": results,
    }


@contextmanager
def demo_database(postgres: str | None) -> Iterator[Database]:
    """The demo store in a throwaway database: a SQLite file, or a new PostgreSQL database."""
    with tempfile.TemporaryDirectory() as root:
        urls: AbstractContextManager[str] = (
            nullcontext(f"sqlite:///{Path(root) / 'bench.db'}")
            if postgres is None
            else temporary_postgres_database(postgres, f"sa_bench_recs_{uuid.uuid4().hex[:8]}")
        )
        with urls as url:
            migrate(url)
            database = Database(Settings(database_url=url, data_dir=Path(root)))
            try:
                with database.transaction() as session:
                    load_demo_tables(session)
                yield database
            finally:
                database.dispose()


def main(argv: Sequence[str] | None = None) -> None:
    """Run the comparison on the demo store and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--k", type=int, nargs="+", default=[3, 5])
    parser.add_argument("--postgres", default=None, help="a server URL; a database is created")
    args = parser.parse_args(argv)
    with demo_database(args.postgres) as database:
        report = evaluate(database, DEMO_STORE_ID, holdout=args.holdout, ks=args.k)
    engine = "postgresql" if args.postgres else "sqlite"
    print(json.dumps({"store": DEMO_STORE_ID, "database": engine, **report}, indent=2))


if __name__ == "__main__":
    main()
