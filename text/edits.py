"""How far apart two words are in typing mistakes: a letter swapped, dropped, added or
replaced, or two neighbours transposed."""

from __future__ import annotations


def edit_distance(first: str, second: str, limit: int = 2) -> int:
    """Optimal string alignment distance, or `limit + 1` once it is known to exceed `limit`."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous: list[int] = []
    current = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        before, previous = previous, current
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, start=1):
            cost = 0 if a == b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
    return min(current[-1], limit + 1)


def typo_of(word: str, known: str) -> bool:
    """Whether `word` is `known` with a typing mistake: one for words of five letters or more,
    two from nine; shorter words must match exactly, and the first letter always ("night" is
    no typo of "light")."""
    if word == known:
        return True
    if len(known) < 5 or len(word) < 4 or word[0] != known[0]:
        return False
    allowed = 2 if len(known) >= 9 else 1
    return edit_distance(word, known, allowed) <= allowed
