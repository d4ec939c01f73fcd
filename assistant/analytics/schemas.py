"""The analytics report as the API returns it (JSON), one model per section."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from assistant.domain.money import Money


class ResolutionFigures(BaseModel):
    """How the period's conversations ended."""

    conversations: int = Field(description="Conversations started in the period.")
    resolved: int = Field(description="Of those, resolved (by the bot or a person).")
    automated_resolutions: int = Field(
        description="Resolved without a handoff and not reopened within 7 days."
    )
    automated_resolution_rate: float | None = Field(description="Per conversation started.")
    handed_off: int = Field(description="Conversations with at least one handoff.")
    handoff_rate: float | None = Field(description="Per conversation started.")
    reopened: int = Field(description="Resolved, then the same shopper came back within 7 days.")
    reopen_rate: float | None = Field(description="Per resolved conversation.")


class ReasonCount(BaseModel):
    """Handoffs that gave one reason."""

    reason: str
    count: int


class FirstReplyFigures(BaseModel):
    """Time from a conversation's first handoff request to a person's first reply."""

    replied: int
    not_replied: int
    median_seconds: float | None
    p90_seconds: float | None


class CsatFigures(BaseModel):
    """Ratings of conversations one kind of resolver closed."""

    resolver: str = Field(description="'bot' or 'person'.")
    ratings: int
    average: float | None = Field(description="Mean rating, 1 to 5.")
    satisfied_share: float | None = Field(description="Share of ratings of 4 or 5.")


class DayCount(BaseModel):
    """One day of the period."""

    day: date
    conversations: int
    handed_off: int


class AssistedFigures(BaseModel):
    """Orders that followed conversations which showed a product card or changed the cart."""

    assisted_conversations: int
    converted_conversations: int
    conversion_rate: float | None = Field(description="Per assisted conversation.")
    orders: int
    revenue: Money


class RecoveryFigures(BaseModel):
    """Carts reminded of in the period and bought afterwards."""

    carts_reminded: int
    carts_recovered: int
    recovery_rate: float | None
    revenue: Money


class OpenerFigures(BaseModel):
    """Proactive openers of one rule and what the shopper did next."""

    rule: str
    shown: int
    replied: int
    carted: int
    ordered: int


class DiscountFigures(BaseModel):
    """What the assistant's own coupons cost, by where they came from."""

    origin: str = Field(description="'bargain' (an offer while bargaining) or 'recovery'.")
    coupons_issued: int
    orders: int
    discount: Money


class ProductCount(BaseModel):
    """A product and how many conversations showed it."""

    product_id: int
    title: str
    conversations: int


class AnalyticsReport(BaseModel):
    """Every figure of one store for one period."""

    store_id: str
    first_day: date = Field(serialization_alias="from")
    last_day: date = Field(serialization_alias="to")
    currency: str
    resolution: ResolutionFigures
    handoff_reasons: list[ReasonCount]
    first_human_reply: FirstReplyFigures
    csat: list[CsatFigures]
    assisted: AssistedFigures
    recovery: RecoveryFigures
    openers: list[OpenerFigures]
    discounts: list[DiscountFigures]
    top_products: list[ProductCount]
    per_day: list[DayCount]


class GapExample(BaseModel):
    """One question of a group."""

    question: str
    kind: str
    conversation_id: str


class GapGroup(BaseModel):
    """Questions that mean about the same thing, the most asked groups first."""

    label: str = Field(description="The most typical question of the group.")
    count: int
    kinds: dict[str, int]
    examples: list[GapExample]


class KnowledgeGaps(BaseModel):
    """What shoppers asked that the assistant could not answer well, grouped by meaning."""

    store_id: str
    first_day: date = Field(serialization_alias="from")
    last_day: date = Field(serialization_alias="to")
    questions: int
    groups: list[GapGroup]
