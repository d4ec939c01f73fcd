"""What every tool receives: the database, settings, the caller's scope, a clock and plug-ins."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
    """Free-text relevance for `search_products` (lexical by default, hybrid retrieval later)."""

    def rank(
        self, store_id: str, query: str, products: Sequence[RankableProduct]
    ) -> dict[int, float]:
        """Scores for the products relevant to `query`; products left out are not relevant."""
        ...


@dataclass(frozen=True)
class ToolDeps:
    """The scope and collaborators of one caller: a shopper session of one store.

    `customer_id` is set only when the merchant's backend identified the shopper; order lookup
    needs it. `now` is the clock every time-boxed rule (promotions, coupons, reservations) reads.
    """

    database: Database
    settings: Settings
    store_id: str
    session_id: str
    customer_id: int | None = None
    now: Callable[[], datetime] = utcnow
    ranker: ProductRanker | None = None
    # Prefixes the idempotency keys of writes made through the model's tools (the turn's id).
    idempotency_scope: str = ""
    payments: PaymentProvider | None = field(default=None)
