"""Conversations: finding the live one, appending messages, and moving between states.

States: `bot` -> `waiting` (a handoff was requested) -> `human` (an agent claimed it) -> `bot`
(handed back) or `resolved`. A resolved conversation is closed: the shopper's next message
starts a new conversation with no old context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from assistant.domain import (
    Conversation,
    ConversationTransition,
    Handoff,
    Message,
    ShopperSession,
)
from assistant.domain.base import utcnow
from assistant.domain.handoff_reasons import HandoffReason, reason_priority
from assistant.errors import ConflictError, NotFoundError
from assistant.live import LiveEvent, announce
from assistant.webhooks import enqueue_queued_webhook

State = Literal["bot", "waiting", "human", "resolved"]
Role = Literal["user", "assistant", "tool", "system", "agent", "note"]

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    "bot": frozenset({"waiting", "resolved"}),
    "waiting": frozenset({"human", "bot", "resolved"}),
    "human": frozenset({"bot", "resolved"}),
    "resolved": frozenset(),
}


def current_conversation(session: Session, store_id: str, shopper_session_id: str) -> Conversation:
    """The shopper's open conversation in this store, started if there is none."""
    conversation = session.scalar(
        select(Conversation)
        .where(
            Conversation.store_id == store_id,
            Conversation.session_id == shopper_session_id,
            Conversation.state != "resolved",
        )
        .order_by(Conversation.created_at.desc())
        .limit(1)
    )
    if conversation is None:
        conversation = Conversation(store_id=store_id, session_id=shopper_session_id, state="bot")
        session.add(conversation)
        session.flush()
        mark_reopened(session, conversation)
    return conversation


REOPEN_WINDOW = timedelta(days=7)


def mark_reopened(session: Session, started: Conversation) -> None:
    """The same shopper (session, or the session's customer) starting a conversation within 7
    days of a resolution reopens what was resolved (an analytics figure)."""
    shopper = session.get(ShopperSession, started.session_id)
    same_shopper = Conversation.session_id == started.session_id
    if shopper is not None and shopper.customer_id is not None:
        same_shopper = or_(same_shopper, Conversation.customer_id == shopper.customer_id)
    session.execute(
        update(Conversation)
        .where(
            Conversation.store_id == started.store_id,
            same_shopper,
            Conversation.id != started.id,
            Conversation.resolved_at >= started.created_at - REOPEN_WINDOW,
            Conversation.resolved_at <= started.created_at,
            Conversation.reopened_at.is_(None),
        )
        .values(reopened_at=started.created_at)
        .execution_options(synchronize_session=False)
    )


def get_conversation(session: Session, store_id: str, conversation_id: str) -> Conversation:
    """A conversation of this store, or NotFoundError."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.store_id != store_id:
        raise NotFoundError("no such conversation")
    return conversation


@dataclass(frozen=True)
class NewMessage:
    """What to record for one message; assistant messages fill the model fields."""

    role: Role
    content: str
    author: str | None = None
    tool_calls: Sequence[dict[str, Any]] = ()
    tool_call_id: str | None = None
    citations: Sequence[dict[str, Any]] = ()
    model: str | None = None
    prompt_version: str | None = None
    latency_ms: int | None = None
    timings: dict[str, Any] | None = None
    tokens_in: int | None = None
    tokens_out: int | None = None


def append_messages(
    session: Session, conversation: Conversation, messages: Sequence[NewMessage]
) -> list[Message]:
    """Persist messages in order and touch the conversation."""
    rows = [
        Message(
            store_id=conversation.store_id,
            conversation_id=conversation.id,
            role=item.role,
            content=item.content,
            author=item.author,
            tool_calls=list(item.tool_calls),
            tool_call_id=item.tool_call_id,
            citations=list(item.citations),
            model=item.model,
            prompt_version=item.prompt_version,
            latency_ms=item.latency_ms,
            timings=dict(item.timings or {}),
            tokens_in=item.tokens_in,
            tokens_out=item.tokens_out,
        )
        for item in messages
    ]
    session.add_all(rows)
    conversation.updated_at = utcnow()
    session.flush()
    for row in rows:
        announce(
            session,
            LiveEvent(
                "message.created",
                conversation.store_id,
                conversation.id,
                {"message_id": row.id, "role": row.role},
            ),
        )
    return rows


def transcript(session: Session, conversation: Conversation) -> list[Message]:
    """Every message of the conversation, oldest first."""
    return list(
        session.scalars(
            select(Message)
            .where(Message.conversation_id == conversation.id)
            .order_by(Message.created_at, Message.id)
        )
    )


def transition(
    session: Session,
    conversation: Conversation,
    to_state: State,
    *,
    actor: str,
    note: str | None = None,
    expected: State | None = None,
) -> Conversation:
    """Move the conversation to `to_state`, atomically.

    The update only applies while the row is still in the state it was read in (or `expected`),
    so two agents claiming at once cannot both win: the loser gets ConflictError (409).
    """
    from_state = expected or conversation.state
    if to_state not in ALLOWED_TRANSITIONS[from_state]:
        raise ConflictError(
            f"a conversation cannot go from {from_state!r} to {to_state!r}",
            details={"from": from_state, "to": to_state},
        )
    values: dict[str, Any] = {"state": to_state, "updated_at": utcnow()}
    if to_state == "human":
        values["assigned_agent"] = actor
    if to_state in ("bot", "resolved"):
        values["assigned_agent"] = None
    if to_state == "resolved":
        values["resolved_at"] = utcnow()
    result = session.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id, Conversation.state == from_state)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise ConflictError("the conversation changed state meanwhile; reload it")
    session.add(
        ConversationTransition(
            store_id=conversation.store_id,
            conversation_id=conversation.id,
            from_state=from_state,
            to_state=to_state,
            actor=actor,
            note=note,
        )
    )
    session.flush()
    session.refresh(conversation)
    announce(
        session,
        LiveEvent(
            "conversation.state",
            conversation.store_id,
            conversation.id,
            {"from": from_state, "to": to_state, "actor": actor},
        ),
    )
    return conversation


def request_handoff(
    session: Session,
    conversation: Conversation,
    *,
    reason: HandoffReason | str,
    confidence: float | None,
    summary: str,
    detail: str | None = None,
) -> Handoff:
    """Queue the conversation for a person, recording why and how sure the bot was."""
    reason = str(reason)
    transition(session, conversation, "waiting", actor="assistant", note=reason)
    conversation.handed_off_at = conversation.handed_off_at or utcnow()
    conversation.summary = summary
    conversation.priority = reason_priority(reason)
    handoff = Handoff(
        store_id=conversation.store_id,
        conversation_id=conversation.id,
        reason=reason,
        detail=detail,
        confidence=confidence,
        status="waiting",
    )
    session.add(handoff)
    session.flush()
    enqueue_queued_webhook(session, conversation, handoff)
    announce(
        session,
        LiveEvent(
            "queue.entered",
            conversation.store_id,
            conversation.id,
            {"reason": reason, "priority": conversation.priority},
        ),
    )
    return handoff
