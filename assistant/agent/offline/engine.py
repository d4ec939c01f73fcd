"""`OfflineEngine`: a LangChain chat model that needs no network, no key and no weights.

It reads what the loop gives every brain (`BrainInput`: store, settings, cart, the
conversation's memory) as objects from the run's context, the shopper's latest message and this
turn's tool results. It emits tool calls with fresh ids and, once the tools have answered, a reply
written only from their results and retrieved passages, and reports what it understood and what
it still needs (`BrainReport`). The same input always gives the same output.
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
from langgraph.runtime import get_runtime
from pydantic import ConfigDict, PrivateAttr

from assistant.agent.contract import BrainInput, BrainReport, PendingQuestion
from assistant.agent.offline.compound_turns import plan_clauses
from assistant.agent.offline.planner import plan
from assistant.agent.offline.steps import Step
from assistant.agent.offline.store_router import StoreRouters
from assistant.agent.offline.store_vocabulary import StoreVocabularies
from assistant.agent.offline.turn_state import TurnState, read_turn
from assistant.agent.opening import TurnContext
from assistant.agent.understanding.compound import is_compound, split_actions
from assistant.agent.understanding.context import DialogueContext, ProductRef
from assistant.agent.understanding.intents import Understanding, understand
from assistant.agent.understanding.labels import INTENTS
from assistant.db import Database
from text.language import is_language_neutral

MODEL_NAME = "offline"


class OfflineEngine(BaseChatModel):
    """The built-in brain. Build it with `for_database`."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    vocabularies: StoreVocabularies
    routers: StoreRouters | None = None
    _bound: frozenset[str] = PrivateAttr(default=frozenset())

    @classmethod
    def for_database(cls, database: Database, knowledge: object | None = None) -> OfflineEngine:
        """An engine reading store vocabularies from `database` (knowledge comes via tools)."""
        return cls(vocabularies=StoreVocabularies(database), routers=StoreRouters(database))

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
        context = get_runtime(TurnContext).context
        if context.brain is None:
            raise RuntimeError("the offline engine runs inside the agent loop's turns")
        message, report = self.respond(messages, context.brain)
        if report is None:
            context.report.clear()
        else:
            context.report.put(report)
        return ChatResult(generations=[ChatGeneration(message=message)])

    def respond(
        self, messages: Sequence[BaseMessage], brain: BrainInput
    ) -> tuple[AIMessage, BrainReport | None]:
        """The next message of the turn, and the report when it is the reply."""
        step = self.decide(read_turn(messages, brain))
        message = _message(step, self._bound)
        return message, None if message.tool_calls else report_of(step)

    def decide(self, state: TurnState) -> Step:
        """The next step for a turn (public so tests can read the engine's reasoning)."""
        vocabulary = self.vocabularies.get(state.store_id)
        router = self.routers.get(state.store_id) if self.routers is not None else None
        context = _dialogue(state)
        understanding = understand(state.text, vocabulary, context, router)
        if is_compound(understanding.intent, understanding.secondary_intents, understanding.scores):
            readings: dict[str, Understanding] = {}

            def read(part: str) -> Understanding:
                # Each candidate clause is read once: the split and the plan share the reading.
                if part not in readings:
                    readings[part] = understand(part, vocabulary, context, router)
                return readings[part]

            clauses = split_actions(state.text, lambda part: read(part).intent)
            if len(clauses) > 1:
                return plan_clauses(clauses, state, read)
        language = state.brain.language
        if language != understanding.language and is_language_neutral(state.text):
            # A bare "Slate" after a Chinese question: answer in the conversation's language.
            understanding = understanding.model_copy(update={"language": language})
        step = plan(understanding, state)
        if not step.calls and "intent" not in step.extra:
            step.extra["intent"] = understanding.intent
        return step


def _dialogue(state: TurnState) -> DialogueContext:
    memory = state.brain.memory
    cart = state.brain.cart
    skus = frozenset(line.sku for line in cart.lines) if cart is not None else frozenset()
    last_intent = memory.last_intent if memory.last_intent in INTENTS else None
    product = memory.last_product
    if product is None or not product.title:
        return DialogueContext(cart_skus=skus, last_intent=last_intent)
    return DialogueContext(
        last_product=ProductRef(
            handle=str(product.handle or product.product_id or ""),
            title=product.title,
            options=dict(product.options),
            sku=product.sku,
            category=product.category,
        ),
        cart_skus=skus,
        last_category=product.category,
        last_intent=last_intent,
    )


def report_of(step: Step) -> BrainReport:
    """What the engine says about its reply: the intent, whether it helped, what it awaits."""
    pending = step.extra.get("pending")
    question = PendingQuestion.model_validate(pending) if isinstance(pending, dict) else None
    options = step.extra.get("options") or (question.options if question else {})
    return BrainReport(
        intent=step.extra.get("intent"),
        resolved=step.resolved,
        pending=question,
        options={str(k): str(v) for k, v in options.items()},
        product=step.extra.get("product"),
        confidence=min(1.0, max(0.0, step.confidence)),
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
    return AIMessage(content=step.reply)
