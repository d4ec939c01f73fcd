"""The collaborators every tool call shares, built once per process, and the one way to scope
them to a caller: `ToolServices.for_shopper` gives the `ToolDeps` of one shopper session.

The agent, the API routes, the console, the evals and the tests all build their `ToolDeps`
here, so a ranker or payment provider set once reaches every tool call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from assistant.config import Settings
from assistant.db import Database
from assistant.domain.base import utcnow
from tools.deps import IndexedRanker, ProductRanker, RankableProduct, ToolDeps
from tools.payments import DemoPaymentProvider, PaymentProvider
from tools.ranking import LexicalRanker


class IndexFirstRanker:
    """Ranks by the index (semantic, any language) and lexically for a store whose products
    the index does not hold."""

    def __init__(self, indexed: IndexedRanker, fallback: ProductRanker | None = None) -> None:
        self.indexed = indexed
        self.fallback = fallback or LexicalRanker()

    def rank(
        self, store_id: str, query: str, products: Sequence[RankableProduct]
    ) -> dict[int, float]:
        """The index's scores, or the fallback's when the index has none of the store's."""
        scores = self.indexed.rank_indexed(store_id, query, products)
        return self.fallback.rank(store_id, query, products) if scores is None else scores


class LexicalFirstRanker:
    """Ranks lexically; only when no product shares a word with the query (another language,
    other words) does the index decide."""

    def __init__(self, indexed: IndexedRanker, lexical: ProductRanker | None = None) -> None:
        self.indexed = indexed
        self.lexical = lexical or LexicalRanker()

    def rank(
        self, store_id: str, query: str, products: Sequence[RankableProduct]
    ) -> dict[int, float]:
        """The lexical scores, or the index's when there are none."""
        scores = self.lexical.rank(store_id, query, products)
        if scores:
            return scores
        return self.indexed.rank_indexed(store_id, query, products) or {}


@dataclass(frozen=True)
class ToolServices:
    """The database, settings, product ranker, payment provider and clock of the process."""

    database: Database
    settings: Settings
    ranker: ProductRanker
    payments: PaymentProvider
    now: Callable[[], datetime] = utcnow

    @classmethod
    def build(
        cls,
        settings: Settings,
        database: Database,
        *,
        ranker: ProductRanker | None = None,
        payments: PaymentProvider | None = None,
        now: Callable[[], datetime] = utcnow,
    ) -> ToolServices:
        """The services with the defaults filled in: the lexical ranker and the merchant's
        checkout page (its URL template is checked here, at start-up)."""
        return cls(
            database=database,
            settings=settings,
            ranker=ranker or LexicalRanker(),
            payments=payments or DemoPaymentProvider(settings),
            now=now,
        )

    def with_ranker(self, ranker: ProductRanker) -> ToolServices:
        """The same services ranking products with `ranker`."""
        return replace(self, ranker=ranker)

    def for_shopper(
        self,
        store_id: str,
        session_id: str,
        *,
        customer_id: int | None = None,
        idempotency_scope: str = "",
        conversation_id: str | None = None,
    ) -> ToolDeps:
        """What the tools need to act for one shopper session of one store, and no one else."""
        return ToolDeps(
            database=self.database,
            settings=self.settings,
            store_id=store_id,
            session_id=session_id,
            ranker=self.ranker,
            payments=self.payments,
            customer_id=customer_id,
            now=self.now,
            idempotency_scope=idempotency_scope,
            conversation_id=conversation_id,
        )
