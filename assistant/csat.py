"""CSAT: a shopper ending the chat, and rating a resolved conversation from 1 to 5.

A conversation is resolved by the bot (the shopper ended a chat the bot was holding, or left it
idle for `idle_chat_close_h` hours; the actor is `assistant`) or by a person (an agent resolved
it in the console; the actor is their id). The rating is kept with who resolved it, so
satisfaction can be compared between the two. One rating per conversation: rating again
replaces the score and the comment.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.config import Settings
from assistant.conversations import transition
from assistant.db import Database
from assistant.domain import Conversation, ConversationTransition, Feedback
from assistant.domain.base import utcnow
from assistant.errors import ConflictError

BOT_ACTOR = "assistant"
Resolver = Literal["bot", "person"]


def end_chat(session: Session, conversation: Conversation) -> Conversation:
    """The shopper ends a chat the bot holds: resolved by the bot. Ending twice changes nothing;
    a chat waiting for or held by a person is theirs to resolve (ConflictError)."""
    if conversation.state == "resolved":
        return conversation
    if conversation.state != "bot":
        raise ConflictError(
            "a person is handling this conversation; they will close it",
            details={"state": conversation.state},
        )
    transition(
        session,
        conversation,
        "resolved",
        actor=BOT_ACTOR,
        note="ended by the shopper",
        expected="bot",
    )
    conversation.outcome = "resolved"
    return conversation


IDLE_BATCH = 500


def close_idle_chats(database: Database, settings: Settings, now: datetime | None = None) -> int:
    """Resolve, by the bot, chats it holds that had no message for `idle_chat_close_h` hours
    (the shopper left without ending it); how many were closed. A chat that moved meanwhile is
    left alone."""
    now = now or utcnow()
    cutoff = now - timedelta(hours=settings.idle_chat_close_h)
    with database.session() as session:
        idle = list(
            session.scalars(
                select(Conversation.id)
                .where(Conversation.state == "bot", Conversation.updated_at < cutoff)
                .order_by(Conversation.updated_at)
                .limit(IDLE_BATCH)
            )
        )
    closed = 0
    for conversation_id in idle:
        with contextlib.suppress(ConflictError), database.transaction() as session:
            conversation = session.get(Conversation, conversation_id)
            if conversation is None or conversation.updated_at >= cutoff:
                continue
            transition(
                session, conversation, "resolved", actor=BOT_ACTOR, note="idle", expected="bot"
            )
            conversation.outcome = "resolved"
            closed += 1
    return closed


def resolved_by(session: Session, conversation: Conversation) -> str | None:
    """The actor of the conversation's resolution: `assistant` or an agent's id."""
    return session.scalar(
        select(ConversationTransition.actor)
        .where(
            ConversationTransition.conversation_id == conversation.id,
            ConversationTransition.to_state == "resolved",
        )
        .order_by(ConversationTransition.id.desc())
        .limit(1)
    )


def resolver_of(actor: str) -> Resolver:
    """Bot or person, from the actor who resolved the conversation."""
    return "bot" if actor == BOT_ACTOR else "person"


def conversation_rating(session: Session, conversation_id: str) -> Feedback | None:
    """The conversation's own rating (not one of a single reply), if it has one."""
    return session.scalar(
        select(Feedback).where(
            Feedback.conversation_id == conversation_id, Feedback.message_id.is_(None)
        )
    )


def rate(
    session: Session, conversation: Conversation, rating: int, comment: str | None
) -> Feedback:
    """Store or replace the shopper's rating of a resolved conversation."""
    if conversation.state != "resolved":
        raise ConflictError(
            "a conversation can be rated once it is resolved",
            details={"state": conversation.state},
        )
    actor = resolved_by(session, conversation) or BOT_ACTOR
    text = (comment or "").strip() or None
    row = conversation_rating(session, conversation.id)
    if row is None:
        row = Feedback(store_id=conversation.store_id, conversation_id=conversation.id, rating=0)
        session.add(row)
    else:
        row.updated_at = utcnow()
    row.rating = rating
    row.comment = text
    row.resolved_by = actor
    row.resolver = resolver_of(actor)
    session.flush()
    return row
