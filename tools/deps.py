"""What every tool receives: the database, settings, the caller's scope, a clock and plug-ins."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from assistant.config import Settings
from assistant.db import Database
from assistant.domain.base import utcnow

if TYPE_CHECKING:
    from tools.payments import PaymentProvider


@dataclass(frozen=True)
class RankableProduct:
    """The text of one product a free-text ranker may score."""

    product_id: int
    title: str
    brand: str | None
    category: str | None
    tags: Sequence[str]
    attributes: dict[str, object]
    options: Sequence[str]
    description: str


class ProductRanker(Protocol):
    """Free-text relevance for `search_products`: `tools.ranking.LexicalRanker` or
    `retrieval.product_ranker.KnowledgeProductRanker` (Settings.product_ranker chooses)."""

    def rank(
        self, store_id: str, query: str, products: Sequence[RankableProduct]
    ) -> dict[int, float]:
        """Scores for the products relevant to `query`; products left out are not relevant."""
        ...


class IndexedRanker(Protocol):
    """A ranker over an index that may not hold the store's products (the semantic one)."""

    def rank_indexed(
        self, store_id: str, query: str, products: Sequence[RankableProduct]
    ) -> dict[int, float] | None:
        """Scores like `ProductRanker.rank`, or `None` when the index has no products of the
        store to rank by."""
        ...


@dataclass(frozen=True)
class ToolDeps:
    """The scope and collaborators of one caller: a shopper session of one store.

    Built by `tools.services.ToolServices.for_shopper`. `customer_id` is set only when the
    merchant's backend identified the shopper; order lookup needs it. `now` is the clock every
    time-boxed rule (promotions, coupons, reservations) reads.
    """

    database: Database
    settings: Settings
    store_id: str
    session_id: str
    ranker: ProductRanker
    payments: PaymentProvider
    customer_id: int | None = None
    now: Callable[[], datetime] = utcnow
    # Prefixes the idempotency keys of writes made through the model's tools (the turn's id).
    idempotency_scope: str = ""
    # The conversation the caller is in, when there is one (bargaining's once-per-conversation).
    conversation_id: str | None = None
