"""The cue tables are data; every entry must vote for something that exists."""

from __future__ import annotations

from assistant.agent.understanding import INTENTS
from assistant.agent.understanding.cues import CUES
from assistant.agent.understanding.labels import POLICY_TOPICS

SIGNALS = {
    "anger",
    "bargain",
    "refers",
    "followup",
    "yes",
    "no",
    "want",
    "imperative",
    "have",
    "service_return",
    "service_exchange",
    "service_refund",
    "service_cancel",
    "all_items",
    "apply",
    "cart",
    "other_variant",
    "remove_coupon",
    "swap",
}
PSEUDO_INTENTS = {"service_request"}  # folded into human_request when scoring


def test_every_cue_targets_a_known_intent_topic_or_signal() -> None:
    known: dict[str, set[str]] = {
        "": set(INTENTS) | PSEUDO_INTENTS,
        "topic": set(POLICY_TOPICS),
        "signal": SIGNALS,
    }
    unknown = set()
    for cue in CUES:
        kind, _, name = cue.target.rpartition(":")
        if name not in known[kind]:
            unknown.add(cue.target)
    assert not unknown


def test_signals_carry_no_weight() -> None:
    assert all(cue.weight == 0 for cue in CUES if cue.target.startswith("signal:"))


def test_every_intent_but_unknown_has_a_cue() -> None:
    voted = {cue.target for cue in CUES if cue.weight > 0}
    assert set(INTENTS) - {"unknown"} <= voted
