"""The recommendation benchmark runs the shipped ranking on the demo store's history only, and
the candidate order the tools share."""

from sqlalchemy import select

from assistant.db import Database
from assistant.demo import DEMO_STORE_ID, load_demo_tables
from assistant.domain import Order
from benchmarks.recommendations import evaluate, hit, kept_orders, popular_products
from tools.recommend import bought_together_pairs, first_reasons


def test_the_first_source_to_name_a_candidate_gives_its_reason() -> None:
    picks = first_reasons(
        [("goes_with", [(5, 1), (6, 1)]), ("bought_together", [(6, 2), (7, 1), (8, 2)])],
        exclude={8},
    )
    assert picks == {5: ("goes_with", 1), 6: ("goes_with", 1), 7: ("bought_together", 1)}
    assert list(picks) == [5, 6, 7]


def test_a_hit_is_any_suggestion_among_the_rest_of_the_order() -> None:
    assert hit([7, 2], {2, 3})
    assert not hit([7, 8], {2, 3})


def test_held_out_orders_leave_the_ranking_before_it_is_scored(database: Database) -> None:
    with database.transaction() as session:
        load_demo_tables(session)
    with database.session() as session:
        before = kept_orders(session, DEMO_STORE_ID)
    report = evaluate(database, DEMO_STORE_ID, holdout=0.25, ks=(1, 3))
    held_out = before[report["history_orders"] :]
    assert report["held_out_orders"] == len(held_out) > 0
    assert report["cases"] == sum(len(o.products) for o in held_out if len(o.products) >= 2)
    with database.session() as session:
        statuses = set(
            session.scalars(
                select(Order.status).where(Order.id.in_([o.order_id for o in held_out]))
            )
        )
        assert statuses == {"cancelled"}
        assert [o.order_id for o in kept_orders(session, DEMO_STORE_ID)] == [
            o.order_id for o in before[: report["history_orders"]]
        ]
    for method in ("bought_together", "companions", "popularity"):
        rates = report["hit_rates"][method]
        assert 0.0 <= rates["hit_rate@1"] <= rates["hit_rate@3"] <= 1.0


def test_the_shipped_ranking_reads_no_cancelled_or_refunded_order(database: Database) -> None:
    with database.transaction() as session:
        load_demo_tables(session)
    with database.session() as session:
        orders = kept_orders(session, DEMO_STORE_ID)
        first = next(order for order in orders if len(order.products) >= 2)
        seed = min(first.products)
        together = {pick for pick, _ in bought_together_pairs(session, DEMO_STORE_ID, {seed})}
    assert first.products - {seed} <= together
    with_seed = [order for order in orders if seed in order.products]
    with database.transaction() as session:
        session.get_one(Order, with_seed[0].order_id).status = "cancelled"
        for order in with_seed[1:]:
            session.get_one(Order, order.order_id).status = "refunded"
    with database.session() as session:
        assert bought_together_pairs(session, DEMO_STORE_ID, {seed}) == []
        assert seed not in popular_products(session, DEMO_STORE_ID, 100, exclude=-1)
