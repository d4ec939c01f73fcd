"""Opening a turn: record the shopper's message, then gather what the brain is told about it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from langchain_core.messages import BaseMessage
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.agent.contract import (
    BrainInput,
    CartSnapshot,
    CustomerContext,
    Memory,
    ReportSlot,
)
from assistant.agent.history import to_chat_messages
from assistant.config import Settings
from assistant.conversations import NewMessage, append_messages, current_conversation
from assistant.db import Database
from assistant.domain import Message, Store
from assistant.domain.store_settings import settings_of
from retrieval.tokens import count_tokens
from text.language import LANGUAGES, is_language_neutral

# The roles `to_chat_messages` replays; past tool traffic is not even read.
SPOKEN_ROLES = ("user", "assistant", "agent")
# Every turn re-measures the whole history, so earlier messages' counts are remembered.
_history_tokens = lru_cache(maxsize=2048)(count_tokens)


@dataclass(frozen=True)
class TurnContext:
    """Who is talking, where, and what the brain is told: the graph run's context.

    The graph is built once; a tool acting for the shopper reads this from its `ToolRuntime` or
    from `get_runtime()`, and a brain that takes objects reads `brain` and leaves its `report`.
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
    brain: BrainInput | None = None
    report: ReportSlot = field(default_factory=ReportSlot, compare=False)


# Extra facts for the brain, e.g. {"cart": {...}}: plain JSON-able data.
ContextProvider = Callable[[TurnContext], dict[str, Any]]


@dataclass(frozen=True)
class TurnOpening:
    """The recorded message's conversation, its state, the history and what the brain is told."""

    context: TurnContext
    state: str
    history: list[BaseMessage]
    memory: Memory


def open_turn(
    database: Database,
    settings: Settings,
    context_provider: ContextProvider | None,
    caller: TurnContext,
    text: str,
) -> TurnOpening:
    """Record the shopper's message (committed at once); read what the brain needs to know.

    `caller` names the store, shopper and language; the conversation, the store and the brain's
    input are filled in here. A conversation a person holds gets no brain input: the bot stays
    silent.
    """
    with database.transaction() as session:
        conversation = current_conversation(session, caller.store_id, caller.shopper_session_id)
        if caller.customer_id is not None:
            conversation.customer_id = caller.customer_id
        language = caller.language
        if conversation.language in LANGUAGES and is_language_neutral(text):
            language = conversation.language  # "Slate" answers a Chinese question in Chinese
        conversation.language = language
        (said,) = append_messages(session, conversation, [NewMessage(role="user", content=text)])
        store = session.get(Store, caller.store_id)
        store_name = store.name if store else caller.store_id
        store_settings = settings_of(store)
        currency = store.currency if store else "USD"
        memory = Memory.model_validate(conversation.context or {})
        history = to_chat_messages(
            _spoken_messages(session, conversation.id)[:-1],
            budget=settings.history_token_budget,
            count_tokens=_history_tokens,
        )
        state = conversation.state
        context = replace(
            caller,
            language=language,
            conversation_id=conversation.id,
            store_name=store_name,
            turn_id=f"turn-{said.id}",
        )
    if state in ("waiting", "human"):
        return TurnOpening(context, state, history, memory)
    provided = context_provider(context) if context_provider else {}
    cart = provided.get("cart")
    customer = provided.get("customer")
    brain = BrainInput(
        store_id=context.store_id,
        store_name=store_name,
        currency=currency,
        language=context.language,
        settings=store_settings,
        customer_identified=context.customer_id is not None,
        cart=CartSnapshot.model_validate(cart) if cart is not None else None,
        memory=memory,
        customer=CustomerContext.model_validate(customer) if customer is not None else None,
    )
    return TurnOpening(replace(context, brain=brain), state, history, memory)


def _spoken_messages(session: Session, conversation_id: str) -> list[Message]:
    return list(
        session.scalars(
            select(Message)
            .where(Message.conversation_id == conversation_id, Message.role.in_(SPOKEN_ROLES))
            .order_by(Message.created_at, Message.id)
        )
    )
