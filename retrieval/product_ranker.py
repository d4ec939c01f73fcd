"""Free-text product relevance from the hybrid index, for the product-search tool.

It has the shape of `tools.deps.ProductRanker` (retrieval does not import tools): give it the
candidate products a search already narrowed down, and it scores those the index finds relevant
to the question, in any language the embedder reads. Set it as the app's `product_ranker`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import select

from assistant.domain import Product
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
    """Scores products by their record passage's hybrid score."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge

    def rank(self, store_id: str, query: str, products: Sequence[HasProductId]) -> dict[int, float]:
        """Scores in [0, 1] for the candidates among the best product passages for `query`."""
        if not query.strip() or not products:
            return {}
        result = self.knowledge.search(
            store_id, query, SearchFilters(doc_types=("product",)), limit=MAX_LIMIT
        )
        scores: dict[str, float] = {}
        for hit in result.hits:
            handle = hit.meta.get("product_handle")
            if isinstance(handle, str):
                scores[handle] = max(scores.get(handle, 0.0), hit.score)
        wanted = {product.product_id for product in products}
        with self.knowledge.database.session() as session:
            rows = session.execute(
                select(Product.id, Product.handle).where(
                    Product.store_id == store_id, Product.handle.in_(sorted(scores))
                )
            )
            return {pid: scores[handle] for pid, handle in rows if pid in wanted}
