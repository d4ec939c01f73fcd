"""Fusing the dense and BM25 retrievers into one score per passage.

    score = 0.8 * cosine + 0.2 * bm25 / (bm25 + 5)

Every candidate from either list gets both numbers: the cosine similarity of its stored vector
to the question, and its BM25 score (0 when it shares no term). BM25 is saturated into [0, 1)
so one rare word cannot outweigh the meaning of the whole question, and its weight is small
because the dense side is the stronger retriever on shopper questions (and the only one that
reaches across languages). On the labelled set this beat dense-only, BM25-only and reciprocal
rank fusion; `sales-assistant bench retrieval` reports all of them side by side.
"""

from __future__ import annotations

DENSE_WEIGHT = 0.8
LEXICAL_WEIGHT = 0.2
LEXICAL_SATURATION = 5.0


def saturate(bm25: float) -> float:
    """A BM25 score mapped into [0, 1)."""
    return bm25 / (bm25 + LEXICAL_SATURATION) if bm25 > 0 else 0.0


def fused_score(similarity: float, bm25: float) -> float:
    """The hybrid score of one passage, in [0, 1]."""
    value = DENSE_WEIGHT * max(similarity, 0.0) + LEXICAL_WEIGHT * saturate(bm25)
    return min(1.0, value)
