"""What one chat turn produces: the shape the API, the CLI and the eval harness all read."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.domain.handoff_reasons import HandoffReason
from retrieval.results import Citation

__all__ = ["Citation", "HandoffInfo", "ToolCallRecord", "TurnResult"]

HandoffState = Literal["bot", "waiting", "human", "resolved"]


class ToolCallRecord(BaseModel):
    """One tool call of the turn, with its arguments and the JSON-able result."""

    id: str
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    result: Any = None
    ok: bool = True


class HandoffInfo(BaseModel):
    """The conversation's handoff state after the turn."""

    state: HandoffState = "bot"
    reason: HandoffReason | None = None
    message: str | None = None


class TurnResult(BaseModel):
    """The assistant's answer to one shopper message."""

    conversation_id: str
    reply: str
    language: Literal["en", "zh"] = "en"
    tool_calls: list[ToolCallRecord] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    confidence: float | None = None
    handoff: HandoffInfo = Field(default_factory=HandoffInfo)
    quick_replies: list[str] = Field(default_factory=list)
    grounding_violations: list[str] = Field(default_factory=list)
    input_guard: str | None = Field(
        default=None, description="Set when a guard refused the message in code ('injection')."
    )
    model: str = ""
    prompt_version: str = ""
    latency_ms: float = 0.0
    timings: dict[str, float] = Field(
        default_factory=dict, description="Milliseconds per stage: model, tools, persist."
    )
    tokens_in: int = 0
    tokens_out: int = 0
