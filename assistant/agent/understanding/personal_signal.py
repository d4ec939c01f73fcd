"""Whether a message asks about the shopper's own history: their usual size, what goes with what
they bought, or turning personal suggestions off or on.

A nearest-exemplar classifier over the router's sentence vectors, like the handoff reader: the
message's vector is the one the router already computed for it (no second embedding), compared
with the personal packs (`packs/<language>/personal.yaml`), one class per kind of personal ask,
against `other`: the packs' hard cases (a return of something bought, a complaint about it, a
product's sizes, advice for anyone), every exemplar of the router and of the handoff packs.

Its temperature is fitted leave-one-out on its own exemplars, and so is the threshold: the share
of probability the personal kinds need together for a message to count as a personal ask is the
one that best separates the exemplars of those kinds from the rest, each read by all the others.
Spelling is the shared normalisation's and the shop speller's business, upstream of this reader;
what is left of a typo moves a sentence vector little, which is why this reads exemplars and not
patterns. One list of words stays: which way a switch goes ("turn off" or "back on", "关掉" or
"重新打开") is negation, which sentence vectors read worst, and a closed class of words reads best
(`switch_off_words`, `switch_on_words` in the packs).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.agent.understanding.handoff_signal import shipped_handoff_packs
from assistant.agent.understanding.router import (
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
from text.normalise import fold

PersonalKind = Literal["usual_size", "size_i_take", "goes_with_purchase", "opt_out", "opt_in"]
KINDS: tuple[PersonalKind, ...] = (
    "usual_size",
    "size_i_take",
    "goes_with_purchase",
    "opt_out",
    "opt_in",
)
CLASSES: tuple[str, ...] = ("other", *KINDS)
# "What size do I take?" is about the shopper only when the shop knows who they are; for anyone
# else it is a sizing question: when it is the likeliest kind, nothing personal was asked.
IDENTIFIED_ONLY: frozenset[PersonalKind] = frozenset({"size_i_take"})
# A second kind is read too when it has at least this share of the first's probability: "what
# size did I get, and what goes with my tent?" asks both.
_SECOND_KIND_SHARE = 0.5
_THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(4, 19))


class PersonalPack(BaseModel):
    """One language's exemplars of personal asks, and of look-alikes that are not."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(min_length=2, max_length=8, pattern=r"^[a-z]{2,3}(?:-[A-Za-z]+)?$")
    usual_size: list[str] = Field(min_length=1)
    size_i_take: list[str] = Field(min_length=1)
    goes_with_purchase: list[str] = Field(min_length=1)
    opt_out: list[str] = Field(min_length=1)
    opt_in: list[str] = Field(min_length=1)
    other: list[str] = Field(min_length=1)
    switch_off_words: list[str] = Field(default_factory=list)
    switch_on_words: list[str] = Field(default_factory=list)

    @field_validator(*CLASSES)
    @classmethod
    def _messages(cls, messages: list[str]) -> list[str]:
        return distinct_exemplars(messages)

    def rows(self) -> list[tuple[str, str]]:
        """Every message with its class."""
        return [(text, name) for name in CLASSES for text in getattr(self, name)]


def _word_pattern(words: list[str]) -> re.Pattern[str] | None:
    """Whole words for Latin script, any position for Chinese ("关掉" inside "帮我关掉")."""
    if not words:
        return None
    parts = [
        re.escape(word) if re.search(r"[^\x00-\x7f]", word) else rf"\b{re.escape(word)}\b"
        for word in sorted(words, key=len, reverse=True)
    ]
    return re.compile("|".join(parts))


def load_personal_pack(path: Path) -> PersonalPack:
    """One personal pack file, validated (a malformed one raises `pydantic.ValidationError`)."""
    return PersonalPack.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def shipped_personal_packs() -> tuple[PersonalPack, ...]:
    """The personal packs that ship with the project, one per language folder."""
    return tuple(load_personal_pack(p) for p in sorted(PACKS_DIR.glob("*/personal.yaml")))


class PersonalSignal(BaseModel):
    """The calibrated probability of each kind of personal ask in one message."""

    model_config = ConfigDict(frozen=True)

    probabilities: dict[PersonalKind, float] = Field(default_factory=dict)
    threshold: float = Field(1.0, description="What the kinds need together to count.")

    def kinds(self, identified: bool) -> tuple[PersonalKind, ...]:
        """The kinds the message asks, likeliest first; none when it is no personal ask."""
        # Whether the message is a personal ask at all is read from every kind together;
        # which kinds it asks from the likeliest. When that is a kind only an identified
        # customer has, an anonymous shopper asked a sizing question, not a personal one.
        found = self.probabilities
        if not found or sum(found.values()) < self.threshold:
            return ()
        ranked = sorted(found, key=lambda kind: -found[kind])
        if not identified and ranked[0] in IDENTIFIED_ONLY:
            return ()
        top = found[ranked[0]]
        return tuple(
            kind
            for kind in ranked
            if found[kind] >= _SECOND_KIND_SHARE * top
            and (identified or kind not in IDENTIFIED_ONLY)
        )


NO_PERSONAL = PersonalSignal()


class PersonalReader:
    """A nearest-exemplar classifier: which personal ask, or none."""

    def __init__(self, router: Router, packs: tuple[PersonalPack, ...]) -> None:
        self._router = router
        rows = [row for pack in packs for row in pack.rows()]
        rows += [(text, "other") for pack in shipped_handoff_packs() for text, _ in pack.rows()]
        added = router.embed_exemplars([text for text, _ in rows])
        vectors = np.vstack([router.exemplar_vectors, added]).astype(np.float32)
        labels = [0] * len(router.exemplars) + [CLASSES.index(name) for _, name in rows]
        self._vectors: Vector = vectors
        self._labels = np.asarray(labels, dtype=np.int64)
        self._groups = _groups(self._labels, len(CLASSES))
        self.temperature, self.threshold = self._calibrate()
        self._off = _word_pattern([w.casefold() for p in packs for w in p.switch_off_words])
        self._on = _word_pattern([w.casefold() for p in packs for w in p.switch_on_words])

    def read(
        self,
        text: str,
        product_words: tuple[str, ...] | list[str] = (),
        names: tuple[str, ...] | list[str] = (),
    ) -> PersonalSignal:
        """The probabilities of one message (its vector is the router's, already computed)."""
        if not text.strip():
            return NO_PERSONAL
        probabilities = self._read_vector(self._router.message_vector(text, product_words, names))
        folded = fold(text)
        if folded != " ".join(text.casefold().split()):
            # "我 之前 买的 帐篷": spaces between Chinese words move the vector; the folded form
            # (one more embedding, only for such messages) is read too and the surer one kept.
            again = self._read_vector(self._router.message_vector(folded, product_words, names))
            probabilities = max(probabilities, again, key=lambda table: sum(table.values()))
        direction = self._switch_direction(folded)
        if direction is not None:
            # The vectors say the message is about the switch; negation is what sentence
            # vectors read worst, so the switch words say which way it goes.
            switch = probabilities["opt_out"] + probabilities["opt_in"]
            probabilities["opt_out"], probabilities["opt_in"] = 0.0, 0.0
            probabilities[direction] = switch
        return PersonalSignal(
            probabilities={kind: round(p, 4) for kind, p in probabilities.items()},
            threshold=self.threshold,
        )

    def _switch_direction(self, folded: str) -> PersonalKind | None:
        """ "opt_in" when only words for turning on are present, "opt_out" for only off."""
        on = self._on is not None and self._on.search(folded) is not None
        off = self._off is not None and self._off.search(folded) is not None
        if on == off:
            return None
        return "opt_in" if on else "opt_out"

    def _read_vector(self, vector: Vector) -> dict[PersonalKind, float]:
        similarities = np.einsum("ij,j->i", self._vectors, vector)
        probabilities = _softmax(_class_scores(similarities, self._groups) / self.temperature)
        return {kind: float(probabilities[CLASSES.index(kind)]) for kind in KINDS}

    def _calibrate(self) -> tuple[float, float]:
        """The temperature and the threshold that best read each exemplar from all the others."""
        scores = leave_one_out_scores(self._vectors, self._groups)
        temperature = fit_temperature(scores, self._labels)
        logits = scores / temperature
        logits -= logits.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        personal = 1.0 - probabilities[:, 0]
        truth = self._labels != 0
        return temperature, _best_threshold(personal, truth)


def _best_threshold(personal: Vector, truth: np.ndarray) -> float:
    """The threshold with the best F1 for "a personal ask" on the leave-one-out readings."""
    best, best_f1 = _THRESHOLDS[-1], -1.0
    for threshold in _THRESHOLDS:
        said = personal >= threshold
        hits = int(np.sum(said & truth))
        f1 = 2 * hits / max(int(np.sum(said)) + int(np.sum(truth)), 1)
        if f1 > best_f1:
            best, best_f1 = threshold, f1
    return best


personal_reader: PerRouter[PersonalReader] = PerRouter(
    lambda router: PersonalReader(router, shipped_personal_packs())
)
"""The reader over one router's exemplars and the shipped personal packs, built once."""
