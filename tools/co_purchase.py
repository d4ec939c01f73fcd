""" "Often bought with" from past baskets, and the popularity it is measured against.

Pure functions over baskets (the set of product ids of one order), so the tool reading the
store's orders and the benchmark holding some orders out share one definition.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

Basket = frozenset[int]


@dataclass(frozen=True)
class BasketStats:
    """How often each product was bought, and how often each pair shared an order."""

    orders_with: Counter[int] = field(default_factory=Counter)
    pairs: dict[int, Counter[int]] = field(default_factory=dict)

    @classmethod
    def from_baskets(cls, baskets: Iterable[Collection[int]]) -> BasketStats:
        """Count products and pairs; a product twice in one order counts once."""
        orders_with: Counter[int] = Counter()
        pairs: dict[int, Counter[int]] = {}
        for basket in baskets:
            items = set(basket)
            orders_with.update(items)
            for item in items:
                together = pairs.setdefault(item, Counter())
                together.update(other for other in items if other != item)
        return cls(orders_with, pairs)

    def often_bought_with(
        self, base: Collection[int], limit: int, *, exclude: Collection[int] = ()
    ) -> list[int]:
        """Products sharing the most orders with any of `base`; ties go to the more often bought,
        then to the lower id, so the order is stable."""
        shared: Counter[int] = Counter()
        for item in base:
            shared.update(self.pairs.get(item, Counter()))
        skip = set(base) | set(exclude)
        ranked = sorted(
            (item for item in shared if item not in skip),
            key=lambda item: (-shared[item], -self.orders_with[item], item),
        )
        return ranked[:limit]

    def most_popular(self, limit: int, *, exclude: Collection[int] = ()) -> list[int]:
        """The products in the most orders, whatever the shopper has."""
        skip = set(exclude)
        ranked = sorted(
            (item for item in self.orders_with if item not in skip),
            key=lambda item: (-self.orders_with[item], item),
        )
        return ranked[:limit]

    def often_bought_with_or_popular(
        self, base: Collection[int], limit: int, *, exclude: Collection[int] = ()
    ) -> list[int]:
        """Co-purchase first, topped up with the most popular products when it runs short."""
        picks = self.often_bought_with(base, limit, exclude=exclude)
        if len(picks) < limit:
            skip = set(base) | set(exclude) | set(picks)
            picks += self.most_popular(limit - len(picks), exclude=skip)
        return picks


def hit(predicted: Sequence[int], held_out: Collection[int]) -> bool:
    """Whether any predicted product is among the products held out of the order."""
    return any(item in held_out for item in predicted)
