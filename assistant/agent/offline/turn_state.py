"""The offline engine's view of the turn so far: the shopper's message, what the loop told the
brain (`BrainInput`), and the tool calls already made with their results."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from assistant.agent.contract import BrainInput


@dataclass(frozen=True)
class DoneCall:
    """A tool call of this turn and its parsed result."""

    name: str
    args: dict[str, Any]
    result: Any

    @property
    def ok(self) -> bool:
        """False when the tool answered with a recoverable error."""
        return not (isinstance(self.result, dict) and self.result.get("ok") is False)


@dataclass(frozen=True)
class TurnState:
    """Everything the engine may read to decide its next step."""

    text: str
    brain: BrainInput
    done: tuple[DoneCall, ...] = field(default_factory=tuple)

    def last(self, name: str) -> DoneCall | None:
        """The most recent call of a tool in this turn."""
        for call in reversed(self.done):
            if call.name == name:
                return call
        return None

    def called(self, name: str) -> int:
        """How many times a tool was called this turn."""
        return sum(1 for call in self.done if call.name == name)

    @property
    def store_id(self) -> str:
        """The store of the conversation."""
        return self.brain.store_id

    @property
    def threshold(self) -> float:
        """The store's handoff threshold for retrieval confidence."""
        return self.brain.settings.handoff_threshold


def read_turn(messages: Sequence[BaseMessage], brain: BrainInput) -> TurnState:
    """Split the conversation at the shopper's latest message and collect what followed."""
    start = None
    for index in range(len(messages) - 1, -1, -1):
        message = messages[index]
        if isinstance(message, HumanMessage) and message.name != "summary":
            start = index
            break
    if start is None:
        return TurnState(text="", brain=brain)
    results = {
        m.tool_call_id: _parse(m.content) for m in messages[start:] if isinstance(m, ToolMessage)
    }
    done = [
        DoneCall(call["name"], dict(call["args"]), results.get(call["id"] or ""))
        for message in messages[start:]
        if isinstance(message, AIMessage)
        for call in message.tool_calls
    ]
    return TurnState(text=messages[start].text, brain=brain, done=tuple(done))


def _parse(content: Any) -> Any:
    if isinstance(content, str):
        try:
            return json.loads(content)
        except ValueError:
            return {"ok": False, "code": "unreadable", "message": content}
    return content
