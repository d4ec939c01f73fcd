"""The shopper's view of a conversation: their messages, the assistant's answers and a person's
replies; never tool traffic, system lines or the agents' internal notes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.api.chat_schemas import Transcript, TranscriptMessage
from assistant.console.conversation_view import latest_handoff
from assistant.domain import Conversation, Message
from assistant.errors import NotFoundError
from assistant.shopper_sessions import ShopperIdentity
from retrieval.results import Citation

MAX_MESSAGES = 200


def latest_conversation(session: Session, shopper: ShopperIdentity) -> Conversation | None:
    """The session's most recent conversation in its store (open or resolved)."""
    return session.scalar(
        select(Conversation)
        .where(
            Conversation.store_id == shopper.store_id,
            Conversation.session_id == shopper.session_id,
        )
        .order_by(Conversation.created_at.desc())
        .limit(1)
    )


def own_conversation(
    session: Session, shopper: ShopperIdentity, conversation_id: str
) -> Conversation:
    """A conversation of this very session; any other is simply not found (ids cannot be probed)."""
    conversation = session.get(Conversation, conversation_id)
    if (
        conversation is None
        or conversation.store_id != shopper.store_id
        or conversation.session_id != shopper.session_id
    ):
        raise NotFoundError("no such conversation")
    return conversation


def _visible(message: Message) -> TranscriptMessage | None:
    if message.role == "user" or message.role == "agent":
        role = message.role
    elif message.role == "assistant" and not message.tool_calls and message.content:
        role = "assistant"
    else:
        return None
    citations = []
    for raw in message.citations or []:
        try:
            citations.append(Citation.model_validate(raw))
        except ValueError:
            continue  # a citation recorded in an older shape is left out, not fatal
    return TranscriptMessage(
        id=message.id,
        role=role,
        content=message.content,
        author=message.author if role == "agent" else None,
        citations=citations,
        created_at=message.created_at,
    )


def shopper_transcript(
    session: Session, conversation: Conversation | None, *, after: int | None = None
) -> Transcript:
    """The visible messages (newer than message id `after`, when given), oldest first."""
    if conversation is None:
        return Transcript(conversation_id=None)
    query = select(Message).where(Message.conversation_id == conversation.id)
    if after is not None:
        query = query.where(Message.id > after)
    rows = session.scalars(query.order_by(Message.id)).all()
    visible = [item for item in (_visible(row) for row in rows) if item is not None]
    handoff = latest_handoff(session, conversation.id) if conversation.state != "bot" else None
    return Transcript(
        conversation_id=conversation.id,
        state=conversation.state,
        handoff_status=handoff.status if handoff else None,
        messages=visible[-MAX_MESSAGES:],
    )
