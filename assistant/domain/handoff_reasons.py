"""Why a conversation went to a person: one list for the loop, the tool, the queue and the console.

The console shows `label`; the queue orders by `priority` (angry shoppers and requests past the
store's limits first, a plain "a person, please" and the assistant's own doubts after).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema


class HandoffReason(StrEnum):
    """A reason a conversation is handed to a human agent."""

    ASKED_FOR_HUMAN = "asked_for_human"
    COMPLAINT = "complaint"
    LOW_CONFIDENCE = "low_confidence"
    OUT_OF_POLICY = "out_of_policy"
    OUT_OF_STOCK = "out_of_stock"
    SERVICE_REQUEST = "service_request"
    REPEATED_FAILURE = "repeated_failure"
    REPEATED_INJECTION = "repeated_injection"
    NO_ANSWER = "no_answer"
    LIMIT_REACHED = "limit_reached"
    PROVIDER_ERROR = "provider_error"
    INTERNAL_ERROR = "internal_error"
    OTHER = "other"

    @property
    def label(self) -> str:
        """How the console names it."""
        return _LABELS[self]

    @property
    def priority(self) -> int:
        """Queue priority: higher is served first."""
        return _PRIORITY.get(self, 0)


_LABELS: dict[HandoffReason, str] = {
    HandoffReason.ASKED_FOR_HUMAN: "Asked for a person",
    HandoffReason.COMPLAINT: "Complaint",
    HandoffReason.LOW_CONFIDENCE: "Bot unsure",
    HandoffReason.OUT_OF_POLICY: "Outside policy",
    HandoffReason.OUT_OF_STOCK: "Out of stock",
    HandoffReason.SERVICE_REQUEST: "Service request",
    HandoffReason.REPEATED_FAILURE: "Bot could not help",
    HandoffReason.REPEATED_INJECTION: "Repeated attempts to misuse the bot",
    HandoffReason.NO_ANSWER: "Bot had no answer",
    HandoffReason.LIMIT_REACHED: "Limit reached",
    HandoffReason.PROVIDER_ERROR: "Model failure",
    HandoffReason.INTERNAL_ERROR: "Assistant error",
    HandoffReason.OTHER: "Other",
}

_PRIORITY: dict[HandoffReason, int] = {
    HandoffReason.COMPLAINT: 2,
    HandoffReason.OUT_OF_POLICY: 1,
    HandoffReason.PROVIDER_ERROR: 1,
    HandoffReason.INTERNAL_ERROR: 1,
    HandoffReason.LIMIT_REACHED: 1,
    HandoffReason.REPEATED_INJECTION: 1,
}


# The reasons a brain may give when it asks for a person. The others are the loop's own (a limit,
# a failure, a streak, repeated override attempts): no model chooses them.
REQUESTABLE: tuple[HandoffReason, ...] = (
    HandoffReason.ASKED_FOR_HUMAN,
    HandoffReason.COMPLAINT,
    HandoffReason.LOW_CONFIDENCE,
    HandoffReason.OUT_OF_POLICY,
    HandoffReason.OUT_OF_STOCK,
    HandoffReason.SERVICE_REQUEST,
    HandoffReason.OTHER,
)


def _requestable(reason: HandoffReason) -> HandoffReason:
    if reason not in REQUESTABLE:
        raise ValueError(f"{reason.value!r} is not a reason to give; use one of the listed ones")
    return reason


RequestableReason = Annotated[
    HandoffReason,
    AfterValidator(_requestable),
    WithJsonSchema({"type": "string", "enum": [reason.value for reason in REQUESTABLE]}),
]


def reason_priority(reason: str | None) -> int:
    """Priority of a stored reason (0 for an unknown or missing one)."""
    try:
        return HandoffReason(reason).priority if reason else 0
    except ValueError:
        return 0
