"""`request_human`: the tool any brain calls to hand the conversation to a person."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field

from assistant.domain.handoff_reasons import HandoffReason, RequestableReason
from tools.definition import define_tool


class HandoffRequested(BaseModel):
    """What the tool returns: the conversation is queued for a person."""

    status: Literal["queued"] = "queued"
    reason: HandoffReason
    next_step: str = "Tell the shopper a person will reply here shortly; do not answer further."


def request_human(
    reason: RequestableReason,
    summary: Annotated[str, Field(max_length=500)] = "",
) -> HandoffRequested:
    """Hand this conversation to a human agent.

    Call it when the shopper asks for a person, is upset or complaining, wants something the
    shop does not allow you to do (a refund outside the policy, a larger discount), or when you
    cannot answer with confidence from the tools and the knowledge base.

    Args:
        reason: Why a person is needed.
        summary: One or two sentences for the human agent: what the shopper wants so far.
    """
    return HandoffRequested(reason=reason)


def _run(**arguments: Any) -> dict[str, Any]:
    return request_human(**arguments).model_dump(mode="json")


@cache
def build_request_human_tool() -> BaseTool:
    """The LangChain tool (built once); the loop performs the actual transition after the
    model's turn."""
    return define_tool(request_human, _run)
