"""The learned router: which intent a message is, from exemplar messages, over sentence vectors.

Every exemplar of the language packs (`packs/<language>/exemplars.yaml`) is embedded once per
process with the multilingual encoder the project ships (USE multilingual v3, through its
adapter in `retrieval.embeddings`), so one router reads English, Chinese and a mix of both.
A message's score for an intent is the mean cosine of its `NEIGHBOURS` nearest exemplars of
that intent; a softmax turns the scores into probabilities. Its temperature is fitted at start-up
on the exemplars themselves, each one classified by all the others (leave-one-out), so the
probabilities are calibrated on messages the router has not seen. A message whose nearest
exemplar is further than the similarity floor is out of scope: it gets no intent and a
probability near zero.

Policy questions carry a topic too: the same nearest-exemplar scores over the policy exemplars.

Product words say what a message is about, not what it asks: "is the tent in stock", "the tent
has a hole" and "which tent is best" share their nearest neighbours by the tent alone. So the
direction of the kinds of product a message names ("tent") is taken out of its vector, and out
of every exemplar's, before they are compared: what is left is the form of the request.

A clause that only disclaims a handoff ("not a complaint, but...", "不用转人工") is left out
before routing for the handoff classes, so negation is respected without a list of words that
mean anger.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Generic, Protocol, TypeVar, cast

import numpy as np
import yaml
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.agent.understanding.labels import Intent, PolicyTopic

PACKS_DIR = Path(__file__).with_name("packs")
NEIGHBOURS = 3
# Intents whose exemplars stand for "nothing the shop can act on": they never win on the
# router's word alone (the rules and the planner decide), but they take probability from the rest.
OUT_OF_SCOPE: frozenset[str] = frozenset({"unknown"})
HANDOFF_CLASSES: frozenset[str] = frozenset({"human_request", "complaint"})
_TEMPERATURES = tuple(round(0.005 * step, 3) for step in range(1, 41))
_FLOOR_QUANTILE = 0.02
# Between the floor and this quantile of the exemplars' nearest-neighbour similarity, a message
# is only partly in scope: its probabilities shrink towards "unknown" in proportion.
_SURE_QUANTILE = 0.1

Vector = NDArray[np.float32]


def fit_temperature(scores: NDArray[np.float32], truth: NDArray[np.int64]) -> float:
    """The softmax temperature, from a fixed grid, that best predicts each row's class `truth`
    from its class `scores` (negative log-likelihood of leave-one-out readings)."""
    best, best_loss = _TEMPERATURES[0], float("inf")
    for temperature in _TEMPERATURES:
        logits = scores / temperature
        logits -= logits.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(logits).sum(axis=1))
        loss = float(np.mean(log_norm - logits[np.arange(len(truth)), truth]))
        if loss < best_loss:
            best, best_loss = temperature, loss
    return best


def distinct_exemplars(messages: list[str], name: str | None = None) -> list[str]:
    """One list of exemplars as a pack gives it, refused when a message is empty or is listed
    twice (case and surrounding spaces aside); `name` says which list in the error."""
    prefix = f"{name}: " if name else ""
    seen: set[str] = set()
    for message in messages:
        if not isinstance(message, str) or not message.strip():
            raise ValueError(f"{prefix}an exemplar is empty")
        key = message.strip().lower()
        if key in seen:
            raise ValueError(f"{prefix}{message!r} is listed twice")
        seen.add(key)
    return messages


class ExemplarPack(BaseModel):
    """One language's exemplar messages: per intent, and per topic for policy questions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(min_length=2, max_length=8, pattern=r"^[a-z]{2,3}(?:-[A-Za-z]+)?$")
    intents: dict[Intent, list[str]]
    policy_topics: dict[PolicyTopic, list[str]] = Field(default_factory=dict)

    @field_validator("intents", "policy_topics")
    @classmethod
    def _messages(cls, table: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, messages in table.items():
            if not messages:
                raise ValueError(f"{name}: no exemplars")
            distinct_exemplars(messages, name)
        return table

    def exemplars(self) -> list[Exemplar]:
        """Every message of the pack with its label."""
        rows = [
            Exemplar(text, intent, None, self.language)
            for intent, texts in self.intents.items()
            for text in texts
        ]
        rows += [
            Exemplar(text, "policy_question", topic, self.language)
            for topic, texts in self.policy_topics.items()
            for text in texts
        ]
        return rows


@dataclass(frozen=True)
class Exemplar:
    """One labelled message."""

    text: str
    intent: Intent
    topic: PolicyTopic | None = None
    language: str = ""


def load_pack(path: Path) -> ExemplarPack:
    """One pack file, validated (a malformed pack raises `pydantic.ValidationError`)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return ExemplarPack.model_validate(raw)


@lru_cache(maxsize=1)
def shipped_packs() -> tuple[ExemplarPack, ...]:
    """The packs that ship with the project, one per language folder, loaded once."""
    return tuple(load_pack(path) for path in sorted(PACKS_DIR.glob("*/exemplars.yaml")))


class SentenceEncoder(Protocol):
    """What the router needs of an embedder: normalised vectors for a batch of texts."""

    def embed_documents(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One unit-length row per text."""
        ...


@dataclass(frozen=True)
class Routing:
    """The router's reading of one message."""

    intent: Intent | None
    probability: float  # of the most likely in-scope intent (of `intent` when there is one)
    probabilities: dict[str, float] = field(default_factory=dict)
    similarity: float = 0.0
    in_scope: bool = False
    topic: PolicyTopic | None = None
    topic_probability: float = 0.0
    disclaimed: frozenset[str] = frozenset()

    def p(self, intent: str) -> float:
        """The probability of one intent (0 when out of scope)."""
        return self.probabilities.get(intent, 0.0)

    @property
    def handoff(self) -> float:
        """The probability that the message wants a person or complains, not disclaimed."""
        return sum(self.p(name) for name in HANDOFF_CLASSES if name not in self.disclaimed)


_NO_ROUTING = Routing(intent=None, probability=0.0)
# Vectors of labelled messages beyond the packs' (the handoff reader's), per encoder and batch.
_EXTRA_VECTORS: dict[str, Vector] = {}

# A clause that disclaims a handoff begins with a negation: "not a complaint", "I don't need a
# person", "不是投诉", "不用转人工". "No one answered" is no disclaimer.
_SENTENCES = re.compile(r"(?<=[?!？！。])\s*")
_MAX_SENTENCES = 4
_CACHED_MESSAGES = 512
_CLAUSES = re.compile(r"[,.;!?，。；！？]+|\s+but\s+|\s+just\s+|但是|只是|不过")
_DISCLAIMER = re.compile(
    r"^\s*(?:(?:i'?m|im|i am|this is|it'?s|its|i|we)\s+)?(?:not|no(?! one| body)|never|don'?t|"
    r"dont|do not|won'?t|no need|not trying)\b|^\s*(?:不是|不用|不要|别|无需|不需要|没想)"
)


class Router:
    """A nearest-exemplar classifier with calibrated probabilities and a similarity floor."""

    def __init__(
        self,
        encoder: SentenceEncoder,
        exemplars: Sequence[Exemplar],
        cache_dir: Path | None = None,
        product_words: Callable[[str], Sequence[str]] | None = None,
        *,
        known: Mapping[Exemplar, Vector] | None = None,
        embedded: Mapping[str, Vector] | None = None,
    ) -> None:
        if not exemplars:
            raise ValueError("a router needs exemplars")
        started = time.perf_counter()
        self._encoder = encoder
        self._cache_dir = cache_dir
        self._product_words = product_words
        self._known = known or {}
        self._embedded = embedded or {}
        self._lock = threading.Lock()
        self._cache: dict[str, Vector] = {}
        self._readings: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Routing] = {}
        self.exemplars: tuple[Exemplar, ...] = tuple(exemplars)
        self.labels: tuple[str, ...] = tuple(sorted({e.intent for e in self.exemplars}))
        self._vectors = self._exemplar_vectors()
        self._label_index = np.array([self.labels.index(e.intent) for e in self.exemplars])
        self._groups = _groups(self._label_index, len(self.labels))
        policy = [i for i, e in enumerate(self.exemplars) if e.topic is not None]
        self.topics: tuple[str, ...] = tuple(sorted({str(self.exemplars[i].topic) for i in policy}))
        self._policy_rows = np.array(policy, dtype=np.int64)
        self._topic_index = np.array(
            [self.topics.index(str(self.exemplars[i].topic)) for i in policy], dtype=np.int64
        )
        self._topic_groups = _groups(self._topic_index, len(self.topics))
        self._first_of_label = tuple(int(rows[0]) for rows in self._groups)
        self.temperature, self.floor, self.sure, self.held_out_accuracy = self._calibrate()
        self.fit_seconds = round(time.perf_counter() - started, 3)

    @property
    def fingerprint(self) -> str:
        """A hash of the encoder and the exemplars: the key of their cached vectors."""
        digest = hashlib.sha256(str(getattr(self._encoder, "slug", "")).encode())
        digest.update(b"product-words" if self._product_words is not None else b"plain")
        for e in self.exemplars:
            digest.update(f"{e.intent}\t{e.topic}\t{e.text}\n".encode())
        return digest.hexdigest()[:16]

    def with_exemplars(self, extra: Iterable[Exemplar]) -> Router:
        """A router that also knows `extra` (a store's own FAQ questions, say); only the new
        exemplars are embedded, and calibration runs again over the whole set."""
        known = dict(zip(self.exemplars, self._vectors, strict=True))
        with self._lock:
            embedded = dict(self._cache)
        return Router(
            self._encoder,
            [*self.exemplars, *extra],
            self._cache_dir,
            self._product_words,
            known=known,
            embedded=embedded,
        )

    @property
    def exemplar_vectors(self) -> Vector:
        """One row per exemplar, in `exemplars` order (product directions taken out)."""
        return self._vectors

    def embed_exemplars(self, texts: Sequence[str]) -> Vector:
        """Vectors for further labelled messages, prepared as the router's own exemplars are.

        They are embedded in one batch, kept for the process and cached under the data dir,
        keyed by a hash of the encoder and the texts, as the packs' vectors are.
        """
        digest = hashlib.sha256(str(getattr(self._encoder, "slug", "")).encode())
        digest.update(b"product-words" if self._product_words is not None else b"plain")
        for text in texts:
            digest.update(text.encode() + b"\n")
        key = f"extra-{digest.hexdigest()[:16]}"
        known = _EXTRA_VECTORS.get(key)
        if known is not None:
            return known
        path = None if self._cache_dir is None else self._cache_dir / f"{key}.npy"
        if path is not None and path.is_file():
            try:
                cached = np.load(path)
            except (OSError, ValueError):
                cached = None
            if cached is not None and cached.shape[0] == len(texts):
                _EXTRA_VECTORS[key] = cached.astype(np.float32, copy=False)
                return _EXTRA_VECTORS[key]
        raw = self._encoder.embed_documents([_prepare(text) for text in texts])
        rows = [
            self._without(
                np.asarray(vector, dtype=np.float32),
                self._product_words(text) if self._product_words else (),
            )
            for text, vector in zip(texts, raw, strict=True)
        ]
        vectors = np.asarray(rows, dtype=np.float32).reshape(len(rows), -1)
        _EXTRA_VECTORS[key] = vectors
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(".partial.npy")
                np.save(partial, vectors)
                partial.replace(path)
            except OSError:
                pass  # a read-only data dir only costs the next start-up the embedding
        return vectors

    def without_disclaimers(self, text: str) -> str:
        """The message less its clauses that disclaim a handoff ("not a complaint, but...")."""
        return " ".join(c for c in _clauses(text) if not self._disclaims(c))

    def message_vector(
        self, text: str, product_words: Sequence[str] = (), names: Sequence[str] = ()
    ) -> Vector:
        """The whole message's vector as `route` compares it (names read as "it")."""
        prepared = _prepare(text)
        for name in names:
            prepared = re.sub(re.escape(_prepare(name)), "it", prepared)
        return self._without(self._embed(prepared or "?"), product_words)

    def _exemplar_vectors(self) -> Vector:
        """The exemplars' vectors: from the cache file when the pack is unchanged, else embedded."""
        texts = [_prepare(e.text) for e in self.exemplars]
        path = None if self._cache_dir is None else self._cache_dir / f"{self.fingerprint}.npy"
        if path is not None and path.is_file():
            try:
                cached = np.load(path)
            except (OSError, ValueError):
                cached = None
            if cached is not None and cached.shape[0] == len(texts):
                result: Vector = cached.astype(np.float32, copy=False)
                return result
        # Reuse the vectors of exemplars already fitted and the embeddings of texts already
        # read (a store's FAQ questions were routed once before they became exemplars).
        raw = dict(self._embedded)
        missing = list(
            dict.fromkeys(
                text
                for exemplar, text in zip(self.exemplars, texts, strict=True)
                if exemplar not in self._known and text not in raw
            )
        )
        if missing:
            raw.update(zip(missing, self._encoder.embed_documents(missing), strict=True))
        rows = []
        for exemplar, text in zip(self.exemplars, texts, strict=True):
            known = self._known.get(exemplar)
            if known is None:
                words = self._product_words(exemplar.text) if self._product_words else ()
                known = self._without(np.asarray(raw[text], dtype=np.float32), words)
            rows.append(known)
        vectors = np.asarray(rows, dtype=np.float32)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(".partial.npy")
                np.save(partial, vectors)
                partial.replace(path)
            except OSError:
                pass  # a read-only data dir only costs the next start-up the embedding
        return vectors

    def route(
        self, text: str, product_words: Sequence[str] = (), names: Sequence[str] = ()
    ) -> Routing:
        """The intent probabilities of one message, with the clauses that disclaim a handoff.

        `product_words` are the kinds of product the message names (in English), whose
        direction is taken out of the message's vector; `names` are product names it contains,
        read as "it" ("do you have the <long product name> in 42?" asks what "do you have it in
        42?" asks).
        """
        key = (text, tuple(product_words), tuple(names))
        with self._lock:
            known = self._readings.get(key)
        if known is not None:
            return known  # the engine reads one message several times in a turn
        reading = self._route(text, product_words, names)
        with self._lock:
            if len(self._readings) >= _CACHED_MESSAGES:
                self._readings.clear()
            self._readings[key] = reading
        return reading

    def _route(self, text: str, product_words: Sequence[str], names: Sequence[str]) -> Routing:
        prepared = _prepare(text)
        for name in names:
            prepared = re.sub(re.escape(_prepare(name)), "it", prepared)
        if not prepared:
            return _NO_ROUTING
        sentences = [part for part in _SENTENCES.split(prepared) if part.strip()]
        if len(sentences) > 1:
            # Several questions in one message: each sentence votes with the same weight.
            routing = _mean(
                [
                    self._route_vector(self._without(self._embed(part), product_words))
                    for part in sentences[:_MAX_SENTENCES]
                ]
            )
        else:
            routing = self._route_vector(self._without(self._embed(prepared), product_words))
        disclaimed = self._disclaimed(text)
        if not disclaimed:
            return routing
        rest = _prepare(" ".join(c for c in _clauses(text) if not self._disclaims(c)))
        if not rest:
            return _replace(routing, disclaimed=disclaimed)
        kept = self._route_vector(self._without(self._embed(rest), product_words))
        return _replace(kept, disclaimed=disclaimed)

    def _without(self, vector: Vector, product_words: Sequence[str]) -> Vector:
        """The vector with the direction of the named kinds of product taken out."""
        if not product_words:
            return vector
        direction = self._embed(_prepare(" ".join(product_words)))
        rest = vector - float(vector @ direction) * direction
        norm = float(np.linalg.norm(rest))
        if norm == 0.0:
            return vector
        result: Vector = (rest / norm).astype(np.float32)
        return result

    def _disclaims(self, clause: str) -> bool:
        return bool(self._disclaimed(clause))

    def _disclaimed(self, text: str) -> frozenset[str]:
        """The handoff classes a negated clause of the message names."""
        found: set[str] = set()
        for clause in _clauses(text):
            negation = _DISCLAIMER.search(clause)
            if negation is None:
                continue
            # What is negated must itself be a handoff: "not a complaint" is a disclaimer,
            # "not happy" (what is negated, "happy", is no complaint) is a complaint.
            negated = _prepare(clause[negation.end() :])
            if not negated:
                continue
            reading = self._route_vector(self._embed(negated))
            if reading.intent in HANDOFF_CLASSES:
                found.add(reading.intent)
        return frozenset(found)

    def _embed(self, prepared: str) -> Vector:
        with self._lock:
            vector = self._cache.get(prepared)
        if vector is None:
            vector = self._encoder.embed_documents([prepared])[0]
            with self._lock:
                if len(self._cache) >= _CACHED_MESSAGES:
                    self._cache.clear()
                self._cache[prepared] = vector
        return vector

    def _route_vector(self, vector: Vector) -> Routing:
        # einsum, not BLAS: a multi-threaded BLAS spinning on a busy core costs milliseconds.
        similarities = np.einsum("ij,j->i", self._vectors, vector)
        scores = _class_scores(similarities, self._groups)
        best = float(similarities.max())
        if best < self.floor:
            return Routing(intent=None, probability=0.0, similarity=round(best, 4))
        probabilities = _softmax(scores / self.temperature)
        scope = min(1.0, (best - self.floor) / max(self.sure - self.floor, 1e-6))
        probabilities *= scope
        unknown = [i for i, label in enumerate(self.labels) if label in OUT_OF_SCOPE]
        if unknown:
            probabilities[unknown[0]] += 1.0 - scope
        top = int(np.argmax(probabilities))
        intent: Intent = self.exemplars[self._first_of_label[top]].intent
        topic, topic_probability = self._topic(similarities)
        table = {
            label: round(float(p), 4) for label, p in zip(self.labels, probabilities, strict=True)
        }
        inside = [
            float(p)
            for label, p in zip(self.labels, probabilities, strict=True)
            if label not in OUT_OF_SCOPE
        ]
        return Routing(
            intent=None if intent in OUT_OF_SCOPE else intent,
            probability=round(max(inside, default=0.0), 4),
            probabilities=table,
            similarity=round(best, 4),
            in_scope=intent not in OUT_OF_SCOPE,
            topic=topic,
            topic_probability=topic_probability,
        )

    def _topic(self, similarities: Vector) -> tuple[PolicyTopic | None, float]:
        if not self.topics:
            return None, 0.0
        scores = _class_scores(similarities[self._policy_rows], self._topic_groups)
        probabilities = _softmax(scores / self.temperature)
        top = int(np.argmax(probabilities))
        row = int(self._policy_rows[int(self._topic_groups[top][0])])
        return self.exemplars[row].topic, round(float(probabilities[top]), 4)

    def _calibrate(self) -> tuple[float, float, float, float]:
        """Temperature, floor and sure-similarity from leave-one-out readings of the exemplars.

        The temperature minimises the negative log-likelihood of each exemplar's own intent
        when it is classified by all the others; the floor is a low quantile of each exemplar's
        similarity to its nearest neighbour, so nearly every in-scope message clears it, and the
        similarity a message needs to count as fully in scope is a higher quantile.
        """
        similarities = self._vectors @ self._vectors.T
        np.fill_diagonal(similarities, -1.0)
        scores = _class_scores(similarities, self._groups)
        truth = self._label_index
        accuracy = float(np.mean(np.argmax(scores, axis=1) == truth))
        best_temperature = fit_temperature(scores, truth)
        nearest = similarities.max(axis=1)
        floor = float(np.quantile(nearest, _FLOOR_QUANTILE))
        sure = float(np.quantile(nearest, _SURE_QUANTILE))
        return best_temperature, round(floor, 4), round(sure, 4), round(accuracy, 4)


def _groups(label_index: NDArray[np.int64], count: int) -> tuple[NDArray[np.int64], ...]:
    """The exemplar rows of each class."""
    return tuple(np.flatnonzero(label_index == label) for label in range(count))


def _class_scores(similarities: Vector, groups: Sequence[NDArray[np.int64]]) -> Vector:
    """Per class, the mean similarity of its `NEIGHBOURS` nearest exemplars.

    `similarities` is one row per message (or a single row); a similarity of -1 marks an
    exemplar left out (the message itself, during calibration).
    """
    matrix = np.atleast_2d(similarities)
    scores = np.full((matrix.shape[0], len(groups)), -1.0, dtype=np.float32)
    for label, rows in enumerate(groups):
        if rows.size == 0:
            continue
        block = matrix[:, rows]
        k = min(NEIGHBOURS, rows.size)
        top = np.partition(block, rows.size - k, axis=1)[:, rows.size - k :]
        scores[:, label] = top.mean(axis=1)
    result: Vector = scores if similarities.ndim == 2 else scores[0]
    return result


def leave_one_out_scores(vectors: Vector, groups: Sequence[NDArray[np.int64]]) -> Vector:
    """Each exemplar's class scores against all the others (itself left out), for calibration."""
    similarities = vectors @ vectors.T
    np.fill_diagonal(similarities, -1.0)
    return _class_scores(similarities, groups)


T = TypeVar("T")


class PerRouter(Generic[T]):
    """One object built per router on first use (a reader over its exemplars), thread-safe,
    and dropped with the router."""

    def __init__(self, build: Callable[[Router], T]) -> None:
        self._build = build
        self._built: weakref.WeakKeyDictionary[Router, T] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def __call__(self, router: Router) -> T:
        """The object for this router, built now if it is the first call."""
        with self._lock:
            built = self._built.get(router)
            if built is None:
                built = self._build(router)
                self._built[router] = built
            return built


def _softmax(logits: Vector) -> Vector:
    shifted = np.exp(logits - logits.max())
    result: Vector = (shifted / shifted.sum()).astype(np.float32)
    return result


def _clauses(text: str) -> list[str]:
    return [clause for clause in _CLAUSES.split(text.lower()) if clause.strip()]


def _prepare(text: str) -> str:
    return " ".join(text.lower().split())


def _mean(readings: Sequence[Routing]) -> Routing:
    """One reading from several sentences': the mean of their probabilities."""
    inside = [reading for reading in readings if reading.probabilities]
    if not inside:
        return readings[0]
    table: dict[str, float] = {}
    for reading in inside:
        for name, probability in reading.probabilities.items():
            table[name] = table.get(name, 0.0) + probability / len(inside)
    top = max(table, key=lambda name: table[name])
    in_scope = [value for name, value in table.items() if name not in OUT_OF_SCOPE]
    topical = max(inside, key=lambda reading: reading.topic_probability)
    return Routing(
        intent=None if top in OUT_OF_SCOPE else cast(Intent, top),
        probability=round(max(in_scope, default=0.0), 4),
        probabilities={name: round(value, 4) for name, value in table.items()},
        similarity=max(reading.similarity for reading in readings),
        in_scope=top not in OUT_OF_SCOPE,
        topic=topical.topic,
        topic_probability=topical.topic_probability,
    )


def _replace(routing: Routing, disclaimed: frozenset[str]) -> Routing:
    return Routing(
        intent=routing.intent,
        probability=routing.probability,
        probabilities=routing.probabilities,
        similarity=routing.similarity,
        in_scope=routing.in_scope,
        topic=routing.topic,
        topic_probability=routing.topic_probability,
        disclaimed=disclaimed,
    )


def lexicon_product_words(text: str) -> list[str]:
    """The generic kinds of product the built-in lexicon finds in a message ("tent", "tea")."""
    from assistant.agent.understanding.lexicon_match import find_lexicon
    from assistant.agent.understanding.scan import Scan
    from text.normalise import normalise

    return find_lexicon(Scan(normalise(text))).concept_terms


_default: Router | None = None
_default_lock = threading.Lock()


def default_router() -> Router:
    """The router over the shipped packs and USE multilingual, fitted once per process.

    The exemplars' vectors are cached under the data dir (`<data_dir>/router/`), keyed by a hash
    of the packs, so a restart with unchanged packs does not embed them again.
    """
    global _default
    with _default_lock:
        if _default is None:
            from assistant.config import get_settings
            from retrieval.embeddings.base import USE_MULTILINGUAL, local_embedder

            exemplars = [row for pack in shipped_packs() for row in pack.exemplars()]
            cache_dir = get_settings().data_dir / "router"
            encoder = local_embedder(USE_MULTILINGUAL)
            _default = Router(encoder, exemplars, cache_dir, lexicon_product_words)
        return _default
