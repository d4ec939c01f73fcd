""" "Often bought with" against popularity, on the demo store's order histories.

Orders are read from the store's database (kept orders only: not cancelled, not refunded) and
split by time: the earliest `1 - holdout` share is history, the latest share is held out. For
every held-out order with at least two products, each product in turn is the one the shopper
has ("the seed"), and the rest of that order is what they went on to buy. A method hits at k
when one of its first k suggestions is among the rest. Three methods see the same history:

- `often_bought_with`: products sharing the most past orders with the seed;
- `popularity`: the products in the most past orders, whatever the seed;
- `often_bought_with_or_popular`: co-purchase, topped up by popularity when it runs short.

The demo's crowd of returning customers is generated (`assistant.demo_history`) from the
merchant's listed relations with some noise; the figures say how well each method recovers that
structure from too few orders, not how a real shop's shoppers behave. One JSON object on stdout.

    python -m benchmarks.recommendations [--holdout 0.2] [--k 3 5]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.config import Settings
from assistant.db import Database, migrate
from assistant.demo import DEMO_STORE_ID, load_demo_tables
from assistant.domain import Order, OrderLine, Variant
from tools.co_purchase import Basket, BasketStats, hit
from tools.purchase_history import NOT_KEPT

Method = Callable[[BasketStats, int, int], list[int]]
METHODS: dict[str, Method] = {
    "often_bought_with": lambda stats, seed, k: stats.often_bought_with([seed], k),
    "popularity": lambda stats, seed, k: stats.most_popular(k, exclude=[seed]),
    "often_bought_with_or_popular": lambda stats, seed, k: stats.often_bought_with_or_popular(
        [seed], k
    ),
}


def store_baskets(session: Session, store_id: str) -> list[Basket]:
    """The store's kept orders as sets of product ids, oldest first."""
    rows = session.execute(
        select(Order.id, Variant.product_id)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .join(Variant, Variant.id == OrderLine.variant_id)
        .where(Order.store_id == store_id, Order.status.not_in(NOT_KEPT))
        .order_by(Order.placed_at, Order.id)
    ).all()
    baskets: dict[int, set[int]] = {}
    for order_id, product_id in rows:
        baskets.setdefault(order_id, set()).add(product_id)
    return [frozenset(items) for items in baskets.values()]


def evaluate(
    baskets: Sequence[Basket], *, holdout: float = 0.2, ks: Sequence[int] = (3, 5)
) -> dict[str, Any]:
    """Hit rate at each k of every method on the latest `holdout` share of `baskets`."""
    cut = max(1, round(len(baskets) * (1 - holdout)))
    history, held_out = baskets[:cut], baskets[cut:]
    stats = BasketStats.from_baskets(history)
    cases = [(seed, basket - {seed}) for basket in held_out if len(basket) >= 2 for seed in basket]
    results: dict[str, dict[str, float]] = {}
    for name, method in METHODS.items():
        results[name] = {}
        for k in ks:
            hits = sum(hit(method(stats, seed, k), rest) for seed, rest in cases)
            results[name][f"hit_rate@{k}"] = round(hits / len(cases), 4) if cases else 0.0
    seeds_seen = sum(1 for seed, _ in cases if seed in stats.pairs)
    return {
        "orders": len(baskets),
        "history_orders": len(history),
        "held_out_orders": len(held_out),
        "cases": len(cases),
        "seeds_with_history": seeds_seen,
        "hit_rates": results,
    }


def demo_baskets() -> list[Basket]:
    """The demo store's kept orders, loaded into a throwaway database."""
    with tempfile.TemporaryDirectory() as root:
        url = f"sqlite:///{Path(root) / 'bench.db'}"
        migrate(url)
        database = Database(Settings(database_url=url, data_dir=Path(root)))
        try:
            with database.transaction() as session:
                load_demo_tables(session)
            with database.session() as session:
                return store_baskets(session, DEMO_STORE_ID)
        finally:
            database.dispose()


def main(argv: Sequence[str] | None = None) -> None:
    """Run the comparison on the demo store and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--k", type=int, nargs="+", default=[3, 5])
    args = parser.parse_args(argv)
    report = {"store": DEMO_STORE_ID, **evaluate(demo_baskets(), holdout=args.holdout, ks=args.k)}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
