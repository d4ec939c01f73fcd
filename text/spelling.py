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
