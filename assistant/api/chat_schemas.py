"""What the chat endpoints take and return: `ChatRequest`, `ChatReply` (text, citations,
product cards, cart summary, the checkout link, quick replies, handoff state) and the shopper's
transcript."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from assistant.agent.turn import HandoffInfo, HandoffState
from assistant.api.openapi import limit_of
from assistant.domain.money import Money
from retrieval.results import Citation

# A hard ceiling for the schema; the configured `max_message_chars` (default 2,000) applies
# first and answers 422 with the limit in the details.
MESSAGE_CEILING_CHARS = 20_000
Availability = Literal["in_stock", "low_stock", "out_of_stock"]
LOW_STOCK_BELOW = 5
HandoffStatus = Literal["waiting", "claimed", "unavailable", "ticket", "returned", "resolved"]


class ChatRequest(BaseModel):
    """One shopper message."""

    message: str = Field(
        min_length=1,
        max_length=MESSAGE_CEILING_CHARS,
        description="What the shopper wrote, in any language; at most the configured limit "
        "(2,000 characters by default).",
        json_schema_extra=limit_of("max_message_chars"),
        examples=["Do you have waterproof boots under $120 in size 42?"],
    )


class ProductCard(BaseModel):
    """A product the turn talked about, priced now, with a variant ready to add to the cart."""

    product_id: int
    handle: str
    title: str
    brand: str | None = None
    sku: str = Field(description="The variant the add-to-cart button adds.")
    options: dict[str, str] = Field(default_factory=dict)
    price: Money = Field(description="What one unit of `sku` costs now.")
    regular_price: Money | None = Field(
        default=None, description="The list price, when a promotion lowers `price`."
    )
    available: int = Field(description="Units of `sku` that can ship now.")
    availability: Availability


class CartSummary(BaseModel):
    """The cart after the turn: enough for a badge and a total."""

    item_count: int
    total: Money
    line_count: int


class CheckoutLink(BaseModel):
    """The order the turn created and where the shopper pays it (the widget shows a button)."""

    order_number: str
    total: Money
    url: str = Field(description="The order's checkout page (its link carries the order's secret).")


class ChatReply(BaseModel):
    """The assistant's answer to one message."""

    conversation_id: str
    reply: str = Field(description="Empty while a person holds the conversation.")
    language: Literal["en", "zh"]
    citations: list[Citation] = Field(default_factory=list)
    product_cards: list[ProductCard] = Field(default_factory=list)
    cart: CartSummary
    checkout: CheckoutLink | None = Field(
        default=None, description="Set when the turn checked out: the order awaiting payment."
    )
    quick_replies: list[str] = Field(default_factory=list)
    handoff: HandoffInfo
    confidence: float | None = None


class TranscriptMessage(BaseModel):
    """A message the shopper can see: their own, the assistant's answers, a person's replies."""

    id: int
    role: Literal["user", "assistant", "agent"]
    content: str
    author: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    created_at: datetime


class Transcript(BaseModel):
    """The shopper's conversation, oldest message first."""

    conversation_id: str | None = Field(description="None before the first message.")
    state: HandoffState = "bot"
    handoff_status: HandoffStatus | None = Field(
        default=None,
        description="While waiting for a person: 'waiting'; 'unavailable' when no one can come "
        "now (leave a message instead); 'ticket' once a message was left; 'claimed' when a "
        "person took it.",
    )
    messages: list[TranscriptMessage] = Field(default_factory=list)


class TicketRequest(BaseModel):
    """A message for the team and where to answer it, when no one can chat now."""

    message: str = Field(min_length=1, max_length=2_000)
    email: str = Field(
        min_length=3,
        max_length=320,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        examples=["ana@example.com"],
    )


class TicketCreated(BaseModel):
    """The message was left; the team answers by email."""

    status: Literal["ticket"] = "ticket"
    conversation_id: str


class StreamError(BaseModel):
    """The data of the `error` event that ends a failed stream."""

    code: str
    message: str
    details: dict[str, object] | None = None
