"""Asking whether the store sells a kind of thing it does not sell: "do you sell kayaks?",
"got a gps watch?", "你们卖钓鱼竿吗".

The question's shape comes from `lexicon/availability.yaml`; whether the store sells the thing
is read from its own catalog (`CatalogVocabulary.kinds`): a product known by the thing's words,
or the thing's generic kind (`lexicon/categories.py`) in an aisle that holds products. A word
of a kind that only names it otherwise ("shelter" for a tent) is sold with the kind; the name
of a narrower variety ("matcha" in a shop of green teas) must be the catalog's own word.

What is near comes from the catalog too: the aisle of the thing's kind, or the few products
that share a telling word with it ("gps" and "watch" for a GPS watch).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.agent.understanding.labels import Intent
from assistant.agent.understanding.lexicon.categories import CONCEPTS, Concept
from assistant.agent.understanding.lexicon.colours import COLOURS
from assistant.agent.understanding.lexicon.features import FEATURES
from assistant.agent.understanding.lexicon.stopwords import ENGLISH_STOPWORDS
from assistant.agent.understanding.lexicon_match import find_lexicon
from assistant.agent.understanding.scan import Scan
from assistant.agent.understanding.scoring import Decision
from assistant.agent.understanding.store_kinds import StoreKinds
from assistant.agent.understanding.vocabulary import CatalogVocabulary
from text.cjk import HAN_CLASS, has_cjk
from text.spelling import typo_of
from text.stemming import stem, stems

LEXICON = Path(__file__).with_name("lexicon") / "availability.yaml"
# At most this many products are offered as near; a word more of them share tells nothing.
NEAR_PRODUCTS = 3
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
# Words of an opening this long may carry a typing mistake ("sel" for sell, "hae" for have).
_FORGIVING_LENGTH = 4
_CLAUSE_END = re.compile(r"[?.!,;:()\n？。！，；：]")
_NOT_A_CHINESE_THING = re.compile(r"[A-Za-z0-9更最比]")
_SPACE_IN_CHINESE = re.compile(rf"(?<=[{HAN_CLASS}])\s+(?=[{HAN_CLASS}])")
_CHINESE_COLOURS = tuple(word for colour in COLOURS for word in colour.chinese)
# What a question about what the store sells may be read as ("do u have matcha" may be read as
# a question about the shop: the lexicon's `not_a_thing` words keep policies out).
_ABOUT_PRODUCTS: frozenset[Intent] = frozenset(
    {
        "product_search",
        "product_question",
        "recommendation",
        "stock_question",
        "unknown",
        "off_topic",
        "policy_question",
    }
)


class UnsoldKind(BaseModel):
    """A kind of thing the shopper asked for that the store does not sell, and what is near."""

    model_config = ConfigDict(frozen=True)

    thing: str = Field(description="The thing as the shopper wrote it, e.g. 'a gps watch'.")
    near_category: str | None = Field(None, description="The aisle of the thing's kind.")
    near_products: tuple[str, ...] = Field((), description="Handles sharing a telling word.")
    near_query: str = Field("", description="The shared words, to search the near products.")
    aisles: tuple[str, ...] = Field((), description="The store's top-level categories.")


@dataclass(frozen=True)
class AvailabilityWords:
    """The lexicon's lists, ready to match."""

    asks_en: tuple[tuple[str, ...], ...]
    short_forms: dict[str, str]
    asks_zh: tuple[re.Pattern[str], ...]
    after_en: frozenset[str]
    after_zh: tuple[str, ...]
    before_en: frozenset[str]
    before_zh: tuple[str, ...]
    not_a_thing_en: frozenset[tuple[str, ...]]
    not_a_thing_zh: tuple[str, ...]
    varieties_en: tuple[tuple[str, ...], ...]
    varieties_zh: tuple[str, ...]


@cache
def availability_words() -> AvailabilityWords:
    """The lexicon, read once."""
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    openings = {tuple(_WORD.findall(str(p).lower())) for p in data["asks"]["en"]}
    asks_en = tuple(sorted(openings, key=len, reverse=True))
    asks_zh = tuple(
        re.compile(re.escape(str(p)).replace("X", "(?P<thing>[^，。？！,.?!\\s]+?)") + _zh_end(p))
        for p in sorted(data["asks"]["zh"], key=len, reverse=True)
    )
    return AvailabilityWords(
        asks_en=asks_en,
        short_forms={str(k): str(v) for k, v in data["short_forms"].items()},
        asks_zh=asks_zh,
        after_en=frozenset(str(w) for w in data["after_thing"]["en"]),
        after_zh=tuple(str(w) for w in data["after_thing"]["zh"]),
        before_en=frozenset(str(w) for w in data["before_thing"]["en"]),
        before_zh=tuple(str(w) for w in data["before_thing"]["zh"]),
        not_a_thing_en=frozenset(tuple(stems(str(w))) for w in data["not_a_thing"]["en"]),
        not_a_thing_zh=tuple(str(w) for w in data["not_a_thing"]["zh"]),
        varieties_en=tuple(tuple(stems(str(w))) for w in data["varieties"]["en"]),
        varieties_zh=tuple(str(w) for w in data["varieties"]["zh"]),
    )


def _zh_end(pattern: str) -> str:
    # A pattern ending in the thing takes it up to the end of the clause.
    return "(?=$|[，。？！,.?!\\s吗呢])" if str(pattern).endswith("X") else ""


def read_unsold(
    text: str, vocabulary: CatalogVocabulary, decision: Decision, *, named: bool
) -> UnsoldKind | None:
    """The thing asked for when the message asks whether the store sells it and it does not.

    Only a question about products is read: not one about a policy, an order or the cart, and
    not one naming a product of the store (`named`).
    """
    if named or decision.intent not in _ABOUT_PRODUCTS or decision.refers_to_previous:
        return None
    if decision.service_request is not None or decision.human_request or decision.complaint:
        return None
    words = availability_words()
    if has_cjk(text):
        return _read_chinese(text, vocabulary, words)
    return _read_english(text, vocabulary, words)


# --- English ---------------------------------------------------------------------------------


def _read_english(
    text: str, vocabulary: CatalogVocabulary, words: AvailabilityWords
) -> UnsoldKind | None:
    lower = text.lower()
    opening_end = _opening_end(lower, words)
    if opening_end is None:
        return None
    rest = _CLAUSE_END.split(lower[opening_end:], maxsplit=1)[0]
    tokens = _WORD.findall(rest)
    article = ""
    while tokens and tokens[0] in words.before_en:
        if tokens[0] in {"a", "an"}:
            article = tokens[0]
        tokens.pop(0)
    thing: list[str] = []
    for token in tokens:
        if token in words.after_en or stem(token) in words.after_en:
            break
        thing.append(token)
    thing_stems = [stem(token) for token in thing]
    if not thing_stems or _names_no_thing(thing_stems, words):
        return None
    kinds = vocabulary.kinds
    kind_stems = [
        s
        for s in thing_stems
        if s not in _DESCRIPTIVE and s not in kinds.option_words and not s[0].isdigit()
    ]
    if not kind_stems:
        return None
    spelt = [_known_spelling(s, kinds) for s in kind_stems]
    kind_stems = [s for s in spelt if s is not None]
    if len(kind_stems) < len(spelt):
        return None  # a typing mistake that could be one of several things the store knows
    head = kind_stems[-1]
    concepts = _concepts_in(kind_stems)
    nouns = [s for s in kind_stems if s == head or s in _CONCEPT_STEMS]
    if kinds.holding(nouns):
        return None
    if head not in _CONCEPT_STEMS and any(kinds.holding([noun]) for noun in nouns[:-1]):
        return None  # "a headlamp suitable ...": a kind it sells, then words that describe it
    variety = any(_contains(kind_stems, term) for term in words.varieties_en)
    if not variety and len(concepts) == 1 and _sold_kind(concepts[0], vocabulary):
        return None  # another word for a kind the store sells ("shelters" for tents)
    near_category = _aisle_of(concepts, vocabulary) if len(concepts) == 1 else None
    shared = [s for s in thing_stems if s not in ENGLISH_STOPWORDS and not s[0].isdigit()]
    shared += [s for concept in concepts for s in stems(concept.name)]  # "smartwatch" -> watch
    return _unsold(
        " ".join(([article] if article else []) + thing), near_category, shared, vocabulary
    )


def _known_spelling(word: str, kinds: StoreKinds) -> str | None:
    """The store's or the lexicon's word a typing mistake stands for ("wath" -> watch), the
    word itself when it is none, or None when it may stand for several."""
    if word in kinds.words or word in _CONCEPT_STEMS:
        return word
    meant = {known for known in (*kinds.words, *_CONCEPT_STEMS) if typo_of(word, known)}
    if len(meant) > 1:
        return None
    return next(iter(meant), word)


def _opening_end(lower: str, words: AvailabilityWords) -> int | None:
    """Where the first opening of an availability question ends, forgiving short forms and a
    typing mistake in its longer words ("do u hav", "do you sel")."""
    found = list(_WORD.finditer(lower))
    for start in range(len(found)):
        for opening in words.asks_en:
            end = start + len(opening)
            if end <= len(found) and all(
                _same_word(match.group(), word, words.short_forms)
                for match, word in zip(found[start:end], opening, strict=True)
            ):
                return found[end - 1].end()
    return None


def _same_word(token: str, word: str, short_forms: dict[str, str]) -> bool:
    if token == word or short_forms.get(token) == word:
        return True
    if len(word) < _FORGIVING_LENGTH or token[:1] != word[:1]:
        return False
    dropped = len(token) == len(word) - 1 and any(
        word[:i] + word[i + 1 :] == token for i in range(len(word))
    )
    return dropped or typo_of(token, word)


def _names_no_thing(thing_stems: list[str], words: AvailabilityWords) -> bool:
    if (thing_stems[0],) in words.not_a_thing_en or (thing_stems[-1],) in words.not_a_thing_en:
        return True  # "something similar", "it in blue", "free shipping"
    return any(_contains(thing_stems, phrase) for phrase in words.not_a_thing_en if len(phrase) > 1)


# Words that describe a thing rather than say what it is: qualities and colours (and the
# store's own option values, `StoreKinds.option_words`).
_DESCRIPTIVE = (
    ENGLISH_STOPWORDS
    | {s for feature in FEATURES for term in feature.english for s in stems(term)}
    | {word for colour in COLOURS for word in colour.english}
)
_CONCEPT_TERMS = tuple(
    (concept, tuple(stems(term))) for concept in CONCEPTS for term in concept.english
)
_CONCEPT_STEMS = frozenset(s for _, term in _CONCEPT_TERMS for s in term)


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return size > 0 and any(
        tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1)
    )


def _concepts_in(kind_stems: list[str]) -> list[Concept]:
    """The generic kinds whose terms explain every kind word of the thing, longest first."""
    found: list[Concept] = []
    covered: set[str] = set()
    for concept, term in sorted(_CONCEPT_TERMS, key=lambda item: -len(item[1])):
        if set(term) <= covered or not _contains(kind_stems, term):
            continue
        covered.update(term)
        if concept not in found:
            found.append(concept)
    return found if covered >= set(kind_stems) else []


def _sold_kind(concept: Concept, vocabulary: CatalogVocabulary) -> bool:
    """Whether an aisle holding products is of this kind, or a product's title names it."""
    if _aisle_of([concept], vocabulary) is not None:
        return True
    return any(vocabulary.kinds.titles_with(stems(term)) for term in concept.english)


def _aisle_of(concepts: list[Concept], vocabulary: CatalogVocabulary) -> str | None:
    """The best stocked category of the kinds named."""
    if not concepts:
        return None
    names = " ".join(term for concept in concepts for term in concept.english[:1])
    matches = vocabulary.index.match_categories(f" {' '.join(stems(names))} ", concepts, names)
    stocked = [match.slug for match in matches if match.slug in vocabulary.kinds.stocked]
    return stocked[0] if stocked else None


def _unsold(
    thing: str, near_category: str | None, shared: list[str], vocabulary: CatalogVocabulary
) -> UnsoldKind:
    kinds = vocabulary.kinds
    telling = {} if near_category else kinds.telling(shared, NEAR_PRODUCTS)
    near = list(dict.fromkeys(handle for holders in telling.values() for handle in holders))
    return UnsoldKind(
        thing=thing,
        near_category=near_category,
        near_products=tuple(near[:NEAR_PRODUCTS]),
        near_query=" ".join(telling),
        aisles=kinds.aisles,
    )


# --- Chinese ---------------------------------------------------------------------------------


def _read_chinese(
    text: str, vocabulary: CatalogVocabulary, words: AvailabilityWords
) -> UnsoldKind | None:
    text = _SPACE_IN_CHINESE.sub("", text)  # "有 太阳镜 吗"
    found = next((m for p in words.asks_zh if (m := p.search(text)) is not None), None)
    if found is None:
        return None
    thing = found.group("thing")
    for prefix in words.before_zh:
        thing = thing.removeprefix(prefix)
    for suffix in words.after_zh:
        thing = thing.removesuffix(suffix)
    if not thing or _NOT_A_CHINESE_THING.search(thing) or thing.endswith("的"):
        return None  # "M码", "42码", "更便宜的", "防水的": a size or a quality, not a kind
    if any(w in thing for w in (*words.not_a_thing_zh, *_CHINESE_COLOURS)):
        return None
    kinds = vocabulary.kinds
    if any(thing in title for title in kinds.titles.values()):
        return None
    hits = find_lexicon(Scan(thing), vocabulary.index.segmenter)
    if hits.features and not hits.concepts:
        return None
    variety = any(word in thing for word in words.varieties_zh)
    if not variety and any(_sold_kind(concept, vocabulary) for concept in hits.concepts):
        return None
    near_category = _aisle_of(hits.concepts[:1], vocabulary)
    shared = [
        s
        for name in (*hits.concept_terms, *(feature.name for feature, _, _ in hits.features))
        for s in stems(name)
        if s not in ENGLISH_STOPWORDS
    ]
    return _unsold(thing, near_category, shared, vocabulary)
