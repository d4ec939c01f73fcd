"""Batches for a transformer that pads each batch to its longest text.

A batch costs its rows times its padded width, and its attention scores grow with rows times
width squared, so batches are sized by padded tokens, not by count: texts are taken shortest
first (little padding inside a batch) and a batch closes before the next text would push
rows x width over the budget. A text longer than the budget on its own is a batch by itself.
"""

from __future__ import annotations

from collections.abc import Sequence


def padded_batches(lengths: Sequence[int], max_rows: int, token_budget: int) -> list[list[int]]:
    """Indices into `lengths`, grouped shortest first, each group within both limits."""
    if max_rows < 1 or token_budget < 1:
        raise ValueError("max_rows and token_budget must be positive")
    order = sorted(range(len(lengths)), key=lambda index: lengths[index])
    batches: list[list[int]] = []
    batch: list[int] = []
    for index in order:
        # Sorted by length: the newest text sets the batch's padded width.
        if batch and (len(batch) >= max_rows or (len(batch) + 1) * lengths[index] > token_budget):
            batches.append(batch)
            batch = []
        batch.append(index)
    if batch:
        batches.append(batch)
    return batches


def padded_tokens(lengths: Sequence[int], batch: Sequence[int]) -> int:
    """What one batch costs: its rows times the length of its longest text."""
    return len(batch) * max((lengths[index] for index in batch), default=0)
