"""What the console reads and returns; the API serves these models as they are."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.domain.handoff_reasons import HandoffReason
from assistant.domain.money import Money

Outcome = Literal["resolved", "no_response", "spam"]


class AgentIdentity(BaseModel):
    """Who acts in the console: the agent key's prefix (stable id) and its name (shown)."""

    store_id: str
    agent_id: str
    name: str


class CustomerBrief(BaseModel):
    """The customer behind a conversation, when the merchant identified the shopper."""

    id: int
    name: str | None
    email: str | None


class QueueItem(BaseModel):
    """A conversation waiting for a person."""

    conversation_id: str
    state: str
    kind: Literal["live", "ticket"]
    priority: int
    waiting_since: datetime
    waited_s: int
    reason: str | None
    detail: str | None
    confidence: float | None
    summary: str | None
    language: str | None
    customer: CustomerBrief | None
    cart_value: Money | None
    cart_items: int
    last_message: str | None
    contact_email: str | None
    handoff_status: str | None


class Queue(BaseModel):
    """Waiting conversations, most urgent first: higher priority, then longest waiting."""

    items: list[QueueItem]


class ConversationSummary(BaseModel):
    """A conversation in a list."""

    conversation_id: str
    state: str
    assigned_agent: str | None
    language: str | None
    summary: str | None
    updated_at: datetime
    customer: CustomerBrief | None
    last_message: str | None


class ConversationList(BaseModel):
    """Conversations matching a filter, most recently active first."""

    items: list[ConversationSummary]


class HandoffReasonPublic(BaseModel):
    """A reason a conversation is handed to a person, as the console shows it."""

    reason: HandoffReason
    label: str = Field(description="How the console names the reason.")
    priority: int = Field(description="Queue priority: higher is served first.")

    @classmethod
    def of(cls, reason: HandoffReason) -> HandoffReasonPublic:
        """The reason with its label and priority."""
        return cls(reason=reason, label=reason.label, priority=reason.priority)


class HandoffPublic(BaseModel):
    """The latest handoff of a conversation."""

    reason: str
    detail: str | None
    confidence: float | None
    status: str
    requested_at: datetime
    contact_email: str | None


class ConsoleMessage(BaseModel):
    """A message as an agent sees it: internal notes included, tool traffic left out."""

    id: int
    role: Literal["user", "assistant", "agent", "note", "system"]
    content: str
    author: str | None
    created_at: datetime
    citations: list[dict[str, Any]] = Field(default_factory=list)


class TransitionPublic(BaseModel):
    """A recorded change of state: who and when."""

    from_state: str
    to_state: str
    actor: str
    actor_name: str | None = Field(default=None, description="The agent key's name.")
    note: str | None
    at: datetime


class ConversationDetail(BaseModel):
    """One conversation with its messages, handoff and history of states."""

    conversation_id: str
    state: str
    assigned_agent: str | None
    assigned_agent_name: str | None = Field(default=None, description="The agent key's name.")
    language: str | None
    summary: str | None
    priority: int
    outcome: str | None
    created_at: datetime
    handoff: HandoffPublic | None
    messages: list[ConsoleMessage]
    transitions: list[TransitionPublic]


class ConsentPublic(BaseModel):
    """A consent the customer gave or withdrew."""

    purpose: str
    granted: bool
    source: str | None
    at: datetime


class CustomerProfile(BaseModel):
    """The customer's profile as the merchant shared it."""

    id: int
    email: str | None
    first_name: str | None
    last_name: str | None
    tags: list[str]
    marketing_consent: bool
    consents: list[ConsentPublic]


class ContextCartLine(BaseModel):
    """A cart line, priced now."""

    sku: str
    name: str
    quantity: int
    unit_price: Money
    line_total: Money


class ContextCart(BaseModel):
    """The shopper's open cart."""

    lines: list[ContextCartLine]
    item_count: int
    subtotal: Money
    total: Money
    coupon_code: str | None


class OrderBrief(BaseModel):
    """A recent order."""

    number: str
    status: str
    total: Money
    created_at: datetime


class PastConversation(BaseModel):
    """An earlier conversation of the same shopper or customer."""

    conversation_id: str
    state: str
    outcome: str | None
    created_at: datetime
    summary: str | None


class ShopperContext(BaseModel):
    """What an agent sees beside the conversation."""

    session_id: str
    customer: CustomerProfile | None
    cart: ContextCart | None
    recent_orders: list[OrderBrief]
    past_conversations: list[PastConversation]


class ArchiveHit(BaseModel):
    """A conversation whose messages match the search."""

    conversation_id: str
    state: str
    outcome: str | None
    reason: str | None
    created_at: datetime
    resolved_at: datetime | None
    snippet: str | None


class ArchivePage(BaseModel):
    """One page of archive results and how many there are in all."""

    items: list[ArchiveHit]
    total: int
