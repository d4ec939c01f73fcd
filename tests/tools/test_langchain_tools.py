import inspect
import json
from dataclasses import dataclass, replace
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.config import Settings
from tests.tools.conftest import DepsFactory
from tools.definition import parse_docstring
from tools.deps import ToolDeps
from tools.langchain_tools import (
    TOOL_FUNCTIONS,
    build_runtime_tools,
    build_tools,
    idempotency_key,
)
from tools.search import search_products

TOOL_NAMES = {
    "search_products",
    "get_product",
    "compare_products",
    "rank_products",
    "ask_product",
    "list_promotions",
    "check_stock",
    "get_price",
    "view_cart",
    "add_to_cart",
    "update_cart_item",
    "remove_from_cart",
    "apply_coupon",
    "remove_coupon",
    "start_checkout",
    "get_order_status",
    "recommend_products",
    "request_better_price",
    "recommend_for_me",
    "set_personal_recommendations",
}


def schema(deps: ToolDeps, name: str) -> dict[str, Any]:
    tool = next(tool for tool in build_tools(deps) if tool.name == name)
    parameters: dict[str, Any] = convert_to_openai_tool(tool)["function"]["parameters"]
    return parameters


def call(deps: ToolDeps, name: str, call_id: str = "call-1", **args: Any) -> Any:
    tool = next(tool for tool in build_tools(deps) if tool.name == name)
    message = tool.invoke({"type": "tool_call", "id": call_id, "name": name, "args": args})
    assert isinstance(message, ToolMessage)
    return json.loads(str(message.content))


def test_every_tool_is_built(deps: ToolDeps) -> None:
    assert {tool.name for tool in build_tools(deps)} == TOOL_NAMES


def test_every_tool_function_documents_every_argument() -> None:
    for function in TOOL_FUNCTIONS:
        description, arguments = parse_docstring(function.__doc__)
        assert description
        visible = set(inspect.signature(function).parameters) - {"deps", "idempotency_key"}
        assert set(arguments) == visible, function.__name__


def test_schemas_carry_the_docstring_descriptions(deps: ToolDeps) -> None:
    properties = schema(deps, "check_stock")["properties"]
    assert properties["sku"]["description"].startswith("SKU exactly as returned by search_products")
    assert properties["quantity"]["description"] == "Units the shopper wants."


def test_quantity_bounds_follow_the_configured_line_limit(deps: ToolDeps) -> None:
    quantity = schema(deps, "add_to_cart")["properties"]["quantity"]
    assert (quantity["minimum"], quantity["maximum"]) == (1, deps.settings.max_line_quantity)


def test_closed_arguments_are_enumerated_and_bounded(deps: ToolDeps) -> None:
    properties = schema(deps, "search_products")["properties"]
    assert properties["sort"]["enum"] == [
        "relevance",
        "price_low_to_high",
        "price_high_to_low",
        "newest",
    ]
    assert (properties["limit"]["minimum"], properties["limit"]["maximum"]) == (1, 20)
    assert "pattern" in schema(deps, "get_price")["properties"]["sku"]


def test_schemas_hide_deps_and_the_idempotency_key(deps: ToolDeps) -> None:
    for name in TOOL_NAMES:
        properties = set(schema(deps, name).get("properties", {}))
        assert not properties & {"deps", "idempotency_key", "tool_call_id"}, name


def test_a_tool_call_returns_json_of_the_tool_result(deps: ToolDeps) -> None:
    result = call(deps, "search_products", query="storm jacket")
    direct = search_products(deps, "storm jacket")
    assert result == direct.model_dump(mode="json")


def test_the_tool_call_id_is_the_idempotency_key(deps: ToolDeps) -> None:
    call(deps, "add_to_cart", "call-7", sku="SOCK-WOOL-M", quantity=1)
    call(deps, "add_to_cart", "call-7", sku="SOCK-WOOL-M", quantity=1)
    call(deps, "add_to_cart", "call-8", sku="SOCK-WOOL-M", quantity=1)
    assert call(deps, "view_cart")["item_count"] == 2


def test_recoverable_problems_come_back_as_tool_errors(deps: ToolDeps) -> None:
    result = call(deps, "check_stock", sku="NOPE-1")
    assert (result["ok"], result["code"]) == (False, "unknown_sku")
    assert "search_products" in result["next_step"]


def test_arguments_outside_the_schema_come_back_as_tool_errors(deps: ToolDeps) -> None:
    result = call(deps, "add_to_cart", sku="SOCK-WOOL-M", quantity=500)
    assert result["code"] == "invalid_arguments"
    assert "quantity" in result["message"]


def test_a_reused_call_id_for_another_request_comes_back_as_a_conflict(deps: ToolDeps) -> None:
    call(deps, "add_to_cart", "call-9", sku="SOCK-WOOL-M", quantity=1)
    result = call(deps, "add_to_cart", "call-9", sku="BOOT-TRAIL-42", quantity=1)
    assert result["code"] == "conflict"


@pytest.mark.parametrize(
    ("docstring", "expected"),
    [
        ("Do it.", ("Do it.", {})),
        (
            "Do it.\n\n    More.\n\n    Args:\n        a: First\n            line two.\n"
            "        b (int): Second.\n\n    Returns:\n        x: not an argument.\n",
            ("Do it.\n\nMore.", {"a": "First line two.", "b": "Second."}),
        ),
    ],
)
def test_docstrings_split_into_description_and_arguments(
    docstring: str, expected: tuple[str, dict[str, str]]
) -> None:
    assert parse_docstring(docstring) == expected


@dataclass(frozen=True)
class Caller:
    session_id: str


def test_runtime_tools_act_for_the_shopper_each_run_names(
    shop: str, new_deps: DepsFactory, settings: Settings
) -> None:
    alice, bob = new_deps(shop), new_deps(shop)
    by_session = {deps.session_id: deps for deps in (alice, bob)}
    tools = build_runtime_tools(settings, lambda caller: by_session[caller.session_id])
    model = ScriptedChatModel(
        script=[
            tool_call("add_to_cart", sku="BOOT-SUMMIT-43", quantity=1),
            tool_call("view_cart"),  # takes no arguments from the model
            reply("Added."),
            tool_call("view_cart"),
            reply("Empty."),
        ]
    )
    agent = create_agent(model, tools=tools, context_schema=Caller)

    def carts(caller: Caller) -> list[Any]:
        state = agent.invoke({"messages": [HumanMessage("cart?")]}, context=caller)
        results = [
            json.loads(str(m.content)) for m in state["messages"] if isinstance(m, ToolMessage)
        ]
        return [result["item_count"] for result in results]

    assert carts(Caller(alice.session_id)) == [1, 1]
    assert carts(Caller(bob.session_id)) == [0]


def test_idempotency_keys_are_scoped_to_the_turn(deps: ToolDeps) -> None:
    first, second = (
        replace(deps, idempotency_scope="turn-1"),
        replace(deps, idempotency_scope="turn-2"),
    )
    assert idempotency_key(first, "call_0") == idempotency_key(first, "call_0")
    assert idempotency_key(first, "call_0") != idempotency_key(second, "call_0")
    assert idempotency_key(first, None) != idempotency_key(first, None)
    assert idempotency_key(deps, "call_0") == "call_0"
