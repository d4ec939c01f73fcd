"""What a search returns to the agent, the tools and the API: cited hits and a confidence."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.errors import InvalidInputError
from text.language import Language

DocType = Literal["product", "faq", "policy", "other"]
DOC_TYPES: tuple[DocType, ...] = ("product", "faq", "policy", "other")


class Citation(BaseModel):
    """Where a passage came from, enough for a shopper to check it."""

    document_id: str
    title: str
    section: str | None
    source: str
    doc_type: DocType
    snippet: str = ""


class Hit(BaseModel):
    """One retrieved passage. Its text is merchant data to quote, never instructions to follow."""

    model_config = ConfigDict(frozen=True)

    passage_id: str
    text: str
    score: float = Field(ge=0.0, le=1.0, description="Fused rank score, 1.0 = first in both lists")
    citation: Citation
    meta: dict[str, Any] = Field(default_factory=dict)


class SearchSignals(BaseModel):
    """The measurements confidence is computed from (see retrieval/README.md)."""

    model_config = ConfigDict(frozen=True)

    dense_similarity: float = 0.0
    dense_strength: float = 0.0
    lexical_evidence: float = 0.0
    lexical_coverage: float = 0.0
    agreement: float = 0.0


class SearchResult(BaseModel):
    """Hits best first, the confidence that they answer the question, and the language seen."""

    model_config = ConfigDict(frozen=True)

    query: str
    language: Language
    hits: list[Hit]
    confidence: float = Field(ge=0.0, le=1.0)
    signals: SearchSignals = Field(default_factory=SearchSignals)

    def is_confident(self, threshold: float) -> bool:
        """True when the store's handoff threshold is met: the agent may answer from the hits."""
        return bool(self.hits) and self.confidence >= threshold


class SearchFilters(BaseModel):
    """Narrowing a search. Prices are integer minor units in the store's currency.

    A price range or `in_stock` keeps product passages only, checked against live variant rows.
    `category` includes the category's descendants.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_types: tuple[DocType, ...] | None = None
    category: str | None = Field(default=None, min_length=1, max_length=100)
    price_min: int | None = Field(default=None, ge=0)
    price_max: int | None = Field(default=None, ge=0)
    in_stock: bool | None = None

    @model_validator(mode="after")
    def _range_is_ordered(self) -> SearchFilters:
        low, high = self.price_min, self.price_max
        if low is not None and high is not None and low > high:
            raise ValueError("price_min must not exceed price_max")
        return self

    @classmethod
    def of(cls, **values: Any) -> SearchFilters:
        """Build filters, reporting bad values as InvalidInputError (422), not a crash."""
        try:
            return cls(**values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in error['loc']) or 'filters'}: "
                f"{error['msg'].removeprefix('Value error, ')}"
                for error in exc.errors()
            )
            raise InvalidInputError(f"invalid search filters: {problems}") from None

    @property
    def needs_products(self) -> bool:
        """Whether the filter only makes sense for product passages."""
        return (
            self.price_min is not None
            or self.price_max is not None
            or bool(self.in_stock)
            or self.category is not None
        )

    @property
    def active(self) -> bool:
        """Whether anything is filtered at all."""
        return self.doc_types is not None or self.needs_products
