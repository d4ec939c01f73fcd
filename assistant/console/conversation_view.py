"""A conversation as an agent reads it: messages (notes included), handoff, state history."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.console.schemas import (
    ConsoleMessage,
    ConversationDetail,
    HandoffPublic,
    TransitionPublic,
)
from assistant.conversations import transcript
from assistant.domain import ApiKey, Conversation, ConversationTransition, Handoff, Message

PREVIEW_CHARS = 160


def latest_handoff(session: Session, conversation_id: str) -> Handoff | None:
    """The conversation's most recent request for a person."""
    return session.scalar(
        select(Handoff)
        .where(Handoff.conversation_id == conversation_id)
        .order_by(Handoff.requested_at.desc(), Handoff.id.desc())
        .limit(1)
    )


def last_shopper_message(session: Session, conversation_id: str) -> str | None:
    """The shopper's latest words, shortened for a list."""
    content = session.scalar(
        select(Message.content)
        .where(Message.conversation_id == conversation_id, Message.role == "user")
        .order_by(Message.id.desc())
        .limit(1)
    )
    if content is None:
        return None
    text = " ".join(content.split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def console_message(message: Message) -> ConsoleMessage | None:
    """The message for the console; tool calls and tool results are not shown."""
    if message.role == "tool" or (message.role == "assistant" and message.tool_calls):
        return None
    if message.role not in ("user", "assistant", "agent", "note", "system"):
        return None
    return ConsoleMessage(
        id=message.id,
        role=message.role,
        content=message.content,
        author=message.author,
        created_at=message.created_at,
        citations=list(message.citations or []),
    )


def conversation_detail(session: Session, conversation: Conversation) -> ConversationDetail:
    """Everything the conversation view shows, oldest message first."""
    handoff = latest_handoff(session, conversation.id)
    transitions = list(
        session.scalars(
            select(ConversationTransition)
            .where(ConversationTransition.conversation_id == conversation.id)
            .order_by(ConversationTransition.at, ConversationTransition.id)
        )
    )
    messages = [m for m in map(console_message, transcript(session, conversation)) if m]
    names = agent_names(
        session,
        conversation.store_id,
        {conversation.assigned_agent or "", *(row.actor for row in transitions)},
    )
    return ConversationDetail(
        conversation_id=conversation.id,
        state=conversation.state,
        assigned_agent=conversation.assigned_agent,
        assigned_agent_name=names.get(conversation.assigned_agent or ""),
        language=conversation.language,
        summary=conversation.summary,
        priority=conversation.priority,
        outcome=conversation.outcome,
        created_at=conversation.created_at,
        handoff=handoff_public(handoff) if handoff else None,
        messages=messages,
        transitions=[
            TransitionPublic(
                from_state=row.from_state,
                to_state=row.to_state,
                actor=row.actor,
                actor_name=names.get(row.actor),
                note=row.note,
                at=row.at,
            )
            for row in transitions
        ],
    )


def agent_names(session: Session, store_id: str, agent_ids: set[str]) -> dict[str, str]:
    """The names of the agent keys with these prefixes (agent ids)."""
    wanted = {agent_id for agent_id in agent_ids if agent_id}
    if not wanted:
        return {}
    rows = session.execute(
        select(ApiKey.prefix, ApiKey.name).where(
            ApiKey.store_id == store_id, ApiKey.prefix.in_(wanted)
        )
    )
    return {prefix: name for prefix, name in rows}


def handoff_public(handoff: Handoff) -> HandoffPublic:
    """The handoff fields an agent needs."""
    return HandoffPublic(
        reason=handoff.reason,
        detail=handoff.detail,
        confidence=handoff.confidence,
        status=handoff.status,
        requested_at=handoff.requested_at,
        contact_email=handoff.contact_email,
    )
