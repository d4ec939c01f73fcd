"""Whether a message wants a person or complains: the first half of the handoff decision.

The second half, "the shop cannot answer this", is the planner's (retrieval and routing
confidence). This half reads only the message: a nearest-exemplar classifier over the router's
sentence vectors with three classes, `person`, `complaint` and `answerable`. Its exemplars are
the router's own (its `human_request` and `complaint` exemplars, and every exemplar of an intent
the shop answers itself as `answerable`) plus the handoff packs (`packs/<language>/handoff.yaml`),
which add the hard cases: damage reports, threats, sarcasm and service requests on one side;
swearing in a care question and policy questions about refunds on the other.

Reading three classes instead of twenty keeps the probability of "a person is needed" whole: the
router splits it with every intent that happens to be near, this reader weighs it against the
whole of what the shop answers. Its temperature is fitted like the router's, leave-one-out on
its own exemplars, so `person` and `complaint` are calibrated probabilities, and the figure that
makes the engine hand off is the figure the human agent sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.agent.understanding.labels import HandoffCause
from assistant.agent.understanding.router import (
    OUT_OF_SCOPE,
    PACKS_DIR,
    PerRouter,
    Router,
    Vector,
    _class_scores,
    _groups,
    _softmax,
    distinct_exemplars,
    fit_temperature,
    leave_one_out_scores,
)

HandoffClass = Literal["person", "complaint", "answerable"]
CLASSES: tuple[HandoffClass, ...] = ("answerable", "complaint", "person")
_FROM_ROUTER: dict[str, HandoffClass] = {"human_request": "person", "complaint": "complaint"}
# Exemplars of these intents say nothing about handoffs either way.
_IGNORED: frozenset[str] = OUT_OF_SCOPE | {"off_topic"}


class HandoffPack(BaseModel):
    """One language's handoff exemplars."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(min_length=2, max_length=8, pattern=r"^[a-z]{2,3}(?:-[A-Za-z]+)?$")
    person: list[str] = Field(min_length=1)
    complaint: list[str] = Field(min_length=1)
    answerable: list[str] = Field(min_length=1)

    @field_validator("person", "complaint", "answerable")
    @classmethod
    def _messages(cls, messages: list[str]) -> list[str]:
        return distinct_exemplars(messages)

    def rows(self) -> list[tuple[str, HandoffClass]]:
        """Every message with its class."""
        return [
            *((text, "person") for text in self.person),
            *((text, "complaint") for text in self.complaint),
            *((text, "answerable") for text in self.answerable),
        ]


def load_handoff_pack(path: Path) -> HandoffPack:
    """One handoff pack file, validated (a malformed one raises `pydantic.ValidationError`)."""
    return HandoffPack.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def shipped_handoff_packs() -> tuple[HandoffPack, ...]:
    """The handoff packs that ship with the project, one per language folder."""
    return tuple(load_handoff_pack(p) for p in sorted(PACKS_DIR.glob("*/handoff.yaml")))


@dataclass(frozen=True)
class HandoffSignal:
    """How likely a message wants a person, or complains (calibrated, 0 to 1)."""

    person: float = 0.0
    complaint: float = 0.0

    @property
    def strongest(self) -> tuple[HandoffCause, float]:
        """The stronger of the two as an intent, with its probability."""
        if self.complaint > self.person:
            return "complaint", self.complaint
        return "human_request", self.person


NO_SIGNAL = HandoffSignal()


class HandoffReader:
    """A nearest-exemplar classifier: person, complaint or answerable."""

    def __init__(self, router: Router, packs: tuple[HandoffPack, ...]) -> None:
        self._router = router
        labels: list[int] = []
        keep: list[int] = []
        for row, exemplar in enumerate(router.exemplars):
            if exemplar.intent in _IGNORED:
                continue
            keep.append(row)
            labels.append(CLASSES.index(_FROM_ROUTER.get(exemplar.intent, "answerable")))
        extra = [row for pack in packs for row in pack.rows()]
        vectors = router.exemplar_vectors[keep]
        if extra:
            added = router.embed_exemplars([text for text, _ in extra])
            vectors = np.vstack([vectors, added]).astype(np.float32)
            labels += [CLASSES.index(label) for _, label in extra]
        self._vectors: Vector = vectors
        self._labels = np.asarray(labels, dtype=np.int64)
        self._groups = _groups(self._labels, len(CLASSES))
        self.temperature = self._calibrate()

    def read(
        self,
        text: str,
        product_words: tuple[str, ...] | list[str] = (),
        names: tuple[str, ...] | list[str] = (),
        disclaimed: frozenset[str] = frozenset(),
    ) -> HandoffSignal:
        """The probabilities of one message, read without the clauses that disclaim a handoff
        ("no need for a person, but is it in stock?"); a disclaimed class reads 0."""
        if disclaimed:
            text = self._router.without_disclaimers(text)
            if not text.strip():
                return NO_SIGNAL
        vector = self._router.message_vector(text, product_words, names)
        similarities = np.einsum("ij,j->i", self._vectors, vector)
        scores = _class_scores(similarities, self._groups)
        probabilities = _softmax(scores / self.temperature)
        person = float(probabilities[CLASSES.index("person")])
        complaint = float(probabilities[CLASSES.index("complaint")])
        # A disclaimed class stays disclaimed: what is left of "不要人工，我自己看看" is too short
        # to say anything about a person.
        return HandoffSignal(
            person=0.0 if "human_request" in disclaimed else round(person, 4),
            complaint=0.0 if "complaint" in disclaimed else round(complaint, 4),
        )

    def _calibrate(self) -> float:
        """The temperature that best predicts each exemplar's class from all the others."""
        scores = leave_one_out_scores(self._vectors, self._groups)
        return fit_temperature(scores, self._labels)


handoff_reader: PerRouter[HandoffReader] = PerRouter(
    lambda router: HandoffReader(router, shipped_handoff_packs())
)
"""The reader over one router's exemplars and the shipped handoff packs, built once."""
