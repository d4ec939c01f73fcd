"""What one search may see: the store's active document versions and its filters.

Document type and category are cheap to check everywhere (BM25 masks and rows, Chroma's
`where`). Price and stock are live facts: they are checked against variant rows for the
candidates only, so their cost does not grow with the catalog.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import Category, Product, Variant
from retrieval.bm25_index import LexicalIndex
from retrieval.chroma_store import Where
from retrieval.documents import active_versions
from retrieval.results import SearchFilters


@dataclass(frozen=True)
class Scope:
    """What a search may return: active versions, and the cheap filters as concrete sets."""

    active: Mapping[str, int]
    doc_types: frozenset[str] | None
    categories: frozenset[str] | None

    def allows(self, passage_id: str, index: LexicalIndex) -> int | None:
        """The passage's row in the BM25 index when it passes the scope, else None.

        The id names document and version; the index, which covers every active version,
        knows the passage's type and category.
        """
        document, _sep, rest = passage_id.partition("-")
        version = rest.partition("-")[0]
        if not version.isdigit() or self.active.get(document) != int(version):
            return None
        row = index.row_of(passage_id)
        if row is None:
            return None
        if self.doc_types is not None and index.doc_type_at(row) not in self.doc_types:
            return None
        if self.categories is not None and index.category_at(row) not in self.categories:
            return None
        return row

    def where(self) -> Where | None:
        """The same filters as a Chroma `where` (versions are still checked afterwards)."""
        clauses: list[Where] = []
        if self.doc_types is not None:
            clauses.append({"doc_type": {"$in": sorted(self.doc_types)}})
        if self.categories is not None:
            clauses.append({"category": {"$in": sorted(self.categories)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    @property
    def empty(self) -> bool:
        """Nothing can match."""
        return (
            not self.active
            or (self.doc_types is not None and not self.doc_types)
            or (self.categories is not None and not self.categories)
        )


def category_subtree(session: Session, store_id: str, slug: str) -> frozenset[str]:
    """The category's slug and all its descendants' (empty when the store has no such slug)."""
    rows = session.execute(
        select(Category.id, Category.slug, Category.parent_id).where(Category.store_id == store_id)
    ).all()
    children: dict[int | None, list[tuple[int, str]]] = {}
    start = None
    for category_id, category_slug, parent_id in rows:
        children.setdefault(parent_id, []).append((category_id, category_slug))
        if category_slug == slug:
            start = category_id
    if start is None:
        return frozenset()
    found = {slug}
    stack = [start]
    while stack:
        for child_id, child_slug in children.get(stack.pop(), []):
            if child_slug not in found:
                found.add(child_slug)
                stack.append(child_id)
    return frozenset(found)


def handles_passing(
    session: Session, store_id: str, filters: SearchFilters, handles: Iterable[str]
) -> set[str]:
    """Those of `handles` with an active product having a variant in the price range (and in
    stock, if asked), read from the live variant rows."""
    wanted = sorted(set(handles))
    if not wanted:
        return set()
    query = (
        select(Product.handle)
        .join(Variant, Variant.product_id == Product.id)
        .where(Product.store_id == store_id, Product.status == "active", Product.handle.in_(wanted))
        .distinct()
    )
    if filters.price_min is not None:
        query = query.where(Variant.price_minor >= filters.price_min)
    if filters.price_max is not None:
        query = query.where(Variant.price_minor <= filters.price_max)
    if filters.in_stock:
        query = query.where(Variant.stock_on_hand - Variant.stock_reserved > 0)
    return set(session.scalars(query))


def resolve_scope(session: Session, store_id: str, filters: SearchFilters) -> Scope:
    """Active versions and the concrete sets the cheap filters mean."""
    active = active_versions(session, store_id)
    doc_types: frozenset[str] | None = (
        frozenset(filters.doc_types) if filters.doc_types is not None else None
    )
    if filters.needs_products:
        doc_types = frozenset({"product"}) & (doc_types or frozenset({"product"}))
    categories = category_subtree(session, store_id, filters.category) if filters.category else None
    return Scope(active, doc_types, categories)
