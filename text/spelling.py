"""Correcting a shopper's typos towards the words of one shop.

`Speller(vocabulary)` knows the shop's own words (its titles, categories, options, the phrases
its understanding reads) and, from `pyspellchecker`'s English frequency list, every common
English word. A word is left alone when either knows it. Otherwise it becomes the word of the
shop's vocabulary one edit away (a letter added, dropped, changed or two letters swapped; the
one with the same first letter and the most uses when several are; a word under seven letters
keeps its first letter), and stays as written when there is none: a guess towards a word the
shop never uses would only change the meaning. Only words of four or more letters are read:
figures, sizes, SKUs and codes written in capitals ("TRAIL20", "BOOT-42") are never touched,
nor are "u", "r", "pls".

`edit_distance` and `typo_of` compare two given words by the same kinds of mistake, for
matchers that check a message's words against a short list of their own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from spellchecker import SpellChecker

MIN_LENGTH = 4
# Words shorter than this are only corrected to words with the same first letter.
FREE_FIRST_LETTER = 7
_WORD = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z]+(?![A-Za-z0-9_-])")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@cache
def _english() -> dict[str, int]:
    """English words and their counts (pyspellchecker's frequency list, loaded once)."""
    checker = SpellChecker(language="en", distance=1)
    return dict(checker.word_frequency.dictionary.items())


def one_edit(word: str) -> set[str]:
    """Every string one edit from `word`: a letter dropped, swapped, changed or added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    dropped = {left + right[1:] for left, right in splits if right}
    swapped = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    changed = {left + c + right[1:] for left, right in splits if right for c in _LETTERS}
    added = {left + c + right for left, right in splits for c in _LETTERS}
    return (dropped | swapped | changed | added) - {word}


class Speller:
    """Typo correction towards one shop's vocabulary; see the module docstring."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        for phrase in vocabulary:
            counts.update(word.lower() for word in _WORD.findall(phrase))
        self._shop = counts
        self._english = _english()
        self._fixes: dict[str, str] = {}

    def knows(self, word: str) -> bool:
        """Whether the word is the shop's or English."""
        lower = word.lower()
        return lower in self._shop or lower in self._english

    def correct_word(self, word: str) -> str:
        """The word as the shopper probably meant it, in the shopper's case."""
        if len(word) < MIN_LENGTH or word.isupper() or self.knows(word):
            return word
        lower = word.lower()
        fixed = self._fixes.get(lower)
        if fixed is None:
            fixed = self._fixes[lower] = self._best(lower)
        if fixed == lower:
            return word
        return fixed.capitalize() if word[0].isupper() else fixed

    def correct(self, text: str) -> str:
        """The text with each unknown word corrected; everything else exactly as written."""
        return _WORD.sub(lambda match: self.correct_word(match.group()), text)

    def _best(self, word: str) -> str:
        edits = one_edit(word)
        shop = [candidate for candidate in edits if candidate in self._shop]
        if len(word) < FREE_FIRST_LETTER:
            # In a short word a changed first letter makes another word more often than a typo.
            shop = [candidate for candidate in shop if candidate[0] == word[0]]
        if not shop:
            return word
        english = self._english
        return max(shop, key=lambda c: (c[0] == word[0], self._shop[c], english.get(c, 0), c))


# Comparing two given words (where the candidates are few and known, e.g. a lexicon's).


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


def one_edit_apart(word: str, known: str, shortest: int = 5) -> bool:
    """Whether `word` is `known` with at most one typing mistake, whatever their length, the
    first letter kept, both at least `shortest` letters long: stricter than `typo_of`, for
    words whose neighbours two edits away mean something else ("brighter" is not
    "brightest")."""
    if word == known:
        return True
    if len(known) < shortest or len(word) < shortest or word[0] != known[0]:
        return False
    return edit_distance(word, known, 1) <= 1
