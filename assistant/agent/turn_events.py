"""Progress of a turn for streaming clients: tool calls as they finish, then the checked reply."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from langchain_core.messages import BaseMessage, ToolMessage

from assistant.agent.graph_output import tool_calls
from assistant.agent.turn import TurnResult


@dataclass(frozen=True)
class TurnEvent:
    """Progress of a turn for a streaming client.

    `tool` when a tool call finishes (data: name, arguments, ok); `token` for pieces of the
    reply; `citation` per cited passage; `done` with the whole TurnResult. Reply text is only
    streamed after the grounding guard has checked it, so a shopper never sees a figure that
    is then taken back.
    """

    kind: Literal["tool", "token", "citation", "done"]
    data: dict[str, Any]


EventSink = Callable[[TurnEvent], Awaitable[None]]


async def emit_tools(
    sink: EventSink, produced: Sequence[BaseMessage], new: Sequence[BaseMessage]
) -> None:
    """A `tool` event for each tool call whose result is among the `new` messages."""
    finished = {m.tool_call_id for m in new if isinstance(m, ToolMessage)}
    for call in tool_calls(produced):
        if call.id in finished:
            await sink(
                TurnEvent("tool", {"name": call.name, "arguments": call.arguments, "ok": call.ok})
            )


async def emit_result(sink: EventSink | None, result: TurnResult) -> None:
    """The reply in pieces, its citations, then `done` with the whole result."""
    if sink is None:
        return
    for piece in pieces(result.reply):
        await sink(TurnEvent("token", {"text": piece}))
    for citation in result.citations:
        await sink(TurnEvent("citation", citation.model_dump()))
    await sink(TurnEvent("done", result.model_dump(mode="json")))


def pieces(text: str) -> list[str]:
    """Word-sized pieces (characters for Chinese) that join back to the text exactly."""
    return re.findall(r"\S+\s*|\s+", text) if " " in text else list(text)
