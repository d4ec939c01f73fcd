"""Reading what a graph run produced: tool calls with results, citations, the final message."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

from assistant.agent.turn import Citation, ToolCallRecord
from assistant.conversations import NewMessage
from retrieval.tokens import count_tokens


def final_ai_message(messages: Sequence[BaseMessage]) -> AIMessage | None:
    """The last model message that calls no tool: the reply."""
    for message in reversed(messages):
        if isinstance(message, AIMessage) and not message.tool_calls:
            return message
    return None


def _parse(content: Any) -> Any:
    if isinstance(content, str):
        try:
            return json.loads(content)
        except ValueError:
            return content
    return content


def tool_calls(messages: Sequence[BaseMessage]) -> list[ToolCallRecord]:
    """Every tool call of the run, paired with its result (parsed from JSON when it is JSON)."""
    results = {
        message.tool_call_id: message for message in messages if isinstance(message, ToolMessage)
    }
    records = []
    for message in messages:
        if not isinstance(message, AIMessage):
            continue
        for call in message.tool_calls:
            answer = results.get(call["id"] or "")
            result = _parse(answer.content) if answer is not None else None
            records.append(
                ToolCallRecord(
                    id=call["id"] or "",
                    name=call["name"],
                    arguments=dict(call["args"]),
                    result=result,
                    ok=answer is not None and answer.status != "error" and _succeeded(result),
                )
            )
    return records


def _succeeded(result: Any) -> bool:
    return not (isinstance(result, dict) and result.get("ok") is False)


def tool_traffic(messages: Sequence[BaseMessage]) -> list[NewMessage]:
    """The tool-calling messages and tool results, as rows for the transcript."""
    traffic = []
    for message in messages:
        if isinstance(message, AIMessage) and message.tool_calls:
            traffic.append(
                NewMessage(
                    role="assistant",
                    content=message.text,
                    tool_calls=[
                        {"id": c["id"], "name": c["name"], "args": c["args"]}
                        for c in message.tool_calls
                    ],
                )
            )
        elif isinstance(message, ToolMessage):
            traffic.append(
                NewMessage(
                    role="tool",
                    content=message.text,
                    author=message.name,
                    tool_call_id=message.tool_call_id,
                )
            )
    return traffic


def citations(calls: Sequence[ToolCallRecord]) -> list[Citation]:
    """The distinct passages the knowledge search returned, in order."""
    seen: dict[tuple[str, str | None], Citation] = {}
    for call in calls:
        result = call.result if isinstance(call.result, dict) else {}
        for hit in result.get("hits", []) or []:
            raw = hit.get("citation") if isinstance(hit, dict) else None
            if isinstance(raw, dict) and raw.get("document_id"):
                citation = Citation.model_validate(raw)
                seen.setdefault((citation.document_id, citation.section), citation)
    return list(seen.values())


def retrieval_confidence(calls: Sequence[ToolCallRecord]) -> float | None:
    """The best confidence a knowledge search of the turn reported, or None."""
    scores = [
        float(call.result["confidence"])
        for call in calls
        if isinstance(call.result, dict) and isinstance(call.result.get("confidence"), int | float)
    ]
    return max(scores) if scores else None


def raised(calls: Sequence[ToolCallRecord], code: str) -> bool:
    """Whether a tool of the turn failed with this error code."""
    return any(isinstance(c.result, dict) and c.result.get("code") == code for c in calls)


def token_usage(messages: Sequence[BaseMessage], text: str, reply: str) -> tuple[int, int]:
    """Tokens in and out: the provider's counts, or tiktoken's count of message and reply."""
    tokens_in = tokens_out = 0
    for message in messages:
        usage = getattr(message, "usage_metadata", None)
        if usage:
            tokens_in += int(usage.get("input_tokens", 0))
            tokens_out += int(usage.get("output_tokens", 0))
    if tokens_in == 0 and tokens_out == 0:
        return count_tokens(text), count_tokens(reply)
    return tokens_in, tokens_out
