"""`OfflineEngine`: a LangChain chat model that needs no network, no key and no weights.

It reads the conversation like an LLM would: the shopper's latest message, the context note
(store, last product, cart) and this turn's tool results. It emits tool calls with fresh ids and,
once the tools have answered, a reply written only from their results and retrieved passages.
The same input always gives the same output.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from pydantic import ConfigDict, PrivateAttr

from assistant.agent.offline.planner import plan
from assistant.agent.offline.steps import Step
from assistant.agent.offline.store_vocabulary import StoreVocabularies
from assistant.agent.offline.turn_state import TurnState, read_turn
from assistant.agent.understanding.context import DialogueContext, ProductRef
from assistant.agent.understanding.intents import understand
from assistant.agent.understanding.labels import INTENTS
from assistant.db import Database

MODEL_NAME = "offline"


class OfflineEngine(BaseChatModel):
    """The built-in brain. Build it with `for_database`."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    vocabularies: StoreVocabularies
    _bound: frozenset[str] = PrivateAttr(default=frozenset())

    @classmethod
    def for_database(cls, database: Database, knowledge: object | None = None) -> OfflineEngine:
        """An engine reading store vocabularies from `database` (knowledge comes via tools)."""
        return cls(vocabularies=StoreVocabularies(database))

    @property
    def _llm_type(self) -> str:
        return MODEL_NAME

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """A copy of the engine that knows which tools it may call."""
        bound = self.model_copy()
        bound._bound = frozenset(getattr(tool, "name", "") for tool in tools)
        return bound

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        state = read_turn(messages)
        step = self.decide(state)
        return ChatResult(generations=[ChatGeneration(message=_message(step, self._bound))])

    def decide(self, state: TurnState) -> Step:
        """The next step for a turn (public so tests can read the engine's reasoning)."""
        vocabulary = self.vocabularies.get(state.store_id)
        understanding = understand(state.text, vocabulary, _dialogue(state))
        step = plan(understanding, state)
        if not step.calls and "intent" not in step.extra:
            step.extra["intent"] = understanding.intent
        return step


def _dialogue(state: TurnState) -> DialogueContext:
    product = state.context.get("last_product")
    cart = state.context.get("cart") or {}
    skus = frozenset(str(line.get("sku")) for line in cart.get("lines", []) if line.get("sku"))
    intent = state.context.get("last_intent")
    last_intent = intent if intent in INTENTS else None
    if not isinstance(product, dict) or not product.get("title"):
        return DialogueContext(cart_skus=skus, last_intent=last_intent)
    return DialogueContext(
        last_product=ProductRef(
            handle=str(product.get("handle") or product.get("product_id") or ""),
            title=str(product["title"]),
            options={str(k): str(v) for k, v in (product.get("options") or {}).items()},
            sku=product.get("sku"),
            category=product.get("category"),
        ),
        cart_skus=skus,
        last_category=product.get("category"),
        last_intent=last_intent,
    )


def _message(step: Step, bound: frozenset[str]) -> AIMessage:
    calls = [c for c in step.calls if not bound or c.name in bound]
    if calls:
        return AIMessage(
            content="",
            tool_calls=[
                {
                    "name": c.name,
                    "args": c.args,
                    "id": f"call_{uuid.uuid4().hex}",
                    "type": "tool_call",
                }
                for c in calls
            ],
        )
    return AIMessage(
        content=step.reply,
        response_metadata={
            "confidence": step.confidence,
            "resolved": step.resolved,
            "pending": step.extra.get("pending"),
            "intent": step.extra.get("intent"),
            "options": step.extra.get("options")
            or (step.extra.get("pending") or {}).get("options"),
        },
    )
