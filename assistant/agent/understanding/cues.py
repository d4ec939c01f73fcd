"""Weighted cue patterns and the matcher that scores a message with them.

A cue is a regular expression over the lower-case message that votes for an intent, a policy
topic or a signal (a flag such as "refers to the previous product"). Cues live as data in
`cues_en_*.py` and `cues_zh.py`; every table runs on every message, so mixed-language
messages work.
Negative weights suppress an intent ("how much is shipping" is not a price question). A
negatable cue does not count after a negation in the same clause ("I don't want to talk to a
person").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from assistant.agent.understanding.cues_en_products import ENGLISH_PRODUCT_CUES
from assistant.agent.understanding.cues_en_service import ENGLISH_SERVICE_CUES
from assistant.agent.understanding.cues_en_support import ENGLISH_SUPPORT_CUES
from assistant.agent.understanding.cues_zh import CHINESE_CUES
from assistant.agent.understanding.negation import negated
from assistant.agent.understanding.scan import Scan

# Intents a negation can cancel ("not looking for tents", "不用转人工").
_NEGATABLE_INTENTS_TEXT = """
    human_request add_to_cart product_search recommendation checkout view_cart apply_coupon
    update_quantity price_question product_question
"""
_NEGATABLE_INTENTS = frozenset(_NEGATABLE_INTENTS_TEXT.split())
_REST_WEIGHT = 0.35


@dataclass(frozen=True)
class Cue:
    """One pattern and what it votes for."""

    target: str
    pattern: re.Pattern[str]
    weight: float
    negatable: bool


@dataclass
class CueHits:
    """What the cues found in one message."""

    scores: dict[str, float] = field(default_factory=dict)
    first_position: dict[str, int] = field(default_factory=dict)
    topics: dict[str, float] = field(default_factory=dict)
    signals: dict[str, int] = field(default_factory=dict)


def _compile(specs: tuple[tuple[str, float, str], ...]) -> tuple[Cue, ...]:
    cues = []
    for target, weight, pattern in specs:
        intent = target if ":" not in target else ""
        cues.append(
            Cue(
                target=target,
                pattern=re.compile(pattern),
                weight=weight,
                negatable=intent in _NEGATABLE_INTENTS and weight > 0,
            )
        )
    return tuple(cues)


CUES: tuple[Cue, ...] = _compile(
    ENGLISH_PRODUCT_CUES + ENGLISH_SERVICE_CUES + ENGLISH_SUPPORT_CUES + CHINESE_CUES
)


def match_cues(scan: Scan) -> CueHits:
    """Score every intent, topic and signal for the message; marks the spans cues explain."""
    hits = CueHits()
    positive: dict[str, list[float]] = defaultdict(list)
    negative: dict[str, float] = defaultdict(float)
    for cue in CUES:
        match = _first_match(cue, scan.lower)
        if match is None:
            continue
        kind, _, name = (
            cue.target.partition(":") if ":" in cue.target else ("intent", "", cue.target)
        )
        if kind == "signal":
            hits.signals.setdefault(name, match.start())
            scan.explain(*match.span())
            continue
        if kind == "topic":
            hits.topics[name] = max(hits.topics.get(name, 0.0), cue.weight)
            scan.explain(*match.span())
            continue
        if cue.weight < 0:
            negative[name] += cue.weight
            continue
        positive[name].append(cue.weight)
        hits.first_position[name] = min(hits.first_position.get(name, match.start()), match.start())
        scan.explain(*match.span())
    for name in set(positive) | set(negative):
        weights = sorted(positive.get(name, []), reverse=True)
        score = (weights[0] + _REST_WEIGHT * sum(weights[1:])) if weights else 0.0
        hits.scores[name] = round(score + negative.get(name, 0.0), 4)
    return hits


def _first_match(cue: Cue, lower: str) -> re.Match[str] | None:
    """The cue's first match, skipping negated ones when the cue can be negated."""
    for match in cue.pattern.finditer(lower):
        if not (cue.negatable and negated(lower, match.start())):
            return match
    return None
