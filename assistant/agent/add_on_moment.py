"""The right moment for one add-on suggestion: right after an add to the cart, never during a
complaint or a handoff. A loop unit, so it holds whichever brain ran the turn.

The suggestion itself (in stock, in the shopper's size, with its reason) comes from the catalog
through `tools.add_on`; the sentence is written here from that result, and the result is kept
as the turn's evidence like any tool result, so every figure in it is grounded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.agent.contract import BrainReport
from assistant.agent.opening import TurnContext
from assistant.agent.turn import ToolCallRecord
from assistant.agent.understanding.cues import match_cues
from assistant.agent.understanding.scan import Scan
from assistant.domain.handoff_reasons import HandoffReason
from text.normalise import normalise
from tools.add_on import AddOn

# Finds the suggestion for the turn's shopper after a SKU went into the cart.
AddOnFinder = Callable[[TurnContext, str], AddOn | None]
ADD_ON_CALL = "suggest_add_on"
# Cue strength from which a message reads as a complaint (as the offline engine's scoring uses).
COMPLAINT_SCORE = 1.4
COMPLAINT_INTENTS = frozenset({"complaint", "human_request"})

_REASONS = {
    "made_for": ("made for the {base}", "专为{base}设计"),
    "goes_with": ("it goes with the {base}", "和{base}很搭"),
    "bought_together": ("often bought with the {base}", "常与{base}一起购买"),
}
_SENTENCE = (
    "You might also want the {title}{options} at {price}: {reason}.",
    "您可能还需要{title}{options}，{price}，{reason}。",
)


def added_sku(calls: Sequence[ToolCallRecord]) -> str | None:
    """The SKU of the turn's last successful add to the cart."""
    for call in reversed(calls):
        if call.name == "add_to_cart" and call.ok:
            sku = call.arguments.get("sku")
            return str(sku) if sku else None
    return None


def reads_as_complaint(text: str) -> bool:
    """Whether the message complains or is angry, read in code whatever the brain made of it."""
    hits = match_cues(Scan(normalise(text)))
    return hits.scores.get("complaint", 0.0) >= COMPLAINT_SCORE or "anger" in hits.signals


def add_on_moment(
    text: str,
    calls: Sequence[ToolCallRecord],
    report: BrainReport | None,
    handoff: HandoffReason | None,
) -> str | None:
    """The SKU to suggest an add-on for, when this turn is the moment for one."""
    if handoff is not None:
        return None
    if any(call.name in ("request_human", ADD_ON_CALL) for call in calls):
        return None
    if report is not None and report.intent in COMPLAINT_INTENTS:
        return None
    sku = added_sku(calls)
    if sku is None or reads_as_complaint(text):
        return None
    return sku


def add_on_sentence(add_on: AddOn, language: str) -> str:
    """One sentence naming the product, its options, its price now and why it fits."""
    index = 1 if language == "zh" else 0
    values = [value for value in add_on.options.values() if value]
    options = ""
    if values:
        options = f"（{'，'.join(values)}）" if index else f" ({', '.join(values)})"
    reason = _REASONS[add_on.reason][index].format(base=add_on.because_of)
    return _SENTENCE[index].format(
        title=add_on.title, options=options, price=add_on.price.display, reason=reason
    )


def add_on_record(add_on: AddOn, sku: str) -> ToolCallRecord:
    """The suggestion as a call of the turn: shown in transcripts and read as evidence."""
    return ToolCallRecord(
        id=f"{ADD_ON_CALL}-{sku}",
        name=ADD_ON_CALL,
        arguments={"after": sku},
        result=add_on.model_dump(mode="json"),
    )
