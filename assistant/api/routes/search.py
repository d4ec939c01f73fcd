"""Knowledge-base search for merchants and human agents: hits with citations and confidence."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.deps import AgentOfStore, DatabaseDep, KnowledgeDep
from assistant.domain.money import to_minor
from assistant.errors import InvalidInputError
from assistant.stores import get_store
from retrieval.hybrid import MAX_LIMIT, MAX_QUERY_CHARS
from retrieval.results import DocType, SearchFilters, SearchResult

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["knowledge base"])


def _minor(amount: Decimal | None, currency: str, parameter: str) -> int | None:
    """A price filter in minor units; 422 for digits the currency does not have."""
    if amount is None:
        return None
    try:
        return to_minor(amount, currency)
    except ValueError as exc:
        raise InvalidInputError(str(exc), details={"parameter": parameter}) from None


@router.get("/search", response_model=SearchResult)
def search(
    store_id: str,
    _key: AgentOfStore,
    knowledge: KnowledgeDep,
    database: DatabaseDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="Question.")],
    doc_type: Annotated[list[DocType] | None, Query(description="Repeatable.")] = None,
    category: Annotated[str | None, Query(max_length=100)] = None,
    price_min: Annotated[Decimal | None, Query(ge=0, le=10_000_000)] = None,
    price_max: Annotated[Decimal | None, Query(ge=0, le=10_000_000)] = None,
    in_stock: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 5,
) -> SearchResult:
    """Hybrid search in the store's documents. Prices are in the store's currency."""
    with database.session() as session:
        currency = get_store(session, store_id).currency
    filters = SearchFilters.of(
        doc_types=tuple(doc_type) if doc_type else None,
        category=category,
        price_min=_minor(price_min, currency, "price_min"),
        price_max=_minor(price_max, currency, "price_max"),
        in_stock=in_stock,
    )
    return knowledge.search(store_id, q, filters, limit)
