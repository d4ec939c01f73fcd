"""Embedding batches are sized by padded tokens, so a long document's memory stays bounded."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.embeddings.base import Vectors
from retrieval.embeddings.batching import padded_batches, padded_tokens
from retrieval.embeddings.minilm import MAX_TOKENS, MiniLmEmbedder

# Measured: 16 rows of 256 tokens per batch took twice the CPU time and memory of 2 rows
# (benchmarks/results/ingest-2026-12-02.md).
LONG_PASSAGE_BATCH_LIMIT = 512


def test_batches_cover_every_text_once_shortest_first() -> None:
    lengths = [30, 5, 200, 5, 80, 31, 256, 1]
    batches = padded_batches(lengths, max_rows=3, token_budget=100)
    flat = [index for batch in batches for index in batch]
    assert sorted(flat) == list(range(len(lengths)))
    assert [lengths[index] for index in flat] == sorted(lengths)
    assert all(len(batch) <= 3 for batch in batches)


def test_a_batch_closes_before_its_padded_width_passes_the_budget() -> None:
    lengths = [10, 10, 10, 40, 40, 90, 120]
    batches = padded_batches(lengths, max_rows=64, token_budget=100)
    assert batches == [[0, 1, 2], [3, 4], [5], [6]]
    for batch in batches[:-1]:
        assert padded_tokens(lengths, batch) <= 100
    # A text over the budget on its own still gets embedded, alone.
    assert padded_tokens(lengths, batches[-1]) == 120


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        padded_batches([1, 2], max_rows=0, token_budget=10)


@pytest.fixture(scope="module")
def minilm() -> MiniLmEmbedder:
    return MiniLmEmbedder(batch_size=64)


def test_long_passages_are_embedded_a_few_rows_at_a_time(
    minilm: MiniLmEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_text = " ".join(f"tent{n} pegs guy lines and a footprint" for n in range(80))
    texts = [f"{n} {long_text}" for n in range(20)] + [f"short text {n}" for n in range(30)]
    shapes: list[tuple[int, int]] = []
    real_run = minilm._run

    def recording_run(batch: list[list[int]]) -> Vectors:
        shapes.append((len(batch), max(len(ids) for ids in batch)))
        return real_run(batch)

    monkeypatch.setattr(minilm, "_run", recording_run)
    vectors = minilm.embed_documents(texts)

    assert sum(rows for rows, _width in shapes) == len(texts)
    assert max(width for _rows, width in shapes) == MAX_TOKENS
    for rows, width in shapes:
        assert rows * width <= LONG_PASSAGE_BATCH_LIMIT
    # Rows come back in the order given, whatever batch they were embedded in.
    monkeypatch.setattr(minilm, "_run", real_run)
    for index in (0, 19, 20, 49):
        alone = minilm.embed_documents([texts[index]])[0]
        assert float(np.dot(vectors[index], alone)) > 0.99
