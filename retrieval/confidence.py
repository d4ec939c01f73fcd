"""How sure a search is that its hits answer the question: one number in [0, 1].

    e          = lexical_evidence
    confidence = (1 - 0.4 e) * dense_strength + 0.25 e * lexical_coverage + 0.15 e * agreement

- dense_strength: the best hit's cosine similarity to the question, mapped linearly from the
  embedder's measured range [floor, ceiling] (per language) onto [0, 1] and clipped. On the
  labelled set, questions the store cannot answer rarely reach the floor's neighbourhood and
  answerable ones mostly pass the ceiling (see `sales-assistant bench retrieval`).
- lexical_coverage: the share of the question's distinct BM25 terms (stop words removed) that
  occur in the best hit: a question about something the store never mentions has terms no
  passage contains.
- agreement: 1.0 when the best hit is among the top 3 of both the dense and the BM25 lists,
  0.5 when it is in the top 10 of both, otherwise 0.
- lexical_evidence: the share of the question's terms that occur anywhere in the store's
  passages. Word overlap can only count when words can overlap: for a Chinese question over
  English passages it is about 0, and the dense part alone decides (with full weight).

A store's `handoff_threshold` (in `stores.settings`, default 0.35) is compared directly with this
number: the agent answers from the hits when confidence >= threshold, and otherwise says it is
not sure and offers a person. 0.35 sits where dense_strength alone would be about a third of
the way from floor to ceiling; raising it trades more handoffs for fewer wrong answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.results import SearchSignals

LEXICAL_WEIGHT = 0.25
AGREEMENT_WEIGHT = 0.15


def clip(value: float) -> float:
    """Into [0, 1]."""
    return max(0.0, min(1.0, value))


def dense_strength(similarity: float, similarity_range: tuple[float, float]) -> float:
    """Cosine similarity mapped from the embedder's [floor, ceiling] onto [0, 1]."""
    floor, ceiling = similarity_range
    return clip((similarity - floor) / (ceiling - floor))


def lexical_coverage(query_terms: Sequence[str], hit_terms: set[str]) -> float:
    """Share of distinct query terms found in the hit."""
    distinct = set(query_terms)
    if not distinct:
        return 0.0
    return len(distinct & hit_terms) / len(distinct)


def agreement(dense_rank: int | None, lexical_rank: int | None) -> float:
    """Whether both retrievers put the hit near the top (ranks are 0-based)."""
    if dense_rank is None or lexical_rank is None:
        return 0.0
    if dense_rank < 3 and lexical_rank < 3:
        return 1.0
    if dense_rank < 10 and lexical_rank < 10:
        return 0.5
    return 0.0


def combine(signals: SearchSignals) -> float:
    """The documented weighted sum, clipped to [0, 1]."""
    evidence = clip(signals.lexical_evidence)
    dense_weight = 1.0 - (LEXICAL_WEIGHT + AGREEMENT_WEIGHT) * evidence
    return clip(
        dense_weight * signals.dense_strength
        + LEXICAL_WEIGHT * evidence * signals.lexical_coverage
        + AGREEMENT_WEIGHT * evidence * signals.agreement
    )
