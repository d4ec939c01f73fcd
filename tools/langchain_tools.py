"""The tools as LangChain `StructuredTool`s: the signature and docstring are the model's schema.

The schema is built from each function's parameters minus `deps` and `idempotency_key`; argument
descriptions come from the docstring's Args section and bounds from the annotations (quantity is
capped at the configured `max_line_quantity`). A write's idempotency key is the tool-call id,
injected by LangChain and never shown to the model, within the caller's scope (the turn), so a
replayed tool call changes nothing.
Results are JSON-serialisable dicts; recoverable problems come back as a `ToolError` dict.
"""

from __future__ import annotations

import inspect
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, get_type_hints

from langchain_core.tools import BaseTool, InjectedToolCallId, StructuredTool
from langgraph.runtime import get_runtime
from pydantic import BaseModel, Field, ValidationError, create_model
from pydantic.fields import FieldInfo

from assistant.config import Settings
from assistant.errors import InvalidInputError, SalesAssistantError
from tools.cart import (
    add_to_cart,
    apply_coupon,
    remove_coupon,
    remove_from_cart,
    update_cart_item,
    view_cart,
)
from tools.checkout import start_checkout
from tools.deps import ToolDeps
from tools.orders import get_order_status
from tools.pricing import get_price
from tools.recommend import recommend_products
from tools.results import ToolError
from tools.search import get_product, search_products
from tools.stock import check_stock

HIDDEN_PARAMETERS = frozenset({"deps", "idempotency_key"})
# Turns a graph run's context (who is talking, where) into the caller's ToolDeps.
DepsForRun = Callable[[Any], ToolDeps]
_ARG_LINE = re.compile(r"^(\w+)(?:\s*\([^)]*\))?:\s*(.*)$")


@dataclass(frozen=True)
class ToolSpec:
    """A tool function and whether it writes (and so takes an idempotency key)."""

    function: Callable[..., BaseModel]

    @property
    def writes(self) -> bool:
        """True when the function takes an idempotency key."""
        return "idempotency_key" in inspect.signature(self.function).parameters


TOOL_SPECS: tuple[ToolSpec, ...] = tuple(
    ToolSpec(function)
    for function in (
        search_products,
        get_product,
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
    )
)


def parse_docstring(docstring: str | None) -> tuple[str, dict[str, str]]:
    """The description (everything before `Args:`) and each argument's description."""
    text = inspect.cleandoc(docstring or "")
    head, _, rest = text.partition("\nArgs:")
    arguments: dict[str, str] = {}
    current: str | None = None
    for line in rest.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not line.startswith(" "):
            break  # the next section (Returns:, Raises:) begins
        match = _ARG_LINE.match(stripped)
        if match and line.startswith("    ") and not line.startswith("     "):
            current = match.group(1)
            arguments[current] = match.group(2).strip()
        elif current is not None:
            arguments[current] = f"{arguments[current]} {stripped}"
    return head.strip(), arguments


def args_schema(spec: ToolSpec, deps: ToolDeps) -> type[BaseModel]:
    """The arguments the model fills in, with descriptions and bounds."""
    return _args_schema(spec, deps.settings.max_line_quantity)


@cache
def _args_schema(spec: ToolSpec, max_line_quantity: int) -> type[BaseModel]:
    # Built once per tool and limit: tools are bound to every turn, schemas need not be.
    function = spec.function
    hints = get_type_hints(function, include_extras=True)
    _, descriptions = parse_docstring(function.__doc__)
    fields: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name in HIDDEN_PARAMETERS:
            continue
        annotation = hints[name]
        if name == "quantity":
            annotation = Annotated[annotation, Field(le=max_line_quantity)]
        default = ... if parameter.default is inspect.Parameter.empty else parameter.default
        field = FieldInfo.merge_field_infos(
            FieldInfo.from_annotation(annotation),
            Field(default, description=descriptions.get(name)),
        )
        fields[name] = (annotation, field)
    if spec.writes:
        fields["tool_call_id"] = (Annotated[str, InjectedToolCallId], ...)
    model: type[BaseModel] = create_model(f"{function.__name__}_arguments", **fields)
    return model


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


def _invalid_arguments(error: ValidationError) -> str:
    problems = "; ".join(
        f"{'.'.join(str(part) for part in item['loc']) or 'arguments'}: {item['msg']}"
        for item in error.errors()
    )
    result = ToolError(
        code="invalid_arguments",
        message=f"The arguments do not fit the tool: {problems}.",
        next_step="Call the tool again with arguments that fit its schema.",
    )
    return json.dumps(result.model_dump(mode="json"))


def _call(spec: ToolSpec, deps: ToolDeps, arguments: dict[str, Any]) -> dict[str, Any]:
    call_id = arguments.pop("tool_call_id", None)
    if spec.writes:
        arguments["idempotency_key"] = idempotency_key(deps, call_id)
    try:
        result = spec.function(deps, **arguments)
    except SalesAssistantError as exc:
        result = _error_from_exception(exc)
    return result.model_dump(mode="json")


def idempotency_key(deps: ToolDeps, call_id: str | None) -> str:
    """The key a write is recorded under: the tool-call id within the caller's scope (the
    turn), so a replayed call has one effect while a later turn reusing the id is new. A
    server that sends no id gets a fresh key: nothing to replay against."""
    key = call_id or uuid.uuid4().hex
    return f"{deps.idempotency_scope}:{key}" if deps.idempotency_scope else key


def _runner(spec: ToolSpec, deps: ToolDeps) -> Callable[..., dict[str, Any]]:
    def run(**arguments: Any) -> dict[str, Any]:
        return _call(spec, deps, arguments)

    return run


def _runtime_runner(spec: ToolSpec, deps_for: DepsForRun) -> Callable[..., dict[str, Any]]:
    # The context is read from the graph run rather than from an injected `ToolRuntime`
    # argument, which LangChain drops for tools the model passes no arguments (view_cart).
    def run(**arguments: Any) -> dict[str, Any]:
        return _call(spec, deps_for(get_runtime().context), arguments)

    return run


def _structured_tool(
    spec: ToolSpec, run: Callable[..., dict[str, Any]], max_line_quantity: int
) -> BaseTool:
    description, _ = parse_docstring(spec.function.__doc__)
    return StructuredTool.from_function(
        func=run,
        name=spec.function.__name__,
        description=description,
        args_schema=_args_schema(spec, max_line_quantity),
        infer_schema=False,
        handle_validation_error=_invalid_arguments,
    )


def build_tool(spec: ToolSpec, deps: ToolDeps) -> BaseTool:
    """One LangChain tool bound to `deps`."""
    return _structured_tool(spec, _runner(spec, deps), deps.settings.max_line_quantity)


def build_tools(deps: ToolDeps) -> list[BaseTool]:
    """Every commerce tool, bound to one shopper session of one store."""
    return [build_tool(spec, deps) for spec in TOOL_SPECS]


def build_runtime_tools(settings: Settings, deps_for: DepsForRun) -> list[BaseTool]:
    """Every commerce tool, built once for a graph: each call acts for the shopper named by
    the run's context, which `deps_for` turns into that caller's `ToolDeps`."""
    return [
        _structured_tool(spec, _runtime_runner(spec, deps_for), settings.max_line_quantity)
        for spec in TOOL_SPECS
    ]
