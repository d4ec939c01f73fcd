"""Reading a comparison: "X or Y, which is warmer?", "X vs Y", "X和Y哪个更轻", "对比一下这两款".

A message is a comparison when it names two to four different products (or points back at
products shown before: "the first two", "those two", "前两个") and says it compares them: a
cue ("vs", "difference", "which", 区别, 哪个) or a quality it turns on ("warmer", "lasts longer",
更轻). The message is cut at the words between products ("or", "vs", 和, 还是) and each piece
is read for the one product it names. The quality maps to the catalog's attributes through the
lexicon (`lexicon/comparisons.yaml`), or through the attribute's own key ("more lumens",
"a longer burn time"); the offline engine takes the first of them the products state.
"""

from __future__ import annotations

import math
import re
import weakref
from collections import defaultdict
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from assistant.agent.understanding.catalog_index import CatalogIndex
from assistant.agent.understanding.comparison_words import (
    Best,
    Found,
    Phrase,
    Words,
    comparison_words,
    find,
    has_any,
    sense_hits,
    senses_in,
)
from assistant.agent.understanding.scan import Scan
from assistant.agent.understanding.slots import Slots, extract_slots
from assistant.agent.understanding.vocabulary import CatalogVocabulary
from text.normalise import lower_aligned
from text.spelling import typo_of
from text.stemming import stem, stems

MAX_COMPARED = 4
_STRONG_PRODUCT = 0.5
_LOOSE_MIN_SCORE = 0.3
_GENERIC_WEIGHT = 0.3
_DIRECTION_REACH = 3
_UNIT_TAIL = re.compile(r"_(?:g|kg|mm|cm|m|l|ml|c|h|min|lm|mah|w|in|m2|gb|persons)$")
_PIECE_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")


class Criterion(BaseModel):
    """An attribute that may decide the comparison, and which end of it wins."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(description="An attribute key, or the start of one ('burn_time'), or 'price'.")
    best: Best


class Comparison(BaseModel):
    """Products to compare and what the comparison turns on."""

    model_config = ConfigDict(frozen=True)

    products: tuple[str, ...] = Field((), description="Handles of the products named, in order.")
    shown: tuple[int, ...] = Field(
        (), description="Positions (1-based; negative from the end) of products shown before."
    )
    all_shown: bool = Field(False, description="Every product shown before ('compare them').")
    with_discussed: bool = Field(
        False, description="The product discussed before is one of them ('is it warmer than X')."
    )
    criteria: tuple[Criterion, ...] = Field(
        (), description="Attributes that may decide, first stated wins; empty: no deciding one."
    )
    says: dict[str, str] = Field(
        default_factory=dict, description="How the answer names the quality asked about."
    )
    superlative: bool = False
    pick: bool = Field(
        False,
        description="One of the products shown before is meant, the one best on the "
        "criteria ('add the cheaper one'); the message is not a question about the comparison.",
    )


def read_comparison(
    text: str, vocabulary: CatalogVocabulary, slots: Slots | None = None
) -> Comparison | None:
    """The comparison a message asks for, or None when it asks for none."""
    lexicon = comparison_words()
    lower = lower_aligned(text)
    rough = Words.of(lower)
    senses = senses_in(rough)
    cues = find(rough, lexicon.cues)
    if not senses and not cues:
        return None
    index = vocabulary.index
    kind = _kind_stems(slots)
    bare = rough.blanked(text, sense_hits(rough) + cues)
    handles: list[str] = []
    for start, end in _pieces(text):
        piece, bare_piece = text[start:end].strip(), bare[start:end].strip()
        handle = _product_of(piece, vocabulary, index, kind)
        # A product named only by the words of the question ("which holds more water") is
        # not one of those compared.
        if handle is None or handle in handles:
            continue
        if _product_of(bare_piece, vocabulary, index, kind) is None:
            continue
        handles.append(handle)
    masked = frozenset(token for handle in handles for token in index.title_tokens[handle])
    words = Words.of(lower, masked)
    senses = senses_in(words)
    criteria, says = _criteria(senses, words, vocabulary)
    # "brighter" is one typing mistake from "brightest": a superlative is taken as written.
    superlative = has_any(words, lexicon.superlative, fuzzy=False)
    if len(handles) >= 2:
        return Comparison(
            products=tuple(handles[:MAX_COMPARED]),
            criteria=criteria,
            says=says,
            superlative=superlative,
        )
    shown, all_shown = _shown(words)
    if shown or all_shown:
        return Comparison(
            shown=shown, all_shown=all_shown, criteria=criteria, says=says, superlative=superlative
        )
    strong = has_any(words, lexicon.strong_cues)
    if not handles and criteria and has_any(words, lexicon.pick):
        return Comparison(all_shown=True, pick=True, criteria=criteria, says=says)
    if len(handles) == 1 and (strong or criteria) and _points_at_discussed(words):
        return Comparison(
            products=tuple(handles),
            with_discussed=True,
            criteria=criteria,
            says=says,
            superlative=superlative,
        )
    return None


# --- products ---------------------------------------------------------------------------------


def _pieces(text: str) -> list[tuple[int, int]]:
    """Spans of the text between the words that separate products ("or", "vs", 和, commas)."""
    lexicon = comparison_words()
    english = sorted(lexicon.separators_en, key=len, reverse=True)
    chinese = sorted(lexicon.separators_zh, key=len, reverse=True)
    words = "|".join(r"\s+".join(re.escape(part) for part in item.split()) for item in english)
    pattern = re.compile(
        rf"(?<![a-z0-9])(?:{words})(?![a-z0-9])|\s[-–]+\s|[,;/?!()]|"
        + "|".join(re.escape(item) for item in chinese),
        re.IGNORECASE,
    )
    spans: list[tuple[int, int]] = []
    start = 0
    for match in pattern.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _kind_stems(slots: Slots | None) -> frozenset[str]:
    """Words for the kind of product the whole message names ("睡垫" -> sleeping pad): they
    belong to every piece ("Alpine Air 和 Featherlite 睡垫")."""
    if slots is None:
        return frozenset()
    found: set[str] = set()
    for concept in slots.concepts:
        found.update(stems(concept))
    for match in slots.categories:
        found.update(stems(match.slug.replace("-", " ")))
    return frozenset(found)


def _product_of(
    piece: str, vocabulary: CatalogVocabulary, index: CatalogIndex, kind: frozenset[str]
) -> str | None:
    read = extract_slots(Scan(piece), vocabulary)
    if read.products and read.products[0][1] >= _STRONG_PRODUCT:
        return read.products[0][0]
    return _loose_product(piece, index, kind)


_RARE_SHARE = 0.03
_RARE_AT_LEAST = 3


@dataclass(frozen=True)
class _TitleWords:
    idf: dict[str, float]
    rare: frozenset[str]


_TITLE_WORDS: weakref.WeakKeyDictionary[CatalogIndex, _TitleWords] = weakref.WeakKeyDictionary()


def _title_words(index: CatalogIndex) -> _TitleWords:
    known = _TITLE_WORDS.get(index)
    if known is None:
        frequency: dict[str, int] = defaultdict(int)
        for tokens in index.title_tokens.values():
            for token in tokens:
                frequency[token] += 1
        count = max(len(index.title_tokens), 1)
        rare = max(_RARE_AT_LEAST, math.ceil(count * _RARE_SHARE))
        known = _TitleWords(
            idf={token: math.log(1 + count / df) for token, df in frequency.items()},
            rare=frozenset(
                token
                for token, df in frequency.items()
                if df <= rare and len(token) > 2 and not token[0].isdigit()
            ),
        )
        _TITLE_WORDS[index] = known
    return known


def _loose_product(piece: str, index: CatalogIndex, kind: frozenset[str]) -> str | None:
    """A piece known to name a product: the title with most of its rare words ("Alpine Air"),
    a typing mistake in them forgiven ("nightruner"), the kind of product named anywhere in
    the message counting for it."""
    words = _title_words(index)
    present: set[str] = set()
    for word in (stem(word) for word in _PIECE_WORD.findall(piece.lower())):
        if word in words.idf:
            present.add(word)
        elif not word.isdigit():
            present.update(token for token in words.rare if typo_of(word, token))
    names = present & words.rare
    if not names:
        return None
    present |= kind
    best: tuple[int, float, int, str] | None = None
    for handle, tokens in index.title_tokens.items():
        named = len(names & set(tokens))
        if not named:
            continue
        matched = sum(words.idf[token] for token in tokens if token in present)
        total = sum(
            words.idf[token] * (1.0 if token in present or token in words.rare else _GENERIC_WEIGHT)
            for token in tokens
        )
        score = matched / total if total else 0.0
        # The title with most of the names wins, then the closest, then the shortest
        # (the men's model before the same title with "Women's").
        entry = (-named, -score, len(tokens), handle)
        if score >= _LOOSE_MIN_SCORE and (best is None or entry < best):
            best = entry
    return best[3] if best is not None else None


# --- what decides ----------------------------------------------------------------------------


def _criteria(
    senses: list[Found], words: Words, vocabulary: CatalogVocabulary
) -> tuple[tuple[Criterion, ...], dict[str, str]]:
    lexicon = comparison_words()
    criteria: list[Criterion] = []
    says: dict[str, str] = {}
    for hit in senses:
        sense = lexicon.senses[hit.key]
        for key, best in lexicon.qualities[sense.quality].attributes:
            flipped: Best = "lowest" if best == "highest" else "highest"
            criterion = Criterion(key=key, best=best if sense.way == "more" else flipped)
            if criterion not in criteria:
                criteria.append(criterion)
        says = says or dict(sense.says)
    for criterion in _named_attributes(words, vocabulary):
        if criterion not in criteria:
            criteria.append(criterion)
    return tuple(criteria), says


def _named_attributes(words: Words, vocabulary: CatalogVocabulary) -> list[Criterion]:
    """Numeric attributes the message names by their own key ("more lumens", "longer burn
    time", "more settings"), with the direction word before them (more, by default)."""
    lexicon = comparison_words()
    lower = {hit.start for hit in find(words, lexicon.directions["lower"])}
    named: list[tuple[int, Criterion]] = []
    for key, entry in vocabulary.attributes.items():
        if entry.kind != "number":
            continue
        tokens = tuple(_UNIT_TAIL.sub("", key).split("_"))
        if not all(len(token) > 1 for token in tokens):
            continue
        for hit in find(words, (Phrase(tokens=tokens),)):
            before = range(max(0, hit.start - _DIRECTION_REACH), hit.start)
            best: Best = "lowest" if any(i in lower for i in before) else "highest"
            named.append((hit.start, Criterion(key=key, best=best)))
    return [criterion for _, criterion in sorted(named, key=lambda item: item[0])]


# --- products shown before -------------------------------------------------------------------


def _shown(words: Words) -> tuple[tuple[int, ...], bool]:
    """Positions of earlier products the message points at, or "all of them"."""
    lexicon = comparison_words()
    tokens = words.tokens
    counts = lexicon.counts
    ordinals = lexicon.ordinals
    first_words = {token for phrase in lexicon.first for token in phrase.tokens}
    last_words = {token for phrase in lexicon.last for token in phrase.tokens}
    for i, token in enumerate(tokens[:-1]):
        count = counts.get(tokens[i + 1])
        if count is not None and token in first_words | last_words:
            positions = range(1, count + 1) if token in first_words else range(-count, 0)
            return tuple(positions), False
    named = [ordinals[token] for token in tokens if token in ordinals and token != "top"]
    if len(set(named)) >= 2:
        return tuple(dict.fromkeys(named)), False
    chinese = _chinese_shown(words.lower)
    if chinese is not None:
        return chinese
    if has_any(words, lexicon.pointing):
        for token in tokens:
            if token in counts and not token.isdigit():
                return tuple(range(1, counts[token] + 1)), False
        return (), True
    return (), False


def _chinese_shown(lower: str) -> tuple[tuple[int, ...], bool] | None:
    lexicon = comparison_words()
    counts = {word: n for word, n in lexicon.counts.items() if not word.isascii() or word.isdigit()}
    count_class = "|".join(re.escape(word) for word in counts)
    for phrases, from_end in ((lexicon.first, False), (lexicon.last, True)):
        for phrase in phrases:
            if not phrase.chinese:
                continue
            match = re.search(rf"{re.escape(phrase.chinese)}({count_class})", lower)
            if match:
                count = counts[match.group(1)]
                return (tuple(range(-count, 0)) if from_end else tuple(range(1, count + 1))), False
    named = [n for word, n in lexicon.ordinals.items() if not word.isascii() and word in lower]
    if len(set(named)) >= 2:
        return tuple(sorted(set(named))), False
    for phrase in lexicon.pointing:
        if phrase.chinese and phrase.chinese in lower:
            match = re.search(rf"{re.escape(phrase.chinese)}({count_class})", lower)
            if match:
                return tuple(range(1, counts[match.group(1)] + 1)), False
    return None


def _points_at_discussed(words: Words) -> bool:
    return has_any(words, comparison_words().discussed)
