"""Every tool the model sees is defined one way: its signature and docstring are the schema."""

from typing import Any

import pytest
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from assistant.agent.handoff_tool import build_request_human_tool, request_human
from assistant.agent.knowledge_tool import search_knowledge
from assistant.config import Settings
from assistant.domain.handoff_reasons import REQUESTABLE, HandoffReason
from tools.definition import arguments_schema, define_tool, model_arguments, parse_docstring
from tools.langchain_tools import TOOL_FUNCTIONS, build_runtime_tools

FUNCTIONS = [*TOOL_FUNCTIONS, request_human, search_knowledge]


def parameters(tool: BaseTool) -> dict[str, Any]:
    schema: dict[str, Any] = convert_to_openai_tool(tool)["function"]["parameters"]
    return schema


def no_run(**_: Any) -> None:
    raise AssertionError("not called")


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda function: function.__name__)
def test_the_schema_has_exactly_the_documented_arguments(function: Any) -> None:
    description, documented = parse_docstring(function.__doc__)
    properties = parameters(define_tool(function, no_run)).get("properties", {})
    assert description
    assert list(properties) == model_arguments(function) == list(documented)
    for name, text in documented.items():
        assert properties[name]["description"] == text, name


def test_the_handoff_reason_is_closed_to_the_reasons_a_brain_may_give() -> None:
    properties = parameters(build_request_human_tool())["properties"]
    assert properties["reason"]["enum"] == [member.value for member in REQUESTABLE]
    assert HandoffReason.INTERNAL_ERROR.value not in properties["reason"]["enum"]
    assert properties["summary"]["maxLength"] == 500


def test_a_reason_of_the_loops_own_is_refused_as_an_argument() -> None:
    result = build_request_human_tool().invoke({"reason": "repeated_injection"})
    assert "invalid_arguments" in str(result)
    assert build_request_human_tool().invoke({"reason": "complaint"})["reason"] == "complaint"


def test_the_knowledge_search_is_closed_and_bounded() -> None:
    properties = parameters(define_tool(search_knowledge, no_run))["properties"]
    assert properties["doc_types"]["anyOf"][0]["items"]["enum"] == [
        "product",
        "faq",
        "policy",
        "other",
    ]
    assert (properties["limit"]["minimum"], properties["limit"]["maximum"]) == (1, 10)
    assert (properties["query"]["minLength"], properties["query"]["maxLength"]) == (1, 500)


def test_tool_schemas_are_built_once() -> None:
    settings = Settings(_env_file=None)
    first = build_runtime_tools(settings, lambda _context: None)  # type: ignore[arg-type,return-value]
    again = build_runtime_tools(settings, lambda _context: None)  # type: ignore[arg-type,return-value]
    assert all(a.args_schema is b.args_schema for a, b in zip(first, again, strict=True))
    assert arguments_schema(search_knowledge) is arguments_schema(search_knowledge)
    assert build_request_human_tool() is build_request_human_tool()
