"""The tool-error guard: a tool that raises becomes a typed error its brain can act on.

A bug in a tool must not end the turn as a "model failure" with nothing in the logs: it is
logged with its traceback (and the request id the log formatter adds), and the brain receives a
`tool_error` result telling it to apologise and offer a person, as it would for any failed tool.
The turn's limit errors and LangGraph's own control flow pass through untouched.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from langchain.agents.middleware import AgentMiddleware, ToolCallRequest
from langchain.agents.middleware.tool_call_limit import ToolCallLimitExceededError
from langchain_core.messages import ToolMessage
from langgraph.errors import GraphBubbleUp
from langgraph.types import Command

from assistant.agent.contract import TOOL_ERROR_CODE
from assistant.agent.opening import TurnContext

log = logging.getLogger("assistant.agent.tools")

ToolResult = ToolMessage | Command[Any]
_PASS_THROUGH = (GraphBubbleUp, ToolCallLimitExceededError)


class ToolErrorGuard(AgentMiddleware[Any, TurnContext, Any]):
    """Turns an exception inside a tool into a `tool_error` result and a log line."""

    def _failed(self, request: ToolCallRequest, error: Exception) -> ToolMessage:
        name = request.tool_call["name"]
        context = request.runtime.context
        log.exception(
            "tool %s raised %s",
            name,
            type(error).__name__,
            extra={
                "tool": name,
                "conversation_id": getattr(context, "conversation_id", None),
            },
        )
        content = {
            "ok": False,
            "code": TOOL_ERROR_CODE,
            "message": "The tool failed on our side. Tell the shopper you could not do this "
            "right now and offer a person (request_human); do not retry it this turn.",
        }
        return ToolMessage(
            content=json.dumps(content),
            tool_call_id=request.tool_call["id"] or "",
            name=name,
            status="error",
        )

    def wrap_tool_call(
        self, request: ToolCallRequest, handler: Callable[[ToolCallRequest], ToolResult]
    ) -> ToolResult:
        """Run the tool; an exception becomes a `tool_error` result."""
        try:
            return handler(request)
        except _PASS_THROUGH:
            raise
        except Exception as error:
            return self._failed(request, error)

    async def awrap_tool_call(
        self, request: ToolCallRequest, handler: Callable[[ToolCallRequest], Awaitable[ToolResult]]
    ) -> ToolResult:
        """Run the tool; an exception becomes a `tool_error` result."""
        try:
            return await handler(request)
        except _PASS_THROUGH:
            raise
        except Exception as error:
            return self._failed(request, error)
