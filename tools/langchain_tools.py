"""The commerce tools as LangChain tools, defined by `tools.definition.define_tool`: each
function's signature and docstring are the model's schema.

Quantity is capped at the configured `max_line_quantity`. A write's idempotency key is the
tool-call id, injected by LangChain and never shown to the model, within the caller's scope (the
turn), so a replayed tool call changes nothing. Results are JSON-serialisable dicts; recoverable
problems come back as a `ToolError` dict.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from langchain_core.tools import BaseTool
from langgraph.runtime import get_runtime
from pydantic import BaseModel

from assistant.config import Settings
from assistant.errors import InvalidInputError, SalesAssistantError
from tools.attribute_sort import rank_products
from tools.bargaining import request_better_price
from tools.cart import (
    add_to_cart,
    apply_coupon,
    remove_coupon,
    remove_from_cart,
    update_cart_item,
    view_cart,
)
from tools.checkout import start_checkout
from tools.compare import compare_products
from tools.definition import CALL_ID, define_tool, takes_idempotency_key
from tools.deps import ToolDeps
from tools.orders import get_order_status
from tools.personal import recommend_for_me, set_personal_recommendations
from tools.pricing import get_price
from tools.product_answers import ask_product
from tools.promotions import list_promotions
from tools.recommend import recommend_products
from tools.results import ToolError
from tools.search import get_product, search_products
from tools.stock import check_stock

# Turns a graph run's context (who is talking, where) into the caller's ToolDeps.
DepsForRun = Callable[[Any], ToolDeps]
ToolFunction = Callable[..., BaseModel]

TOOL_FUNCTIONS: tuple[ToolFunction, ...] = (
    search_products,
    get_product,
    compare_products,
    rank_products,
    ask_product,
    list_promotions,
    check_stock,
    get_price,
    view_cart,
    add_to_cart,
    update_cart_item,
    remove_from_cart,
    apply_coupon,
    remove_coupon,
    start_checkout,
    get_order_status,
    recommend_products,
    request_better_price,
    recommend_for_me,
    set_personal_recommendations,
)


def _error_from_exception(exc: SalesAssistantError) -> ToolError:
    if isinstance(exc, InvalidInputError):
        return ToolError(
            code="invalid_arguments",
            message=exc.message,
            next_step="Call the tool again with valid arguments.",
        )
    return ToolError(
        code="conflict",
        message=exc.message,
        next_step="Tell the shopper something changed at the same moment and try again.",
    )


def _call(function: ToolFunction, deps: ToolDeps, arguments: dict[str, Any]) -> dict[str, Any]:
    call_id = arguments.pop(CALL_ID, None)
    if takes_idempotency_key(function):
        arguments["idempotency_key"] = idempotency_key(deps, call_id)
    try:
        result = function(deps, **arguments)
    except SalesAssistantError as exc:
        result = _error_from_exception(exc)
    return result.model_dump(mode="json")


def idempotency_key(deps: ToolDeps, call_id: str | None) -> str:
    """The key a write is recorded under: the tool-call id within the caller's scope (the
    turn), so a replayed call has one effect while a later turn reusing the id is new. A
    server that sends no id gets a fresh key: nothing to replay against."""
    key = call_id or uuid.uuid4().hex
    return f"{deps.idempotency_scope}:{key}" if deps.idempotency_scope else key


def _bound(function: ToolFunction, deps: ToolDeps) -> Callable[..., dict[str, Any]]:
    def run(**arguments: Any) -> dict[str, Any]:
        return _call(function, deps, arguments)

    return run


def _for_run(function: ToolFunction, deps_for: DepsForRun) -> Callable[..., dict[str, Any]]:
    # The context is read from the graph run rather than from an injected `ToolRuntime`
    # argument, which LangChain drops for tools the model passes no arguments (view_cart).
    def run(**arguments: Any) -> dict[str, Any]:
        return _call(function, deps_for(get_runtime().context), arguments)

    return run


def build_tools(deps: ToolDeps) -> list[BaseTool]:
    """Every commerce tool, bound to one shopper session of one store (scripts and tests)."""
    limit = deps.settings.max_line_quantity
    return [
        define_tool(function, _bound(function, deps), max_quantity=limit)
        for function in TOOL_FUNCTIONS
    ]


def build_runtime_tools(settings: Settings, deps_for: DepsForRun) -> list[BaseTool]:
    """Every commerce tool, built once for a graph: each call acts for the shopper named by
    the run's context, which `deps_for` turns into that caller's `ToolDeps`."""
    limit = settings.max_line_quantity
    return [
        define_tool(function, _for_run(function, deps_for), max_quantity=limit)
        for function in TOOL_FUNCTIONS
    ]
