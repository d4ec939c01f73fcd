"""Co-purchase counts, the popularity baseline, and the benchmark on a tiny set of orders."""

from benchmarks.recommendations import evaluate
from tools.co_purchase import BasketStats, hit

# Tents (1) come with footprints (2) and pads (3); lamps (4) sell on their own and most often.
BASKETS = [
    frozenset({1, 2}),
    frozenset({1, 2, 3}),
    frozenset({1, 3}),
    frozenset({4}),
    frozenset({4}),
    frozenset({4}),
    frozenset({4, 5}),
    frozenset({1, 2}),
]


def test_pairs_count_orders_not_units() -> None:
    stats = BasketStats.from_baskets([[1, 2, 2], [1, 2]])
    assert stats.pairs[1][2] == 2
    assert stats.orders_with[2] == 2


def test_often_bought_with_ranks_by_shared_orders() -> None:
    stats = BasketStats.from_baskets(BASKETS)
    assert stats.often_bought_with([1], 3) == [2, 3]


def test_often_bought_with_leaves_out_the_base_and_what_is_excluded() -> None:
    stats = BasketStats.from_baskets(BASKETS)
    assert stats.often_bought_with([1, 2], 3) == [3]
    assert stats.often_bought_with([1], 3, exclude=[2]) == [3]


def test_popularity_ignores_the_seed() -> None:
    stats = BasketStats.from_baskets(BASKETS)
    assert stats.most_popular(2) == [1, 4]
    assert stats.most_popular(2, exclude=[4]) == [1, 2]


def test_the_blend_tops_up_with_popular_products() -> None:
    stats = BasketStats.from_baskets(BASKETS)
    assert stats.often_bought_with([5], 3) == [4]
    assert stats.often_bought_with_or_popular([5], 3) == [4, 1, 2]


def test_a_hit_is_any_suggestion_among_the_rest_of_the_order() -> None:
    assert hit([7, 2], {2, 3})
    assert not hit([7, 8], {2, 3})


def test_the_benchmark_scores_each_method_on_held_out_orders() -> None:
    held_out = [frozenset({1, 2}), frozenset({4, 5})]
    report = evaluate([*BASKETS, *held_out], holdout=0.2, ks=(1, 3))
    assert report["held_out_orders"] == 2
    assert report["cases"] == 4
    rates = report["hit_rates"]
    # Seeds 1, 2 -> co-purchase finds each other; 4 -> 5 shared one order; 5 -> 4.
    assert rates["often_bought_with"]["hit_rate@1"] == 1.0
    # Popularity at 1 suggests the tent (1), or the lamp (4) to a tent buyer: only seed 2 hits.
    assert rates["popularity"]["hit_rate@1"] == 0.25
