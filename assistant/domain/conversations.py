"""Conversations, their messages, state transitions, handoffs and feedback."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from assistant.domain.base import Base, StoreScoped, Timestamped, new_public_id, utcnow

CONVERSATION_STATES = ("bot", "waiting", "human", "resolved")


class Conversation(StoreScoped, Timestamped, Base):
    """A chat between a shopper session and the assistant (or a human agent)."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_public_id)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("shopper_sessions.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), default=None
    )
    state: Mapped[str] = mapped_column(String(16), default="bot")
    language: Mapped[str | None] = mapped_column(String(16), default=None)
    assigned_agent: Mapped[str | None] = mapped_column(String(200), default=None)
    priority: Mapped[int] = mapped_column(default=0)
    summary: Mapped[str | None] = mapped_column(Text, default=None)
    outcome: Mapped[str | None] = mapped_column(String(32), default=None)
    context: Mapped[dict[str, Any]] = mapped_column(default=dict)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    # Kept for analytics as they happen, so a month's figures need no per-row subqueries: the
    # first handoff request, a person's first reply, the first product card or cart change.
    handed_off_at: Mapped[datetime | None] = mapped_column(default=None)
    first_agent_reply_at: Mapped[datetime | None] = mapped_column(default=None)
    assisted_at: Mapped[datetime | None] = mapped_column(default=None)
    # Set on a resolved conversation when the same shopper starts another within 7 days.
    reopened_at: Mapped[datetime | None] = mapped_column(default=None)


class Message(StoreScoped, Base):
    """One message; assistant messages record model, prompt version, timings and tokens."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))  # user|assistant|tool|system|agent|note
    content: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str | None] = mapped_column(String(200), default=None)
    tool_calls: Mapped[list[Any]] = mapped_column(default=list)
    tool_call_id: Mapped[str | None] = mapped_column(String(100), default=None)
    citations: Mapped[list[Any]] = mapped_column(default=list)
    model: Mapped[str | None] = mapped_column(String(200), default=None)
    prompt_version: Mapped[str | None] = mapped_column(String(64), default=None)
    latency_ms: Mapped[int | None] = mapped_column(Integer, default=None)
    timings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    tokens_in: Mapped[int | None] = mapped_column(default=None)
    tokens_out: Mapped[int | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ConversationTransition(StoreScoped, Base):
    """A change of conversation state, with who made it and when."""

    __tablename__ = "conversation_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text, default=None)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Handoff(StoreScoped, Base):
    """A request for a human: why, how sure the bot was, and what became of it."""

    __tablename__ = "handoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text, default=None)
    confidence: Mapped[float | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    contact_email: Mapped[str | None] = mapped_column(String(320), default=None)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the shopper was told no one could take the conversation (wait exceeded or closed).
    unavailable_at: Mapped[datetime | None] = mapped_column(default=None)
    # When the shopper left a message and an email address instead of waiting.
    ticket_at: Mapped[datetime | None] = mapped_column(default=None)
    claimed_by: Mapped[str | None] = mapped_column(String(200), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)


class Feedback(StoreScoped, Base):
    """A shopper's rating of a conversation or one reply (CSAT).

    A conversation has at most one rating of its own (`message_id` null); rating again updates it.
    """

    __tablename__ = "feedback"
    __table_args__ = (
        Index(
            "uq_feedback_conversation_rating",
            "conversation_id",
            unique=True,
            sqlite_where=text("message_id IS NULL"),
            postgresql_where=text("message_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL"), default=None
    )
    rating: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A conversation's rating (no message): who resolved it, "assistant" or the agent's id, and
    # whether that was the bot or a person, kept as they were when the shopper rated.
    resolved_by: Mapped[str | None] = mapped_column(String(200), default=None)
    resolver: Mapped[str | None] = mapped_column(String(16), default=None)  # "bot" | "person"
    updated_at: Mapped[datetime | None] = mapped_column(default=None)
