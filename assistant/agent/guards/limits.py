"""The turn's system prompt and call limits, as one middleware that adds no graph nodes.

LangChain's `ModelCallLimitMiddleware` and `ToolCallLimitMiddleware` keep counters in the graph
state and check them in hook nodes of their own: three extra steps around every model call.
Here the counts are read from the run's messages instead (everything after the shopper's
message was produced by this run), so the checks run inside the model and tool nodes with the
same outcome: the model call past the limit is never made, and no tool of a batch that would
go past the tool limit runs. Both raise LangChain's own limit errors.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from functools import lru_cache
from typing import Any

from langchain.agents.middleware import AgentMiddleware, ModelRequest, ToolCallRequest
from langchain.agents.middleware.model_call_limit import ModelCallLimitExceededError
from langchain.agents.middleware.tool_call_limit import ToolCallLimitExceededError
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage, ToolMessage
from langgraph.types import Command

from assistant.agent.opening import TurnContext
from prompts import Prompt

ModelHandler = Callable[[ModelRequest[TurnContext]], Any]
AsyncModelHandler = Callable[[ModelRequest[TurnContext]], Awaitable[Any]]
ToolResult = ToolMessage | Command[Any]


class TurnGuard(AgentMiddleware[Any, TurnContext, Any]):
    """Renders the system prompt for the run's store and enforces the per-turn limits."""

    def __init__(self, prompt: Prompt, *, max_model_calls: int, max_tool_calls: int) -> None:
        super().__init__()
        self.max_model_calls = max_model_calls
        self.max_tool_calls = max_tool_calls
        self._render = lru_cache(maxsize=256)(
            lambda store_name, today: prompt.render(store_name=store_name, today=today)
        )

    def _prepared(self, request: ModelRequest[TurnContext]) -> ModelRequest[TurnContext]:
        made = len(_produced_this_run(request.messages))
        if made >= self.max_model_calls:
            raise ModelCallLimitExceededError(
                thread_count=made,
                run_count=made,
                thread_limit=None,
                run_limit=self.max_model_calls,
            )
        store_name = request.runtime.context.store_name
        text = self._render(store_name, time.strftime("%Y-%m-%d"))
        return request.override(system_message=SystemMessage(content=text))

    def _check_tools(self, request: ToolCallRequest) -> None:
        messages = request.state.get("messages", []) if isinstance(request.state, dict) else []
        calls = sum(len(message.tool_calls) for message in _produced_this_run(messages))
        if calls > self.max_tool_calls:
            raise ToolCallLimitExceededError(
                thread_count=calls,
                run_count=calls,
                thread_limit=None,
                run_limit=self.max_tool_calls,
            )

    def wrap_model_call(self, request: ModelRequest[TurnContext], handler: ModelHandler) -> Any:
        """Check the model-call limit, then call the model with the store's system prompt."""
        return handler(self._prepared(request))

    async def awrap_model_call(
        self, request: ModelRequest[TurnContext], handler: AsyncModelHandler
    ) -> Any:
        """Check the model-call limit, then call the model with the store's system prompt."""
        return await handler(self._prepared(request))

    def wrap_tool_call(
        self, request: ToolCallRequest, handler: Callable[[ToolCallRequest], ToolResult]
    ) -> ToolResult:
        """Run the tool unless its batch takes the turn past the tool-call limit."""
        self._check_tools(request)
        return handler(request)

    async def awrap_tool_call(
        self, request: ToolCallRequest, handler: Callable[[ToolCallRequest], Awaitable[ToolResult]]
    ) -> ToolResult:
        """Run the tool unless its batch takes the turn past the tool-call limit."""
        self._check_tools(request)
        return await handler(request)


def _produced_this_run(messages: Sequence[AnyMessage]) -> list[AIMessage]:
    """The model's messages after the shopper's message: one per model call of this run."""
    found: list[AIMessage] = []
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            break
        if isinstance(message, AIMessage):
            found.append(message)
    return found
