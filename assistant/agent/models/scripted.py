"""A chat model that plays a fixed script of turns: for unit tests of the loop and the guards."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from pydantic import Field, PrivateAttr


def tool_call(name: str, **arguments: Any) -> AIMessage:
    """A scripted turn in which the model calls one tool."""
    return AIMessage(
        content="",
        tool_calls=[
            {"name": name, "args": arguments, "id": f"call_{uuid.uuid4().hex}", "type": "tool_call"}
        ],
    )


def reply(text: str) -> AIMessage:
    """A scripted final answer."""
    return AIMessage(content=text)


class ScriptExhaustedError(RuntimeError):
    """The loop asked the scripted model for more turns than the test wrote."""


class ScriptedChatModel(BaseChatModel):
    """Returns the scripted messages in order and records what it was sent."""

    script: list[AIMessage] = Field(default_factory=list)
    _position: int = PrivateAttr(default=0)
    _received: list[list[BaseMessage]] = PrivateAttr(default_factory=list)
    _bound_tools: list[str] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    @property
    def received(self) -> list[list[BaseMessage]]:
        """The message lists the loop sent, one per model call."""
        return self._received

    @property
    def bound_tool_names(self) -> list[str]:
        """Names of the tools the loop bound."""
        return self._bound_tools

    def add(self, *turns: AIMessage) -> None:
        """Append turns to the script."""
        self.script.extend(turns)

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Record the tool names; the script decides which are called."""
        self._bound_tools = [getattr(tool, "name", str(tool)) for tool in tools]
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self._received.append(list(messages))
        if self._position >= len(self.script):
            raise ScriptExhaustedError(f"the script has only {len(self.script)} turns")
        message = self.script[self._position]
        self._position += 1
        return ChatResult(generations=[ChatGeneration(message=message)])
