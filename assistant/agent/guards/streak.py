"""The unhelpful-turn streak: several turns in a row that did not help go to a person.

A brain may say whether its turn helped (`BrainReport.resolved`); when it does not say (an LLM),
the loop judges from what happened: the grounding guard had to cut the reply, every tool the
turn called failed, or the knowledge search was below the store's confidence threshold with no
other tool to show for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.agent.contract import BrainReport
from assistant.agent.turn import ToolCallRecord

UNHELPFUL_TURNS_BEFORE_HANDOFF = 3


def turn_was_unhelpful(
    report: BrainReport | None,
    calls: Sequence[ToolCallRecord],
    *,
    threshold: float,
    cut_by_grounding: bool,
) -> bool:
    """Whether this turn failed to help the shopper."""
    if report is not None and report.resolved is not None:
        return not report.resolved
    if cut_by_grounding:
        return True
    tools = [call for call in calls if call.name != "request_human"]
    if tools and not any(call.ok for call in tools):
        return True
    knowledge = [call for call in tools if call.name == "search_knowledge" and call.ok]
    others = [call for call in tools if call.name != "search_knowledge" and call.ok]
    if knowledge and not others:
        best = max(_confidence(call) for call in knowledge)
        return best < threshold
    return False


def next_streak(previous: int, unhelpful: bool) -> int:
    """The streak after this turn."""
    return previous + 1 if unhelpful else 0


def _confidence(call: ToolCallRecord) -> float:
    result = call.result if isinstance(call.result, dict) else {}
    value = result.get("confidence")
    return float(value) if isinstance(value, int | float) else 0.0
