"""What a scenario can expect: one small model per assertion kind.

In YAML every expectation is a one-key mapping, the key naming its kind:

    - reply_contains: "30 days"
    - tool_called: {name: add_to_cart, args: {sku: SOCK-MHC-CHR-M, quantity: 2}}
    - cart: {lines: 1, total: "45.90"}

Under a turn's `expect` they check that turn; under a scenario's `end` they check the whole
conversation (evals/README.md describes each kind in both places).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

Text = Annotated[str, Field(min_length=1, max_length=2_000)]
ToolName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Sku = Annotated[str, Field(min_length=1, max_length=100)]
Count = Annotated[int, Field(ge=0, le=10_000)]
Quantity = Annotated[int, Field(ge=1, le=1_000)]
OrderStatus = Literal["pending_payment", "paid", "shipped", "delivered", "cancelled", "refunded"]


def _decimal_amount(value: object) -> object:
    # YAML reads 45.90 as a float; take its shortest text so no cent is lost.
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


Amount = Annotated[Decimal, Field(ge=0), BeforeValidator(_decimal_amount)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expectation(_Spec):
    """Base of every assertion kind; `key` is the YAML key that selects it."""

    key: ClassVar[str]

    @property
    def value(self) -> Any:
        """The expectation's payload as written, for reports."""
        return getattr(self, self.key)


class ToolCallSpec(_Spec):
    """A tool by name, optionally with a subset of the arguments it must have received."""

    name: ToolName
    args: dict[str, Any] = Field(
        default_factory=dict,
        description="Arguments that must match (a subset; strings compare case-insensitively).",
    )


class ToolCalled(Expectation):
    """The tool was called (with at least these arguments)."""

    key = "tool_called"
    tool_called: ToolName | ToolCallSpec

    @property
    def spec(self) -> ToolCallSpec:
        """The expectation as a ToolCallSpec, whichever form was written."""
        if isinstance(self.tool_called, str):
            return ToolCallSpec(name=self.tool_called)
        return self.tool_called


class ToolNotCalled(Expectation):
    """The tool was not called (or not with these arguments)."""

    key = "tool_not_called"
    tool_not_called: ToolName | ToolCallSpec

    @property
    def spec(self) -> ToolCallSpec:
        """The expectation as a ToolCallSpec, whichever form was written."""
        if isinstance(self.tool_not_called, str):
            return ToolCallSpec(name=self.tool_not_called)
        return self.tool_not_called


class ReplyContains(Expectation):
    """The reply contains every one of these texts (case- and whitespace-normalised)."""

    key = "reply_contains"
    reply_contains: Text | Annotated[list[Text], Field(min_length=1)]


class ReplyContainsAny(Expectation):
    """The reply contains at least one of these texts."""

    key = "reply_contains_any"
    reply_contains_any: Annotated[list[Text], Field(min_length=1)]


class ReplyNotContains(Expectation):
    """The reply contains none of these texts."""

    key = "reply_not_contains"
    reply_not_contains: Text | Annotated[list[Text], Field(min_length=1)]


class ReplyMatches(Expectation):
    """The normalised reply matches this regular expression (searched, case-insensitive)."""

    key = "reply_matches"
    reply_matches: Text

    @field_validator("reply_matches")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        return pattern


class ReplyLanguage(Expectation):
    """The reply is in this language."""

    key = "reply_language"
    reply_language: Literal["en", "zh"]


class CitationSpec(_Spec):
    """Which citation is expected; every field given must match one citation."""

    source: Text | None = Field(default=None, description="e.g. policies/returns.md, faq.json")
    section: Text | None = Field(default=None, description="The passage's heading or question.")
    doc_type: Literal["product", "faq", "policy", "other"] | None = None
    document_id: Text | None = None

    @model_validator(mode="after")
    def _says_something(self) -> CitationSpec:
        if not any((self.source, self.section, self.doc_type, self.document_id)):
            raise ValueError("give at least one of source, section, doc_type, document_id")
        return self


class Cites(Expectation):
    """A citation matches (a bare string is a document source)."""

    key = "cites"
    cites: Text | CitationSpec

    @property
    def spec(self) -> CitationSpec:
        """The expectation as a CitationSpec, whichever form was written."""
        if isinstance(self.cites, str):
            return CitationSpec(source=self.cites)
        return self.cites


class HandoffSpec(_Spec):
    """A handoff is expected, for this reason."""

    reason: Text


class Handoff(Expectation):
    """After the turn the conversation is (true) or is not (false) waiting for a person."""

    key = "handoff"
    handoff: bool | HandoffSpec

    @property
    def expected(self) -> bool:
        """Whether a handoff is expected at all."""
        return self.handoff is not False


class NoUngroundedFigures(Expectation):
    """Every price, total, stock figure and status in the reply came from a tool or passage."""

    key = "no_ungrounded_figures"
    no_ungrounded_figures: Literal[True]


class LatencyAtMost(Expectation):
    """The turn took at most this many milliseconds."""

    key = "latency_ms_at_most"
    latency_ms_at_most: Annotated[int, Field(ge=1, le=600_000)]


class ItemSpec(_Spec):
    """A SKU and a quantity."""

    sku: Sku
    quantity: Quantity


class CartSpec(_Spec):
    """The shopper's cart right now; every field given must hold."""

    lines: Count | None = Field(default=None, description="Number of cart lines.")
    items: list[ItemSpec] | None = Field(
        default=None, description="Lines that must be in the cart with these quantities."
    )
    exact: bool = Field(default=False, description="With items: the cart holds nothing else.")
    total: Amount | None = Field(default=None, description="Cart total, e.g. '45.90'.")
    coupon: Text | None = Field(default=None, description="Coupon code applied to the cart.")

    @model_validator(mode="after")
    def _says_something(self) -> CartSpec:
        if self.lines is None and self.items is None and self.total is None and not self.coupon:
            raise ValueError("give at least one of lines, items, total, coupon")
        return self


class CartState(Expectation):
    """The cart's lines, quantities, total or coupon."""

    key = "cart"
    cart: CartSpec


class OrderSpec(_Spec):
    """An order created during the conversation."""

    lines: list[ItemSpec] | None = Field(default=None, description="Exactly these lines.")
    status: OrderStatus | None = None
    total: Amount | None = Field(default=None, description="Order total, e.g. '249.00'.")


class OrderCreated(Expectation):
    """An order was (true, or with details) or was not (false) created in this conversation."""

    key = "order_created"
    order_created: bool | OrderSpec


class StockSpec(_Spec):
    """A variant's stock right now; every field given must hold."""

    sku: Sku
    on_hand: Count | None = None
    reserved: Count | None = None
    available: Count | None = None
    available_change: int | None = Field(
        default=None, description="Change in available units since the scenario started."
    )
    reserved_change: int | None = Field(
        default=None, description="Change in reserved units since the scenario started."
    )

    @model_validator(mode="after")
    def _says_something(self) -> StockSpec:
        fields = (
            self.on_hand,
            self.reserved,
            self.available,
            self.available_change,
            self.reserved_change,
        )
        if all(value is None for value in fields):
            raise ValueError(
                "give at least one of on_hand, reserved, available, available_change, "
                "reserved_change"
            )
        return self


class StockState(Expectation):
    """A variant's stock figures."""

    key = "stock"
    stock: StockSpec


class CouponsSpec(_Spec):
    """The coupons the assistant issued itself in this scenario (bargaining offers, recovery
    reminders); every field given must hold for them."""

    origin: Literal["bargain", "recovery"] | None = Field(
        default=None, description="Only coupons of this origin; all the assistant's by default."
    )
    count: Count | None = Field(default=None, description="Exactly this many were issued.")
    max_percent: Annotated[int, Field(ge=0, le=100)] | None = Field(
        default=None, description="None of them takes off more than this percentage."
    )
    bound_to_cart: bool | None = Field(
        default=None,
        description="true: every one is bound to the shopper's own cart and single-use.",
    )

    @model_validator(mode="after")
    def _says_something(self) -> CouponsSpec:
        if self.count is None and self.max_percent is None and self.bound_to_cart is None:
            raise ValueError("give at least one of count, max_percent, bound_to_cart")
        return self


class CouponsIssued(Expectation):
    """The coupons the assistant issued: how many, how large, bound to the shopper's cart."""

    key = "coupons"
    coupons: CouponsSpec


class Rubric(Expectation):
    """An LLM judge grades the conversation so far against this rubric (skipped without one)."""

    key = "rubric"
    rubric: Text


EXPECTATION_KINDS: dict[str, type[Expectation]] = {
    kind.key: kind
    for kind in (
        ToolCalled,
        ToolNotCalled,
        ReplyContains,
        ReplyContainsAny,
        ReplyNotContains,
        ReplyMatches,
        ReplyLanguage,
        Cites,
        Handoff,
        NoUngroundedFigures,
        LatencyAtMost,
        CartState,
        OrderCreated,
        StockState,
        CouponsIssued,
        Rubric,
    )
}


def expectation_key(value: Any) -> str | None:
    """The kind of an expectation: its single YAML key, or None when there is not exactly one."""
    if isinstance(value, Expectation):
        return value.key
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return key if key in EXPECTATION_KINDS else None
    return None


AnyExpectation = Annotated[
    Annotated[ToolCalled, Tag("tool_called")]
    | Annotated[ToolNotCalled, Tag("tool_not_called")]
    | Annotated[ReplyContains, Tag("reply_contains")]
    | Annotated[ReplyContainsAny, Tag("reply_contains_any")]
    | Annotated[ReplyNotContains, Tag("reply_not_contains")]
    | Annotated[ReplyMatches, Tag("reply_matches")]
    | Annotated[ReplyLanguage, Tag("reply_language")]
    | Annotated[Cites, Tag("cites")]
    | Annotated[Handoff, Tag("handoff")]
    | Annotated[NoUngroundedFigures, Tag("no_ungrounded_figures")]
    | Annotated[LatencyAtMost, Tag("latency_ms_at_most")]
    | Annotated[CartState, Tag("cart")]
    | Annotated[OrderCreated, Tag("order_created")]
    | Annotated[StockState, Tag("stock")]
    | Annotated[CouponsIssued, Tag("coupons")]
    | Annotated[Rubric, Tag("rubric")],
    Discriminator(
        expectation_key,
        custom_error_type="unknown_expectation",
        custom_error_message="an expectation is a mapping with exactly one known key",
    ),
]
