"""The agents' console API: the queue, a conversation and its shopper, and the actions on it.

Every endpoint needs an agent-scoped key of the path's store (admin keys also work). The agent
is identified by the key: its prefix is the `agent_id` recorded on claims and transitions, its
name signs the agent's messages.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from assistant.api.deps import AgentOfStore, DatabaseDep, ToolServicesDep
from assistant.console import actions
from assistant.console.conversation_view import console_message, conversation_detail
from assistant.console.queue import conversation_list, waiting_queue
from assistant.console.schemas import (
    AgentIdentity,
    ConsoleMessage,
    ConversationDetail,
    ConversationList,
    HandoffReasonPublic,
    Outcome,
    Queue,
    ShopperContext,
)
from assistant.console.shopper_context import shopper_context
from assistant.conversations import get_conversation
from assistant.domain import Message
from assistant.domain.handoff_reasons import HandoffReason
from assistant.errors import InvalidInputError

router = APIRouter(prefix="/v1/stores/{store_id}/console", tags=["console"])

ConversationPath = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]


def console_agent(store_id: str, key: AgentOfStore) -> AgentIdentity:
    """The agent behind the request's key."""
    return AgentIdentity(store_id=store_id, agent_id=key.prefix, name=key.name)


Agent = Annotated[AgentIdentity, Depends(console_agent)]


class MessageCreate(BaseModel):
    """A message to the shopper, or an internal note."""

    content: str = Field(min_length=1, max_length=4000)


class HandBack(BaseModel):
    """Why the conversation goes back to the bot (kept in its history)."""

    note: str | None = Field(default=None, max_length=1000)


class Resolution(BaseModel):
    """How the conversation ended."""

    outcome: Outcome = "resolved"
    note: str | None = Field(default=None, max_length=1000)


def _text(content: str) -> str:
    text = content.strip()
    if not text:
        raise InvalidInputError("the message is empty")
    return text


@router.get("/me", summary="Who the key signs in as")
def me(agent: Agent) -> AgentIdentity:
    """The store, the agent's id (the key's prefix) and the name shown on their messages."""
    return agent


@router.get("/handoff-reasons", summary="Why conversations reach a person")
def handoff_reasons(_agent: Agent) -> list[HandoffReasonPublic]:
    """Every handoff reason with the label the console shows and its queue priority (higher
    first), in the order they are declared."""
    return [HandoffReasonPublic.of(reason) for reason in HandoffReason]


@router.get("/queue", summary="Conversations waiting for a person")
def read_queue(agent: Agent, database: DatabaseDep, tools: ToolServicesDep) -> Queue:
    """Highest priority first, then longest waiting, with reason, confidence, summary, customer,
    cart value and language. Tickets (a message left while no one was available) are included."""
    with database.session() as session:
        return waiting_queue(session, tools, agent.store_id)


@router.get("/conversations", summary="List conversations")
def list_conversations(
    agent: Agent,
    database: DatabaseDep,
    state: Annotated[
        Literal["bot", "waiting", "human", "resolved"] | None, Query(description="Only this state.")
    ] = None,
    mine: Annotated[bool, Query(description="Only those this agent holds.")] = False,
) -> ConversationList:
    """Most recently active first (at most 100)."""
    with database.session() as session:
        return conversation_list(session, agent, state=state, mine=mine)


@router.get("/conversations/{conversation_id}", summary="Read a conversation")
def read_conversation(
    conversation_id: ConversationPath, agent: Agent, database: DatabaseDep
) -> ConversationDetail:
    """Messages (internal notes included, tool traffic left out), the handoff and every state
    change with who made it and when."""
    with database.session() as session:
        conversation = get_conversation(session, agent.store_id, conversation_id)
        return conversation_detail(session, conversation)


@router.get("/conversations/{conversation_id}/context", summary="The shopper's context")
def read_context(
    conversation_id: ConversationPath, agent: Agent, database: DatabaseDep, tools: ToolServicesDep
) -> ShopperContext:
    """Cart priced now, recent orders with status, profile with tags and consents, and the
    shopper's earlier conversations."""
    with database.session() as session:
        conversation = get_conversation(session, agent.store_id, conversation_id)
        return shopper_context(session, tools, conversation)


_CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "The conversation is not in a state that allows this (see details)."}
}


@router.post(
    "/conversations/{conversation_id}/claim", summary="Take a conversation", responses=_CONFLICT
)
def claim(
    conversation_id: ConversationPath, agent: Agent, database: DatabaseDep
) -> ConversationDetail:
    """Only a waiting conversation can be claimed; when two agents claim at once, one gets it
    and the other a 409."""
    with database.transaction() as session:
        conversation = actions.claim(session, agent, conversation_id)
        return conversation_detail(session, conversation)


@router.post(
    "/conversations/{conversation_id}/messages",
    status_code=201,
    summary="Reply to the shopper",
    responses=_CONFLICT,
)
def send_reply(
    conversation_id: ConversationPath, body: MessageCreate, agent: Agent, database: DatabaseDep
) -> ConsoleMessage:
    """The shopper sees it in the widget at once. Only the agent holding the conversation may
    reply."""
    with database.transaction() as session:
        message = actions.reply(session, agent, conversation_id, _text(body.content))
        return _shown(message)


@router.post(
    "/conversations/{conversation_id}/notes", status_code=201, summary="Add an internal note"
)
def add_note(
    conversation_id: ConversationPath, body: MessageCreate, agent: Agent, database: DatabaseDep
) -> ConsoleMessage:
    """A note for colleagues; never shown to the shopper."""
    with database.transaction() as session:
        return _shown(actions.add_note(session, agent, conversation_id, _text(body.content)))


@router.post(
    "/conversations/{conversation_id}/handback",
    summary="Hand the conversation back to the bot",
    responses=_CONFLICT,
)
def hand_back(
    conversation_id: ConversationPath, body: HandBack, agent: Agent, database: DatabaseDep
) -> ConversationDetail:
    """The bot answers the shopper's next message, with the whole conversation in view."""
    with database.transaction() as session:
        conversation = actions.hand_back(session, agent, conversation_id, body.note)
        return conversation_detail(session, conversation)


@router.post(
    "/conversations/{conversation_id}/resolve",
    summary="Resolve the conversation",
    responses=_CONFLICT,
)
def resolve(
    conversation_id: ConversationPath, body: Resolution, agent: Agent, database: DatabaseDep
) -> ConversationDetail:
    """Closes it: the shopper's next message starts a new conversation without this context."""
    with database.transaction() as session:
        conversation = actions.resolve(session, agent, conversation_id, body.outcome, body.note)
        return conversation_detail(session, conversation)


def _shown(message: Message) -> ConsoleMessage:
    shown = console_message(message)
    if shown is None:  # agent messages and notes are always shown; this guards the mapping
        raise InvalidInputError("the message cannot be shown")
    return shown
