"""Builds the process's ChatAgent from Settings: the model, the tools and the knowledge base."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.tools import BaseTool

from assistant.agent.add_on_moment import AddOnFinder
from assistant.agent.knowledge_tool import build_knowledge_tool
from assistant.agent.loop import ChatAgent, ContextProvider, TurnContext
from assistant.config import Settings
from assistant.db import Database
from assistant.domain.store_settings import DEFAULT_HANDOFF_THRESHOLD
from retrieval.knowledge import KnowledgeBase
from retrieval.product_ranker import KnowledgeProductRanker
from tools.add_on import AddOn, suggest_add_on
from tools.cart import view_cart
from tools.deps import ProductRanker, ToolDeps
from tools.langchain_tools import build_runtime_tools
from tools.personal import customer_brief
from tools.ranking import LexicalRanker
from tools.services import IndexFirstRanker, LexicalFirstRanker, ToolServices


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


def tool_services(
    settings: Settings,
    database: Database,
    knowledge: KnowledgeBase | Callable[[], KnowledgeBase],
) -> ToolServices:
    """The tools' collaborators Settings choose: the product ranker (`product_ranker`) and the
    merchant's checkout page. `knowledge` may be a function, called on the first search."""
    return ToolServices.build(
        settings, database, ranker=product_ranker(settings, database, knowledge)
    )


def product_ranker(
    settings: Settings,
    database: Database,
    knowledge: KnowledgeBase | Callable[[], KnowledgeBase],
) -> ProductRanker:
    """The `search_products` ranker `settings.product_ranker` names."""
    if settings.product_ranker == "semantic":
        return IndexFirstRanker(KnowledgeProductRanker(knowledge, database=database))
    if settings.product_ranker == "lexical_then_semantic":
        # The index speaks only when it is as sure as the assistant must be to answer.
        indexed = KnowledgeProductRanker(
            knowledge, database=database, min_confidence=DEFAULT_HANDOFF_THRESHOLD
        )
        return LexicalFirstRanker(indexed)
    return LexicalRanker()


def deps_for_turn(tools: ToolServices) -> Callable[[TurnContext], ToolDeps]:
    """What the tools need to act for a turn's shopper, and for no one else."""

    def deps_for(context: TurnContext) -> ToolDeps:
        return tools.for_shopper(
            context.store_id,
            context.shopper_session_id,
            customer_id=context.customer_id,
            idempotency_scope=context.turn_id,
            conversation_id=context.conversation_id or None,
        )

    return deps_for


def agent_tools(tools: ToolServices, knowledge: KnowledgeBase) -> list[BaseTool]:
    """The commerce tools and the knowledge search, each acting for the turn's shopper."""
    return [
        *build_runtime_tools(tools.settings, deps_for_turn(tools)),
        build_knowledge_tool(knowledge),
    ]


def cart_context(tools: ToolServices) -> ContextProvider:
    """The cart for the model's context note: lines and total, as the tool reports them."""
    deps_for = deps_for_turn(tools)

    def provide(context: TurnContext) -> dict[str, Any]:
        cart = view_cart(deps_for(context))
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


def shopper_context(tools: ToolServices) -> ContextProvider:
    """The cart, and the identified customer's first name and usual sizes when they allow it."""
    cart = cart_context(tools)
    deps_for = deps_for_turn(tools)

    def provide(context: TurnContext) -> dict[str, Any]:
        provided = cart(context)
        brief = customer_brief(deps_for(context))
        if brief is not None:
            provided["customer"] = brief
        return provided

    return provide


def add_on_finder(tools: ToolServices) -> AddOnFinder:
    """The one suggestion after an add to the cart, for the turn's shopper."""
    deps_for = deps_for_turn(tools)

    def find(context: TurnContext, sku: str) -> AddOn | None:
        return suggest_add_on(deps_for(context), sku)

    return find


def build_agent(
    settings: Settings,
    database: Database,
    knowledge: KnowledgeBase,
    *,
    model: BaseChatModel | None = None,
    tools: ToolServices | None = None,
) -> ChatAgent:
    """The agent for this process; pass `model` to drive it with another brain (tests) and
    `tools` to share the process's tool services (the API's container does)."""
    tools = tools or tool_services(settings, database, knowledge)
    return ChatAgent(
        settings,
        database,
        model or build_model(settings, database, knowledge),
        agent_tools(tools, knowledge),
        model_name=model_name(settings) if model is None else model._llm_type,
        context_provider=shopper_context(tools),
        provider_errors=provider_errors(settings),
        add_on=add_on_finder(tools),
    )
