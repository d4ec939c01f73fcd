"""What the admin's "try it" endpoint takes and returns: a shopper's question, and everything
the turn did (reply, citations, confidence, the tools it called, guards, handoff)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.agent.turn import HandoffInfo, ToolCallRecord, TurnResult
from assistant.api.chat_schemas import ChatRequest
from retrieval.results import Citation


class TryItRequest(ChatRequest):
    """A question asked as a shopper would ask it, with the same limits as a chat message."""


class TryItResult(BaseModel):
    """One turn in a throwaway session, as the assistant ran it; nothing of it is kept."""

    reply: str
    language: Literal["en", "zh"]
    citations: list[Citation]
    confidence: float | None = Field(description="How sure the assistant was (0 to 1).")
    tool_calls: list[ToolCallRecord] = Field(description="Each tool called, in order.")
    handoff: HandoffInfo = Field(description="Whether a shopper would have been handed over.")
    quick_replies: list[str]
    grounding_violations: list[str] = Field(
        description="Figures the reply stated that no tool or passage backed (removed)."
    )
    input_guard: str | None = Field(description="Set when a guard refused the message.")
    model: str
    latency_ms: float

    @classmethod
    def of(cls, result: TurnResult) -> TryItResult:
        """The fields of the turn an admin reads."""
        return cls.model_validate(result.model_dump(include=set(cls.model_fields)))
