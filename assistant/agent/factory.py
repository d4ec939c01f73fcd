"""Builds the process's ChatAgent from Settings: the model, the tools and the knowledge base."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.tools import BaseTool

from assistant.agent.knowledge_tool import build_knowledge_tool
from assistant.agent.loop import ChatAgent, ContextProvider, TurnContext
from assistant.config import Settings
from assistant.db import Database
from retrieval.knowledge import KnowledgeBase
from tools.cart import view_cart
from tools.deps import ToolDeps
from tools.langchain_tools import build_runtime_tools


def build_model(settings: Settings, database: Database, knowledge: KnowledgeBase) -> BaseChatModel:
    """The chat model Settings choose: the built-in offline engine or an OpenAI-compatible one."""
    if settings.llm_provider == "openai":
        from assistant.agent.models.openai_model import build_openai_model

        return build_openai_model(settings)
    from assistant.agent.offline.engine import OfflineEngine

    return OfflineEngine.for_database(database, knowledge)


def provider_errors(settings: Settings) -> tuple[type[Exception], ...]:
    """The exceptions the configured brain raises when its service fails."""
    if settings.llm_provider == "openai":
        from assistant.agent.models.openai_model import PROVIDER_ERRORS

        return PROVIDER_ERRORS
    return ()


def model_name(settings: Settings) -> str:
    """How transcripts name the model."""
    return "offline" if settings.llm_provider == "offline" else f"openai:{settings.llm_model}"


def tool_deps(settings: Settings, database: Database, context: TurnContext) -> ToolDeps:
    """What the tools need to act for this turn's shopper, and for no one else."""
    return ToolDeps(
        database=database,
        settings=settings,
        store_id=context.store_id,
        session_id=context.shopper_session_id,
        customer_id=context.customer_id,
        idempotency_scope=context.turn_id,
    )


def agent_tools(settings: Settings, database: Database, knowledge: KnowledgeBase) -> list[BaseTool]:
    """The commerce tools and the knowledge search, each acting for the turn's shopper."""

    def deps_for(context: TurnContext) -> ToolDeps:
        return tool_deps(settings, database, context)

    return [*build_runtime_tools(settings, deps_for), build_knowledge_tool(knowledge)]


def cart_context(settings: Settings, database: Database) -> ContextProvider:
    """The cart for the model's context note: lines and total, as the tool reports them."""

    def provide(context: TurnContext) -> dict[str, Any]:
        cart = view_cart(tool_deps(settings, database, context))
        return {
            "cart": {
                "lines": [
                    {"sku": line.sku, "title": line.title, "quantity": line.quantity}
                    for line in cart.lines
                ],
                "item_count": cart.item_count,
                "total": cart.total.display,
            }
        }

    return provide


def build_agent(
    settings: Settings,
    database: Database,
    knowledge: KnowledgeBase,
    *,
    model: BaseChatModel | None = None,
) -> ChatAgent:
    """The agent for this process; pass `model` to drive it with another brain (tests)."""
    return ChatAgent(
        settings,
        database,
        model or build_model(settings, database, knowledge),
        agent_tools(settings, database, knowledge),
        model_name=model_name(settings) if model is None else model._llm_type,
        context_provider=cart_context(settings, database),
        provider_errors=provider_errors(settings),
    )
