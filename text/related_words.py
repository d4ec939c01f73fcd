"""Words that ask about the same thing, in English and Chinese (`related_words.yaml`).

A question about a product rarely uses the product text's own word: "bladder" for "hydration
sleeve", "heavy" for `weight_g`, "水袋" for "hydration". The groups in the data file join such
words; units of measure and the openings that ask for a figure ("how long does", "多重") say
which dimension a figure must have to answer. English words are compared by their rough roots
(`text.stemming.root`), Chinese words as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml

from text.cjk import has_cjk, is_han_run
from text.segmenter import Segmenter
from text.stemming import root

Kind = Literal["subject", "property", "action", "generic"]
_KINDS: frozenset[str] = frozenset({"subject", "property", "action", "generic"})
ENGLISH_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|°[cf]")


@dataclass(frozen=True)
class Group:
    """One meaning: its words, what kind of word it is and the dimension of its figures."""

    index: int
    kind: Kind
    measure: str | None
    english: tuple[str, ...]
    chinese: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """The data file, indexed for lookups."""

    groups: tuple[Group, ...]
    # Phrases as tuples of roots, longest first, each with the groups it belongs to.
    english: tuple[tuple[tuple[str, ...], frozenset[int]], ...]
    chinese: tuple[tuple[str, frozenset[int]], ...]
    units: dict[str, str]
    asks_english: tuple[tuple[str, str], ...]
    asks_chinese: tuple[tuple[str, str], ...]


def phrase_roots(phrase: str) -> tuple[str, ...]:
    """The roots of a phrase's words, in order."""
    return tuple(root(word) for word in ENGLISH_WORD.findall(phrase.lower()))


@cache
def lexicon() -> Lexicon:
    """The related words, read once."""
    raw = yaml.safe_load(
        resources.files("text").joinpath("related_words.yaml").read_text(encoding="utf-8")
    )
    groups: list[Group] = []
    english: dict[tuple[str, ...], set[int]] = {}
    chinese: dict[str, set[int]] = {}
    for index, entry in enumerate(raw["groups"]):
        kind = str(entry.get("kind", "subject"))
        if kind not in _KINDS:
            raise ValueError(f"related_words.yaml: unknown kind {kind!r}")
        group = Group(
            index=index,
            kind=kind,  # type: ignore[arg-type]
            measure=entry.get("measure"),
            english=tuple(str(word) for word in entry.get("en", ())),
            chinese=tuple(str(word) for word in entry.get("zh", ())),
        )
        groups.append(group)
        for phrase in group.english:
            roots = phrase_roots(phrase)
            if roots:
                english.setdefault(roots, set()).add(index)
        for word in group.chinese:
            if not is_han_run(word):
                raise ValueError(f"related_words.yaml: {word!r} is not Chinese")
            chinese.setdefault(word, set()).add(index)
    units = {
        str(word).lower(): dimension
        for dimension, words in raw["measures"].items()
        for language in ("en", "zh")
        for word in words.get(language, ())
    }
    asks = raw["asks"]
    return Lexicon(
        groups=tuple(groups),
        english=tuple(
            sorted(((k, frozenset(v)) for k, v in english.items()), key=lambda e: -len(e[0]))
        ),
        chinese=tuple(
            sorted(((k, frozenset(v)) for k, v in chinese.items()), key=lambda e: -len(e[0]))
        ),
        units=units,
        asks_english=tuple(
            (phrase, dimension)
            for dimension, entry in asks.items()
            for phrase in entry.get("en", ())
        ),
        asks_chinese=tuple(
            (phrase, dimension)
            for dimension, entry in asks.items()
            for phrase in entry.get("zh", ())
        ),
    )


def english_groups(roots: Sequence[str]) -> list[tuple[int, int, frozenset[int]]]:
    """(start, end, groups) of the phrases found in a sequence of roots, longest first."""
    found: list[tuple[int, int, frozenset[int]]] = []
    taken: set[int] = set()
    for phrase, groups in lexicon().english:
        size = len(phrase)
        for start in range(len(roots) - size + 1):
            span = range(start, start + size)
            if tuple(roots[start : start + size]) == phrase and not taken & set(span):
                found.append((start, start + size, groups))
                taken |= set(span)
    return sorted(found)


@cache
def _segmenter() -> Segmenter:
    return Segmenter(word for word, _ in lexicon().chinese if len(word) > 1)


def chinese_groups(text: str) -> list[tuple[int, int, frozenset[int]]]:
    """(start, end, groups) of the Chinese words of the groups found in a text.

    Words of two or more ideographs are found wherever they stand, longest first; a word of one
    ideograph ("放", "背") only where the segmenter cuts it as a word of its own, so "背" is not
    found in "背包".
    """
    found: list[tuple[int, int, frozenset[int]]] = []
    taken: set[int] = set()
    entries = dict(lexicon().chinese)
    for word, groups in lexicon().chinese:
        if len(word) < 2:
            continue
        start = text.find(word)
        while start >= 0:
            span = set(range(start, start + len(word)))
            if not taken & span:
                found.append((start, start + len(word), groups))
                taken |= span
            start = text.find(word, start + 1)
    if not has_cjk(text):
        return sorted(found)
    position = 0
    for token in _segmenter().cut(text):
        start = text.find(token, position)
        if start < 0:
            continue
        position = start + len(token)
        if len(token) == 1 and token in entries and start not in taken:
            found.append((start, start + 1, entries[token]))
            taken.add(start)
    return sorted(found)


def group(index: int) -> Group:
    """A group by its index."""
    return lexicon().groups[index]


def unit_dimension(unit: str) -> str | None:
    """The dimension a unit measures ("kg" -> "mass", "分钟" -> "duration"), if known."""
    return lexicon().units.get(unit.lower())


def asked_dimensions(text: str) -> set[str]:
    """Dimensions whose figure the question's wording asks for ("how long does ..." -> duration)."""
    lower = " ".join(ENGLISH_WORD.findall(text.lower()))
    found = {
        dimension
        for phrase, dimension in lexicon().asks_english
        if re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", lower)
    }
    found |= {dimension for phrase, dimension in lexicon().asks_chinese if phrase in text}
    return found
