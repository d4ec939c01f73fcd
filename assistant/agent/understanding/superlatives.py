"""Reading a superlative: "which daypack is the lightest?", "your most powerful headlamp",
"cheapest black tea", "最便宜的头灯", "续航最长的头灯", "list your headlamps from brightest to
dimmest".

A superlative names a ranking of the lexicon (`lexicon/rankings.yaml`): the attributes it reads,
each with the end that wins. Only the keys this store's catalog states as figures are kept (and
the price, which every store has), so a store without `lumens` never ranks by brightness; a
message whose superlative no key of the store measures asks for no ranking. A figure the catalog
names itself counts too, with a superlative in front ("the most lumens", "the highest r value").
English words forgive one typing mistake ("lighest"), never the comparative ("lighter" is a
comparison, not a ranking).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.agent.understanding.comparison_words import Found, Phrase, Words
from assistant.agent.understanding.vocabulary import CatalogVocabulary
from text.normalise import lower_aligned
from text.spelling import one_edit_apart
from text.stemming import stem

LEXICON = Path(__file__).with_name("lexicon") / "rankings.yaml"
PRICE_KEY = "price"
Direction = Literal["most", "least"]
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
# How far before a figure's own name its direction word may stand ("the most lumens").
_DIRECTION_REACH = 2
# The shortest words forgiven a typing mistake: alone, and beside the other words of a phrase.
_ALONE = 5
_ANCHORED = 4
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


class RankKey(BaseModel):
    """An attribute key of the store to rank on, and which end of it wins."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(description="The catalog's attribute key, or 'price'.")
    direction: Direction
    says: dict[str, str] = Field(
        default_factory=dict, description="How the answer names the winner, per language."
    )


class Ranking(BaseModel):
    """The products of a kind asked for in order of a figure, the winner first."""

    model_config = ConfigDict(frozen=True)

    keys: tuple[RankKey, ...] = Field(
        description="The store's keys that measure what was asked, first preferred."
    )
    whole_list: bool = Field(
        False, description="The whole kind is asked for in order, not only the winner."
    )


@dataclass(frozen=True)
class _Entry:
    name: str
    attributes: tuple[tuple[str, Direction, dict[str, str]], ...]
    phrases: tuple[Phrase, ...]


@dataclass(frozen=True)
class RankingWords:
    """The rankings lexicon, ready to match."""

    entries: tuple[_Entry, ...]
    whole_list: tuple[Phrase, ...]
    directions: dict[Direction, tuple[Phrase, ...]]
    unit_endings: frozenset[str]


def _phrase(text: Any) -> Phrase:
    written = str(text).lower()
    if written.isascii():
        return Phrase(tokens=tuple(_WORD.findall(written)))
    return Phrase(chinese=written)


def _phrases(entry: dict[str, Any]) -> tuple[Phrase, ...]:
    return tuple(_phrase(item) for language in ("en", "zh") for item in entry.get(language, []))


def _direction(value: Any) -> Direction:
    return "least" if value == "least" else "most"


def _says(item: dict[str, Any], entry: dict[str, Any]) -> dict[str, str]:
    """The attribute's own wording ("the most powerful" for a stove's output), else the
    ranking's ("the brightest")."""
    says = item.get("says") or entry.get("says") or {}
    return {str(k): str(v) for k, v in says.items()}


@cache
def ranking_words() -> RankingWords:
    """The lexicon, read once per process."""
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    entries = tuple(
        _Entry(
            name=str(name),
            attributes=tuple(
                (str(item["key"]), _direction(item["direction"]), _says(item, entry))
                for item in entry["attributes"]
            ),
            phrases=_phrases(entry),
        )
        for name, entry in data["rankings"].items()
    )
    return RankingWords(
        entries=entries,
        whole_list=_phrases(data["whole_list"]),
        directions={
            "most": _phrases(data["direction_words"]["most"]),
            "least": _phrases(data["direction_words"]["least"]),
        },
        unit_endings=frozenset(str(unit) for unit in data["unit_endings"]),
    )


def read_ranking(text: str, vocabulary: CatalogVocabulary) -> Ranking | None:
    """The ranking a message asks for, or None when it asks for none this store can make."""
    lexicon = ranking_words()
    words = Words.of(lower_aligned(text))
    store_keys = [PRICE_KEY, *_figures(vocabulary)]
    keys: list[RankKey] = []
    asked: set[str] = set()
    for entry, _ in _entries_in(words, lexicon.entries):
        found = [
            RankKey(key=key, direction=direction, says=says)
            for start, direction, says in entry.attributes
            for key in store_keys
            if _measures(key, start)
        ]
        if not found:
            continue
        asked.add(entry.name)
        keys.extend(key for key in found if key not in keys)
    for named in _named_figures(words, store_keys, lexicon):
        if all((named.key, named.direction) != (key.key, key.direction) for key in keys):
            keys.append(named)
    if not keys:
        return None
    whole = len(asked) > 1 or bool(_find(words, lexicon.whole_list))
    return Ranking(keys=tuple(keys), whole_list=whole)


def _figures(vocabulary: CatalogVocabulary) -> list[str]:
    return [key for key, entry in vocabulary.attributes.items() if entry.kind == "number"]


def _measures(key: str, start: str) -> bool:
    return key == start or key.startswith(f"{start}_")


def _entries_in(words: Words, entries: tuple[_Entry, ...]) -> list[tuple[_Entry, Found]]:
    """The rankings named, in the order written; a longer phrase wins over the words inside
    it ("longest battery life" is the runtime, "biggest screen" the screen)."""
    hits = [(entry, hit) for entry in entries for hit in _find(words, entry.phrases)]
    kept: list[tuple[_Entry, Found]] = []
    for entry, hit in sorted(hits, key=lambda item: item[1].start - item[1].end):
        if not any(_overlap(hit, other) for _, other in kept):
            kept.append((entry, hit))
    return sorted(kept, key=lambda item: (item[1].chinese, item[1].start))


def _overlap(first: Found, second: Found) -> bool:
    same_kind = first.chinese == second.chinese
    return same_kind and first.start < second.end and second.start < first.end


def _same_word(written: str, wanted: str, shortest: int) -> bool:
    if written == wanted or stem(written) == stem(wanted):
        return True
    return one_edit_apart(written, wanted, shortest)


def _find(words: Words, phrases: tuple[Phrase, ...]) -> list[Found]:
    """Every place a phrase occurs. Chinese is matched with the spaces between its characters
    dropped ("最 轻的背包"); in a phrase of several English words the others anchor a mistake
    in a shorter one ("mist powerful")."""
    found: list[Found] = []
    compact = _CJK_SPACE.sub("", words.lower)
    for phrase in phrases:
        if phrase.chinese:
            start = compact.find(phrase.chinese)
            while start >= 0:
                end = start + len(phrase.chinese)
                found.append(Found("", start, end, chinese=True))
                start = compact.find(phrase.chinese, end)
            continue
        size = len(phrase.tokens)
        shortest = _ANCHORED if size > 1 else _ALONE
        for start in range(len(words.tokens) - size + 1):
            if all(
                _same_word(words.tokens[start + n], token, shortest)
                for n, token in enumerate(phrase.tokens)
            ):
                found.append(Found("", start, start + size))
    return found


def _named_figures(words: Words, store_keys: list[str], lexicon: RankingWords) -> list[RankKey]:
    """Figures named by the catalog's own key with a superlative just before them."""
    before: dict[int, Direction] = {}
    for direction, phrases in lexicon.directions.items():
        for hit in _find(words, phrases):
            if not hit.chinese:
                before[hit.end - 1] = direction
    named: list[tuple[int, RankKey]] = []
    for key in store_keys:
        tokens = tuple(
            part
            for part in key.split("_")
            if part not in lexicon.unit_endings and not any(c.isdigit() for c in part)
        )
        if not tokens or not all(len(token) > 1 for token in tokens):
            continue
        for hit in _find(words, (Phrase(tokens=tokens),)):
            reach = range(max(0, hit.start - _DIRECTION_REACH), hit.start)
            ways = [before[i] for i in reach if i in before]
            if ways:
                named.append((hit.start, RankKey(key=key, direction=ways[-1])))
    return [key for _, key in sorted(named, key=lambda item: item[0])]
