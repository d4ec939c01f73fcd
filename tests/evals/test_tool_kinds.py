from evals.tool_kinds import READ_TOOLS, WRITE_TOOLS, tool_kind
from tools.definition import takes_idempotency_key
from tools.langchain_tools import TOOL_FUNCTIONS


def test_every_commerce_tool_is_classed_as_its_signature_says() -> None:
    for function in TOOL_FUNCTIONS:
        name = function.__name__
        assert name in (WRITE_TOOLS if takes_idempotency_key(function) else READ_TOOLS), name


def test_the_agents_own_tools_are_classed() -> None:
    assert (tool_kind("search_knowledge"), tool_kind("request_human")) == ("read", "write")


def test_no_tool_is_both_a_read_and_a_write() -> None:
    assert not READ_TOOLS & WRITE_TOOLS
