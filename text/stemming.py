"""One light English stemmer: plural endings and a possessive, nothing more.

Enough to match "boots" to "boot", "batteries" to "battery", "people" to "person" and
"men's" to "man", without the surprises of a full stemmer ("universal" stays "universal").
`root` goes further, for loose overlap between sentences, never for an index or a lexicon.
"""

from __future__ import annotations

import re
from functools import lru_cache

_IRREGULAR = {"people": "person", "persons": "person", "women": "woman", "men": "man"}
WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?(?:'[a-z]+)?")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one lower-case word."""
    word = word.removesuffix("'s").replace("'", "")
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_ROOT_SUFFIXES = ("ing", "ed", "ly", "er", "e")
_ROOT_LENGTH = 6


def root(word: str) -> str:
    """A rough word root: "shipping" and "ship", "originally" and "original" meet."""
    base = stem(word)
    for suffix in _ROOT_SUFFIXES:
        if base.endswith(suffix) and len(base) - len(suffix) >= 3:
            base = base[: -len(suffix)]
            break
    if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiouls":
        base = base[:-1]
    return base[:_ROOT_LENGTH]


def words(text: str) -> list[str]:
    """Lower-case ASCII word tokens of a text (numbers and decimals included)."""
    return WORD.findall(text.lower())


def stems(text: str) -> list[str]:
    """Stems of the ASCII word tokens of a text."""
    return [stem(word) for word in words(text)]
