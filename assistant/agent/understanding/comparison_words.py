"""The comparison lexicon (`lexicon/comparisons.yaml`) and how its phrases are found in a
message: English word by word, forgiving a typing mistake in longer words; Chinese as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from text.spelling import typo_of
from text.stemming import stem

LEXICON = Path(__file__).with_name("lexicon") / "comparisons.yaml"
Best = Literal["highest", "lowest"]
Way = Literal["more", "less"]
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True)
class Phrase:
    """Words of the lexicon as the matcher reads them: English tokens, or a Chinese string."""

    tokens: tuple[str, ...] = ()
    chinese: str = ""


@dataclass(frozen=True)
class Sense:
    """More or less of a quality: the phrases asking for it and how the answer says it."""

    quality: str
    way: Way
    phrases: tuple[Phrase, ...]
    says: dict[str, str]


@dataclass(frozen=True)
class Quality:
    """A quality a comparison may turn on, and the attribute keys that measure it."""

    name: str
    attributes: tuple[tuple[str, Best], ...]


@dataclass(frozen=True)
class Found:
    """A phrase found in a message: which entry, and where (token positions for English,
    character positions for Chinese)."""

    key: str
    start: int
    end: int
    chinese: bool = False


@dataclass(frozen=True)
class ComparisonWords:
    """Every list of the lexicon, ready to match."""

    cues: tuple[Phrase, ...]
    strong_cues: tuple[Phrase, ...]
    separators_en: tuple[str, ...]
    separators_zh: tuple[str, ...]
    superlative: tuple[Phrase, ...]
    qualities: dict[str, Quality]
    senses: dict[str, Sense]
    directions: dict[str, tuple[Phrase, ...]]
    counts: dict[str, int]
    ordinals: dict[str, int]
    last: tuple[Phrase, ...]
    first: tuple[Phrase, ...]
    pointing: tuple[Phrase, ...]
    discussed: tuple[Phrase, ...]
    pick: tuple[Phrase, ...]
    labels_zh: dict[str, str]
    units_zh: dict[str, str]
    values_zh: dict[str, str]


def _phrase(text: Any) -> Phrase:
    written = str(text).lower()
    if written.isascii():
        return Phrase(tokens=tuple(_WORD.findall(written)))
    return Phrase(chinese=written)


def _phrases(entry: dict[str, Any] | None) -> tuple[Phrase, ...]:
    entry = entry or {}
    return tuple(_phrase(item) for language in ("en", "zh") for item in entry.get(language, []))


@cache
def comparison_words() -> ComparisonWords:
    """The lexicon, read once per process."""
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    qualities: dict[str, Quality] = {}
    senses: dict[str, Sense] = {}
    for name, entry in data["qualities"].items():
        qualities[name] = Quality(
            name, tuple((item["key"], item["best"]) for item in entry["attributes"])
        )
        for way in ("more", "less"):
            if way in entry:
                sense = entry[way]
                says = {str(k): str(v) for k, v in sense.get("says", {}).items()}
                senses[f"{name}:{way}"] = Sense(name, way, _phrases(sense), says)
    references = data["references"]
    return ComparisonWords(
        cues=_phrases(data["cues"]),
        strong_cues=_phrases(data["strong_cues"]),
        separators_en=tuple(data["separators"]["en"]),
        separators_zh=tuple(data["separators"]["zh"]),
        superlative=_phrases(data["superlative"]),
        qualities=qualities,
        senses=senses,
        directions={way: _phrases(entry) for way, entry in data["directions"].items()},
        counts={
            str(word).lower(): int(n)
            for language in ("en", "zh")
            for word, n in references["counts"][language].items()
        },
        ordinals={
            str(word).lower(): int(n)
            for language in ("en", "zh")
            for word, n in references["ordinals"][language].items()
        },
        last=_phrases(references["last"]),
        first=_phrases(references["first"]),
        pointing=_phrases(references["pointing"]),
        discussed=_phrases(references["discussed"]),
        pick=_phrases(references["pick"]),
        labels_zh={str(k): str(v) for k, v in data["labels"]["zh"].items()},
        units_zh={str(k): str(v) for k, v in data["labels"]["units"].items()},
        values_zh={key: str(data["labels"][key]) for key in ("yes", "no", "not_stated")},
    )


@dataclass(frozen=True)
class Words:
    """A message as the matcher reads it: its lower-case text and English tokens, some masked
    (the products' own names, so "Featherlite" is not "light")."""

    lower: str
    tokens: tuple[str, ...]
    masked: frozenset[int] = frozenset()
    spans: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(cls, lower: str, masked_stems: frozenset[str] = frozenset()) -> Words:
        """The words of a lower-case text, masking those whose stem is in `masked_stems`."""
        matches = list(_WORD.finditer(lower))
        tokens = tuple(match.group() for match in matches)
        masked = frozenset(i for i, token in enumerate(tokens) if stem(token) in masked_stems)
        return cls(lower, tokens, masked, tuple(match.span() for match in matches))

    def blanked(self, text: str, hits: list[Found]) -> str:
        """`text` (aligned with `lower`) with the phrases found blanked out."""
        characters = list(text)
        for hit in hits:
            if hit.chinese:
                start, end = hit.start, hit.end
            else:
                start, end = self.spans[hit.start][0], self.spans[hit.end - 1][1]
            characters[start:end] = " " * (end - start)
        return "".join(characters)


def _token_matches(written: str, wanted: str, fuzzy: bool) -> bool:
    if written == wanted or stem(written) == stem(wanted):
        return True
    return fuzzy and typo_of(written, wanted)


def find(
    words: Words, phrases: tuple[Phrase, ...], key: str = "", *, fuzzy: bool = True
) -> list[Found]:
    """Every place a phrase occurs; `fuzzy` forgives a typing mistake in longer words."""
    found: list[Found] = []
    for phrase in phrases:
        if phrase.chinese:
            start = words.lower.find(phrase.chinese)
            while start >= 0:
                end = start + len(phrase.chinese)
                found.append(Found(key, start, end, chinese=True))
                start = words.lower.find(phrase.chinese, end)
            continue
        size = len(phrase.tokens)
        for start in range(len(words.tokens) - size + 1):
            span = range(start, start + size)
            if any(i in words.masked for i in span):
                continue
            if all(
                _token_matches(words.tokens[i], phrase.tokens[n], fuzzy) for n, i in enumerate(span)
            ):
                found.append(Found(key, start, start + size))
    return found


def has_any(words: Words, phrases: tuple[Phrase, ...], *, fuzzy: bool = True) -> bool:
    """Whether any phrase occurs."""
    return bool(find(words, phrases, fuzzy=fuzzy))


def sense_hits(words: Words) -> list[Found]:
    """Every phrase of every quality found, overlapping ones included."""
    lexicon = comparison_words()
    return [hit for key, sense in lexicon.senses.items() for hit in find(words, sense.phrases, key)]


def senses_in(words: Words) -> list[Found]:
    """The qualities asked about, in the order written; a longer phrase wins over the words
    inside it ("bigger screen" is the screen, not capacity)."""
    kept: list[Found] = []
    for hit in sorted(sense_hits(words), key=lambda item: item.start - item.end):
        if not any(_overlap(hit, other) for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda item: (item.chinese, item.start))


def _overlap(first: Found, second: Found) -> bool:
    same_kind = first.chinese == second.chinese
    return same_kind and first.start < second.end and second.start < first.end
