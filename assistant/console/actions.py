"""What an agent does to a conversation: claim, reply, note, hand back, resolve.

Every action checks the conversation's state and holder inside the caller's transaction, so
an action that no longer applies (someone else claimed it first, the conversation went back to
the bot) fails with ConflictError (409) and changes nothing.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from assistant.console.conversation_view import latest_handoff
from assistant.console.schemas import AgentIdentity, Outcome
from assistant.conversations import (
    NewMessage,
    State,
    append_messages,
    get_conversation,
    transition,
)
from assistant.domain import Conversation, Handoff, Message
from assistant.domain.base import utcnow
from assistant.errors import ConflictError

OPEN_HANDOFF = ("waiting", "unavailable", "ticket")


def claim(session: Session, agent: AgentIdentity, conversation_id: str) -> Conversation:
    """Take a waiting conversation; of two agents claiming at once exactly one wins."""
    conversation = get_conversation(session, agent.store_id, conversation_id)
    if conversation.state != "waiting":
        raise _not_waiting(conversation)
    transition(session, conversation, "human", actor=agent.agent_id, expected="waiting")
    _close_handoff(session, conversation.id, "claimed", claimed_by=agent.agent_id)
    return conversation


def reply(session: Session, agent: AgentIdentity, conversation_id: str, content: str) -> Message:
    """Send the shopper a message; only the agent holding the conversation may."""
    conversation = _held(session, agent, conversation_id, doing="reply")
    (message,) = append_messages(
        session, conversation, [NewMessage(role="agent", content=content, author=agent.name)]
    )
    conversation.first_agent_reply_at = conversation.first_agent_reply_at or message.created_at
    return message


def add_note(session: Session, agent: AgentIdentity, conversation_id: str, content: str) -> Message:
    """An internal note for colleagues; the shopper never sees it."""
    conversation = get_conversation(session, agent.store_id, conversation_id)
    (message,) = append_messages(
        session, conversation, [NewMessage(role="note", content=content, author=agent.name)]
    )
    return message


def hand_back(
    session: Session, agent: AgentIdentity, conversation_id: str, note: str | None = None
) -> Conversation:
    """Return the conversation to the bot, which continues with the whole history."""
    conversation = _held(session, agent, conversation_id, doing="hand back")
    transition(session, conversation, "bot", actor=agent.agent_id, note=note, expected="human")
    conversation.outcome = None
    _mark_claimed_handoff(session, conversation.id, "returned")
    return conversation


def resolve(
    session: Session,
    agent: AgentIdentity,
    conversation_id: str,
    outcome: Outcome = "resolved",
    note: str | None = None,
) -> Conversation:
    """Close the conversation; the shopper's next message starts a new one with no old context.

    A waiting conversation (a ticket answered by email, spam) can be resolved from the queue;
    one with a person only by the agent holding it.
    """
    conversation = get_conversation(session, agent.store_id, conversation_id)
    if conversation.state == "human":
        _held(session, agent, conversation_id, doing="resolve")
    elif conversation.state != "waiting":
        raise ConflictError(
            f"only a waiting conversation or one you hold can be resolved; this one is "
            f"{conversation.state!r}",
            details={"state": conversation.state},
        )
    expected: State = "human" if conversation.state == "human" else "waiting"
    transition(
        session, conversation, "resolved", actor=agent.agent_id, note=note, expected=expected
    )
    conversation.outcome = outcome
    now = utcnow()
    session.execute(
        update(Handoff)
        .where(
            Handoff.conversation_id == conversation.id,
            Handoff.status.in_((*OPEN_HANDOFF, "claimed")),
        )
        .values(status="resolved", resolved_at=now)
        .execution_options(synchronize_session=False)
    )
    return conversation


def _held(
    session: Session, agent: AgentIdentity, conversation_id: str, *, doing: str
) -> Conversation:
    conversation = get_conversation(session, agent.store_id, conversation_id)
    if conversation.state != "human":
        raise ConflictError(
            f"you can only {doing} a conversation you hold; this one is {conversation.state!r}",
            details={"state": conversation.state},
        )
    if conversation.assigned_agent != agent.agent_id:
        raise ConflictError(
            f"another agent holds this conversation; you cannot {doing} it",
            details={"state": conversation.state, "assigned_agent": conversation.assigned_agent},
        )
    return conversation


def _not_waiting(conversation: Conversation) -> ConflictError:
    if conversation.state == "human":
        return ConflictError(
            "another agent already claimed this conversation",
            details={"state": "human", "assigned_agent": conversation.assigned_agent},
        )
    return ConflictError(
        f"only a waiting conversation can be claimed; this one is {conversation.state!r}",
        details={"state": conversation.state},
    )


def _close_handoff(session: Session, conversation_id: str, status: str, *, claimed_by: str) -> None:
    handoff = latest_handoff(session, conversation_id)
    if handoff is not None and handoff.status in OPEN_HANDOFF:
        handoff.status = status
        handoff.claimed_by = claimed_by
        handoff.claimed_at = utcnow()


def _mark_claimed_handoff(session: Session, conversation_id: str, status: str) -> None:
    handoff = latest_handoff(session, conversation_id)
    if handoff is not None and handoff.status == "claimed":
        handoff.status = status
        handoff.resolved_at = utcnow()
