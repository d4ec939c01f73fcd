"""The one way to define a tool the model calls: a typed function whose signature and docstring
are the schema.

The function's parameters are the arguments, except `deps` (its collaborators, supplied by
whoever runs it) and `idempotency_key` (supplied from the tool-call id). Types, `Literal`s,
enums and `Field` bounds in the annotations close the arguments; the docstring's first part is
the tool's description and its `Args:` section describes each argument. The argument model is
built once per function (and quantity limit), so binding tools to a graph costs nothing per turn.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, get_type_hints

from langchain_core.tools import BaseTool, InjectedToolCallId, StructuredTool
from pydantic import BaseModel, Field, ValidationError, create_model
from pydantic.fields import FieldInfo

from tools.results import ToolError

HIDDEN_PARAMETERS = frozenset({"deps", "idempotency_key"})
# The injected argument carrying the tool-call id; never shown to the model.
CALL_ID = "tool_call_id"
_ARG_LINE = re.compile(r"^(\w+)(?:\s*\([^)]*\))?:\s*(.*)$")


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


def model_arguments(function: Callable[..., Any]) -> list[str]:
    """The names of the arguments the model fills in, in signature order."""
    parameters = inspect.signature(function).parameters
    return [name for name in parameters if name not in HIDDEN_PARAMETERS]


def takes_idempotency_key(function: Callable[..., Any]) -> bool:
    """True when the function writes and so takes an idempotency key."""
    return "idempotency_key" in inspect.signature(function).parameters


@cache
def arguments_schema(
    function: Callable[..., Any], max_quantity: int | None = None
) -> type[BaseModel]:
    """The arguments the model fills in, with descriptions and bounds; `max_quantity` caps an
    argument named `quantity` (the configured per-line maximum)."""
    hints = get_type_hints(function, include_extras=True)
    _, descriptions = parse_docstring(function.__doc__)
    fields: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name in HIDDEN_PARAMETERS:
            continue
        annotation = hints[name]
        if name == "quantity" and max_quantity is not None:
            annotation = Annotated[annotation, Field(le=max_quantity)]
        default = ... if parameter.default is inspect.Parameter.empty else parameter.default
        field = FieldInfo.merge_field_infos(
            FieldInfo.from_annotation(annotation),
            Field(default, description=descriptions.get(name)),
        )
        fields[name] = (annotation, field)
    if takes_idempotency_key(function):
        fields[CALL_ID] = (Annotated[str, InjectedToolCallId], ...)
    model: type[BaseModel] = create_model(f"{function.__name__}_arguments", **fields)
    return model


def invalid_arguments(error: ValidationError) -> str:
    """Arguments that do not fit the schema, as a `ToolError` the model can act on."""
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


def define_tool(
    function: Callable[..., Any],
    run: Callable[..., Any],
    *,
    max_quantity: int | None = None,
) -> BaseTool:
    """The LangChain tool named and described by `function`; a call runs `run` with the
    model's arguments (and `tool_call_id` when the function writes)."""
    description, _ = parse_docstring(function.__doc__)
    return StructuredTool.from_function(
        func=run,
        name=function.__name__,
        description=description,
        args_schema=arguments_schema(function, max_quantity),
        infer_schema=False,
        handle_validation_error=invalid_arguments,
    )
