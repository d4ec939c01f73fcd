"""Opening a turn: record the shopper's message, then gather what the model is told about it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from langchain_core.messages import BaseMessage
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.agent.history import to_chat_messages
from assistant.config import Settings
from assistant.conversations import NewMessage, append_messages, current_conversation
from assistant.db import Database
from assistant.domain import Message, Store
from retrieval.tokens import count_tokens

# The roles `to_chat_messages` replays; past tool traffic is not even read.
SPOKEN_ROLES = ("user", "assistant", "agent")
# Every turn re-measures the whole history, so earlier messages' counts are remembered.
_history_tokens = lru_cache(maxsize=2048)(count_tokens)


@dataclass(frozen=True)
class TurnContext:
    """Who is talking, where: what tools need to act for this shopper only.

    It is the graph run's context (LangGraph runtime context): the graph is built once, and a
    tool acting for the shopper reads it from its `ToolRuntime` or from `get_runtime()`.
    """

    store_id: str
    shopper_session_id: str
    customer_id: int | None
    conversation_id: str
    language: str
    store_name: str = ""
    # Unique to this turn (the shopper's message id): scopes the tools' idempotency keys, since
    # some OpenAI-compatible servers number tool calls afresh in every response ("call_0").
    turn_id: str = ""


# Extra facts for the model's context note, e.g. the cart: plain JSON-able data.
ContextProvider = Callable[[TurnContext], dict[str, Any]]


@dataclass(frozen=True)
class TurnOpening:
    """The recorded message's conversation, its state, the history and the context note."""

    context: TurnContext
    state: str
    history: list[BaseMessage]
    note: dict[str, Any]


def open_turn(
    database: Database,
    settings: Settings,
    context_provider: ContextProvider | None,
    caller: TurnContext,
    text: str,
) -> TurnOpening:
    """Record the shopper's message (committed at once); read what the model needs to know.

    `caller` names the store, shopper and language; the conversation and store name are
    filled in here. A conversation a person holds gets no note: the bot stays silent.
    """
    with database.transaction() as session:
        conversation = current_conversation(session, caller.store_id, caller.shopper_session_id)
        if caller.customer_id is not None:
            conversation.customer_id = caller.customer_id
        conversation.language = caller.language
        (said,) = append_messages(session, conversation, [NewMessage(role="user", content=text)])
        store = session.get(Store, caller.store_id)
        store_name = store.name if store else caller.store_id
        store_settings = dict(store.settings) if store else {}
        currency = store.currency if store else "USD"
        memory = dict(conversation.context)
        history = to_chat_messages(
            _spoken_messages(session, conversation.id)[:-1],
            budget=settings.history_token_budget,
            count_tokens=_history_tokens,
        )
        state = conversation.state
        context = replace(
            caller,
            conversation_id=conversation.id,
            store_name=store_name,
            turn_id=f"turn-{said.id}",
        )
    if state in ("waiting", "human"):
        return TurnOpening(context, state, history, {})
    note = {
        "store_id": context.store_id,
        "store_name": store_name,
        "language": context.language,
        "currency": currency,
        "handoff_threshold": float(store_settings.get("handoff_threshold", 0.35)),
        "discount_cap_percent": store_settings.get("discount_cap_percent", 0),
        "customer_identified": context.customer_id is not None,
        "last_product": memory.get("last_product"),
        "pending": memory.get("pending"),
        "last_intent": memory.get("last_intent"),
        **(context_provider(context) if context_provider else {}),
    }
    return TurnOpening(context, state, history, note)


def _spoken_messages(session: Session, conversation_id: str) -> list[Message]:
    return list(
        session.scalars(
            select(Message)
            .where(Message.conversation_id == conversation_id, Message.role.in_(SPOKEN_ROLES))
            .order_by(Message.created_at, Message.id)
        )
    )
