"""Free-text product relevance from the hybrid index, for the product-search tool.

It has the shape of `tools.deps.IndexedRanker` (retrieval does not import tools): give it the
candidate products a search already narrowed down, and it scores those the index finds relevant
to the question, in any language the embedder reads. A store whose catalog was never indexed
(tables loaded directly, no catalog document) gets `None` from `rank_indexed`, so the caller can
rank lexically instead of finding nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from sqlalchemy import select

from assistant.db import Database
from assistant.domain import Passage, Product
from retrieval.hybrid import MAX_LIMIT
from retrieval.knowledge import KnowledgeBase
from retrieval.results import SearchFilters


class HasProductId(Protocol):
    """Anything naming a product by its database id."""

    @property
    def product_id(self) -> int:
        """The product's id."""
        ...


class KnowledgeProductRanker:
    """Scores products by their record passage's hybrid score.

    `knowledge` may be a function returning the knowledge base (then pass the `database`), so
    a process can build the ranker at start-up and load the embedding models only on the first
    search of a store whose products are indexed. Below `min_confidence` (the search's
    calibrated confidence) nothing is relevant.
    """

    def __init__(
        self,
        knowledge: KnowledgeBase | Callable[[], KnowledgeBase],
        *,
        database: Database | None = None,
        min_confidence: float = 0.0,
    ) -> None:
        self._knowledge = knowledge
        self.min_confidence = min_confidence
        if database is None:
            if not isinstance(knowledge, KnowledgeBase):
                raise TypeError("pass the database with a knowledge-base function")
            database = knowledge.database
        self.database = database

    @property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge base searched."""
        source = self._knowledge
        return source if isinstance(source, KnowledgeBase) else source()

    def rank(self, store_id: str, query: str, products: Sequence[HasProductId]) -> dict[int, float]:
        """Scores in [0, 1] for the candidates among the best product passages for `query`."""
        return self.rank_indexed(store_id, query, products) or {}

    def rank_indexed(
        self, store_id: str, query: str, products: Sequence[HasProductId]
    ) -> dict[int, float] | None:
        """Like `rank`, but `None` when the store has no product passages to rank by."""
        if not query.strip() or not products:
            return {}
        if not self.indexes_products(store_id):
            return None
        knowledge = self.knowledge
        result = knowledge.search(
            store_id, query, SearchFilters(doc_types=("product",)), limit=MAX_LIMIT
        )
        scores: dict[str, float] = {}
        for hit in result.hits:
            handle = hit.meta.get("product_handle")
            if isinstance(handle, str):
                scores[handle] = max(scores.get(handle, 0.0), hit.score)
        if not scores:
            return None
        if result.confidence < self.min_confidence:
            return {}
        wanted = {product.product_id for product in products}
        with self.database.session() as session:
            rows = session.execute(
                select(Product.id, Product.handle).where(
                    Product.store_id == store_id, Product.handle.in_(sorted(scores))
                )
            )
            return {pid: scores[handle] for pid, handle in rows if pid in wanted}

    def indexes_products(self, store_id: str) -> bool:
        """Whether the store has product passages (a catalog document was ingested)."""
        with self.database.session() as session:
            found = session.scalar(
                select(Passage.id)
                .where(Passage.store_id == store_id, Passage.doc_type == "product")
                .limit(1)
            )
        return found is not None
