"""The figure a human agent sees beside a handoff is the one that triggered it."""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.engine import OfflineEngine
from assistant.agent.offline.turn_state import DoneCall, TurnState
from assistant.agent.understanding import understand
from tests.factories import brain_input

CONTEXT: dict[str, Any] = {
    "store_name": "Trailhead Outfitters",
    "currency": "USD",
    "handoff_threshold": 0.35,
}


def test_a_complaint_handoff_reports_the_handoff_readers_probability(
    engine: OfflineEngine,
) -> None:
    text = "the stitching on my new pack came apart on the first walk, really not happy"
    brain = brain_input(**CONTEXT)
    first = engine.decide(TurnState(text=text, brain=brain))
    assert [c.name for c in first.calls] == ["request_human"]
    reason = first.calls[0].args["reason"]
    assert reason == "complaint"
    handed = DoneCall("request_human", first.calls[0].args, {"ok": True})
    final = engine.decide(TurnState(text=text, brain=brain, done=(handed,)))
    vocabulary = engine.vocabularies.get("demo")
    reading = understand(
        text, vocabulary, None, engine.routers.get("demo") if engine.routers else None
    )
    assert reading.handoff_reason == "complaint"
    assert final.confidence == reading.handoff_probability
    assert final.confidence != reading.confidence
