"""Which sentences and attributes of one product answer a question, and whether they say yes.

A question is read into concepts: groups of related words (`text.related_words`: "bladder"
and "hydration" are one), other content words by their roots, numbers, and figures with a unit
("15 inch"). Words of the product's own name ask nothing and are left out. Each concept is a
subject (what the answer must speak of), a property (which fact: material, weight), or an
action (fit, have, use), weighed in that order. Sentences of the description and attributes
(their key words, text values and units) are read the same way.

A candidate answers when it covers most of the question's subjects, or, for a question naming
only a property, when it matches that property; a question asking for a figure ("how long",
"多重", "what temperature") is answered only by a figure of that dimension. A yes/no verdict
compares polarity: a sentence that denies what the question affirms ("There is no GPS") says
no; a false boolean attribute says no.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from text.cjk import HAN_CLASS, is_han_run
from text.polarity import is_yes_no_question, negated_at, negative_affix
from text.related_words import (
    asked_dimensions,
    chinese_groups,
    english_groups,
    group,
    lexicon,
    unit_dimension,
)
from text.stemming import root
from text.stopwords import CHINESE_STOPWORDS, ENGLISH_STOPWORDS
from text.tokenise import terms as search_terms

Verdict = Literal["yes", "no"]
Key = tuple[str, str]

_TOKEN = re.compile(rf"\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)?|°[cf]|[{HAN_CLASS}]+|[,;:.!?()]")
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "half": "0.5",
}
_CHINESE_FIGURE = re.compile(
    rf"(\d+(?:\.\d+)?|[一二两三四五六七八九十半]+)\s*([{HAN_CLASS}]{{1,3}})"
)
_CHINESE_NEGATION = ("不", "没", "无", "非")
# Words around a question that carry no content of their own.
_QUESTION_FILLER = frozenset(
    "u ur pls plz thx w whats what's thing things stuff one ones bit lot "
    "free ok okay hey hi im i'm wanna gonna gotta also really actually".split()
)
# "How long", "how much": the question's form, not its content (`asked_dimensions` reads it).
_AFTER_HOW = frozenset("long much many big far often soon well".split())
# Words before a figure that make it an upper limit.
_LIMITS = frozenset({"up to", "max", "maximum", "at most", "no more than", "under", "below"})
_NEGATIVE_VALUES = frozenset({"none", "no", "false", "0", "n/a", "not included", "without"})
WEIGHTS = {"subject": 1.0, "figure": 0.75, "property": 0.5, "action": 0.25}
NUMBER_BONUS = 0.5
DIMENSION_BONUS = 1.5
COVERAGE = 0.6
TYPO_CUTOFF = 0.85


@dataclass(frozen=True)
class Concept:
    """One thing the question asks about, and the keys that stand for it in a text."""

    keys: frozenset[Key]
    kind: str
    word: str
    negated: bool = False
    measure: str | None = None


@dataclass
class Reading:
    """What a text holds: keys (with whether the text denies each), numbers and figures."""

    keys: dict[Key, bool] = field(default_factory=dict)
    numbers: set[str] = field(default_factory=set)
    dimensions: set[str] = field(default_factory=set)
    negative: bool = False  # a boolean or a "none" value
    # Upper limits the text states ("up to 16 inches"): unit root -> the limit.
    limits: dict[str, float] = field(default_factory=dict)

    def add(self, key: Key, negated: bool) -> None:
        """Record a key; a text that both affirms and denies a word affirms it."""
        self.keys[key] = self.keys.get(key, True) and negated


@dataclass(frozen=True)
class Question:
    """A question read against one product."""

    concepts: tuple[Concept, ...]
    numbers: frozenset[str]
    dimensions: frozenset[str]
    # Figures the question gives ("a 15 inch laptop"): unit root -> the amount.
    figures: tuple[tuple[str, float], ...] = ()

    def of_kind(self, *kinds: str) -> list[Concept]:
        """The concepts of these kinds."""
        return [concept for concept in self.concepts if concept.kind in kinds]


def tokens(text: str) -> list[str]:
    """Lower-case tokens: words, numbers, runs of ideographs and clause punctuation."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).lower().replace("’", "'"))


def _number(token: str) -> str | None:
    if token[:1].isdigit():
        return token.replace(",", "")
    return _NUMBER_WORDS.get(token)


def read_text(text: str) -> Reading:
    """The keys, numbers and figures of a sentence (English or Chinese)."""
    reading = Reading()
    words = tokens(text)
    roots = [root(word) if word[:1].isalpha() else word for word in words]
    for index, word in enumerate(words):
        if not word[:1].isalnum() or is_han_run(word):
            continue
        negated = negated_at(words, index)
        reading.add(("r", roots[index]), negated)
        base = negative_affix(word)
        if base is not None:
            reading.add(("r", root(base)), True)
            for _, _, groups in english_groups([root(base)]):
                for index_ in groups:
                    reading.add(("g", str(index_)), True)
        number = _number(word)
        if number is not None:
            if word[:1].isdigit():
                reading.numbers.add(number)
            unit = words[index + 1] if index + 1 < len(words) else ""
            dimension = unit_dimension(unit)
            if dimension is not None:
                reading.dimensions.add(dimension)
                reading.add(("d", dimension), False)
                if " ".join(words[max(index - 2, 0) : index]) in _LIMITS or (
                    index > 0 and words[index - 1] in _LIMITS
                ):
                    reading.limits[root(unit)] = float(number)
    for start, _, groups in english_groups(roots):
        for index_ in groups:
            reading.add(("g", str(index_)), negated_at(words, start))
    _read_chinese(text, reading)
    return reading


def _read_chinese(text: str, reading: Reading) -> None:
    for start, _, groups in chinese_groups(text):
        negated = any(mark in text[max(start - 2, 0) : start] for mark in _CHINESE_NEGATION)
        for index in groups:
            reading.add(("g", str(index)), negated)
    for term in search_terms(text):
        if is_han_run(term):
            reading.add(("z", term), False)
    for match in _CHINESE_FIGURE.finditer(text):
        dimension = _chinese_unit(match.group(2))
        if dimension is not None:
            reading.dimensions.add(dimension)
            reading.add(("d", dimension), False)
        if match.group(1)[:1].isdigit():
            reading.numbers.add(match.group(1))


# Units at the end of attribute keys: `weight_g`, `boil_time_1l_min`, `flow_rate_l_min`.
KEY_UNITS = {
    "g": "g",
    "kg": "kg",
    "mm": "mm",
    "cm": "cm",
    "m": "m",
    "m2": "m²",
    "l": "L",
    "ml": "ml",
    "c": "°C",
    "h": "h",
    "min": "min",
    "lm": "lm",
    "mah": "mAh",
    "w": "W",
    "in": "in",
    "micron": "micron",
    "l_min": "L/min",
}


def split_key(key: str) -> tuple[str, str | None]:
    """An attribute key's words and its unit: "burn_time_h" -> ("burn time", "h")."""
    parts = key.lower().split("_")
    for size in (2, 1):
        suffix = "_".join(parts[-size:])
        if len(parts) > size and suffix in KEY_UNITS:
            return " ".join(parts[:-size]), KEY_UNITS[suffix]
    return " ".join(parts), None


def read_attribute(key: str, value: object) -> Reading:
    """The keys of an attribute's name and text value, its figure and its polarity."""
    words, unit = split_key(key)
    reading = read_text(words)
    if isinstance(value, str):
        value_reading = read_text(value)
        for item, negated in value_reading.keys.items():
            reading.add(item, negated)
        reading.numbers |= value_reading.numbers
        reading.dimensions |= value_reading.dimensions
        reading.negative = value.strip().lower() in _NEGATIVE_VALUES
    elif isinstance(value, bool):
        reading.negative = not value
    elif isinstance(value, int | float):
        reading.numbers.add(f"{value:g}")
        dimension = unit_dimension(unit.split("/")[0]) if unit else None
        if dimension is not None:
            reading.dimensions.add(dimension)
            reading.add(("d", dimension), False)
    return reading


def read_question(text: str, name_words: Iterable[str], vocabulary: Iterable[str]) -> Question:
    """The concepts of a question about one product; `name_words` are the product's name."""
    names = {root(word) for word in name_words}
    known = set(vocabulary)
    words = [_corrected(word, known) for word in tokens(text)]
    roots = [root(word) if word[:1].isalpha() else word for word in words]
    concepts: dict[frozenset[Key], Concept] = {}
    used: set[int] = set()
    for index, word in enumerate(roots):
        if word in names:
            used.add(index)
    for start, end, groups in english_groups(
        [r if i not in used else "" for i, r in enumerate(roots)]
    ):
        used |= set(range(start, end))
        _add_group_concept(concepts, groups, words[start], negated_at(words, end - 1))
    numbers: set[str] = set()
    figures: list[tuple[str, float]] = []
    for index, word in enumerate(words):
        if index in used or not word[:1].isalnum() or is_han_run(word):
            continue
        number = _number(word) if word[:1].isdigit() else None
        if number is not None:
            unit = words[index + 1] if index + 1 < len(words) else ""
            dimension = unit_dimension(unit)
            if dimension is not None:
                used.add(index + 1)
                keys = frozenset({("d", dimension)})
                concepts[keys] = Concept(keys, "figure", f"{word} {unit}", measure=dimension)
                figures.append((root(unit), float(number)))
            numbers.add(number)
            continue
        if word in ENGLISH_STOPWORDS or word in _QUESTION_FILLER or len(word) < 2:
            continue
        if index > 0 and words[index - 1] == "how" and word in _AFTER_HOW:
            continue
        keys = frozenset({("r", roots[index])})
        concepts.setdefault(keys, Concept(keys, "subject", word, negated_at(words, index)))
    _read_chinese_question(text, concepts, numbers)
    # "What temperature?" wants a figure; "can you set the temperature?" wants a yes or a no.
    dimensions = (
        set()
        if is_yes_no_question(text)
        else {c.measure for c in concepts.values() if c.measure and c.kind != "figure"}
    )
    return Question(
        concepts=tuple(concepts.values()),
        numbers=frozenset(numbers),
        dimensions=frozenset(dimensions | asked_dimensions(text)),
        figures=tuple(figures),
    )


def _add_group_concept(
    concepts: dict[frozenset[Key], Concept], groups: frozenset[int], word: str, negated: bool
) -> None:
    members = [group(index) for index in sorted(groups)]
    kinds = {member.kind for member in members}
    if "generic" in kinds:
        return
    kind = "subject" if "subject" in kinds else "property" if "property" in kinds else "action"
    measure = next((member.measure for member in members if member.measure), None)
    keys = frozenset(("g", str(index)) for index in groups)
    concepts.setdefault(keys, Concept(keys, kind, word, negated, measure))


def _read_chinese_question(
    text: str, concepts: dict[frozenset[Key], Concept], numbers: set[str]
) -> None:
    covered: set[int] = set()
    for start, end, groups in chinese_groups(text):
        covered |= set(range(start, end))
        before = text[max(start - 1, 0) : start]
        _add_group_concept(concepts, groups, text[start:end], before in _CHINESE_NEGATION)
    rest = "".join(" " if i in covered else char for i, char in enumerate(text))
    for term in search_terms(rest):
        if is_han_run(term) and term not in CHINESE_STOPWORDS:
            keys = frozenset({("z", term)})
            concepts.setdefault(keys, Concept(keys, "chinese", term))
    for match in _CHINESE_FIGURE.finditer(text):
        dimension = _chinese_unit(match.group(2))
        if dimension is not None and match.group(1)[:1].isdigit():
            keys = frozenset({("d", dimension)})
            concepts[keys] = Concept(keys, "figure", match.group(0), measure=dimension)
            numbers.add(match.group(1))


def _chinese_unit(text: str) -> str | None:
    """The dimension of the unit a run of ideographs opens with ("毫升水" -> volume)."""
    for size in (3, 2, 1):
        dimension = unit_dimension(text[:size])
        if dimension is not None:
            return dimension
    return None


def _corrected(word: str, known: set[str]) -> str:
    """A misspelt content word replaced by the known word it is closest to ("buton")."""
    if len(word) < 5 or not word.isalpha() or word in known or word in ENGLISH_STOPWORDS:
        return word
    close = difflib.get_close_matches(word, known, n=3, cutoff=TYPO_CUTOFF)
    # One letter missing, added or changed: "buton", "hydation"; not "sleep" for "sleeper".
    return next((other for other in close if abs(len(other) - len(word)) <= 1), word)


def vocabulary_of(texts: Iterable[str]) -> set[str]:
    """The English words a product's texts and the related-word groups use."""
    words = {word for text in texts for word in tokens(text) if word.isalpha()}
    for member in lexicon().groups:
        for phrase in member.english:
            words.update(word for word in tokens(phrase) if word.isalpha())
    return words


@dataclass(frozen=True)
class Match:
    """How one candidate bears on the question."""

    score: float
    matched: tuple[Concept, ...]
    covers: bool  # it speaks of most of the question's subjects (or, with none, of a property)
    property: bool  # it matches a property the question names (weight, material)
    figure: bool  # it holds a figure of a dimension the question asks for
    verdict: Verdict | None


def weigh(question: Question, reading: Reading, *, attribute: bool, matchable: set[Key]) -> Match:
    """The candidate's score, what it covers and, for the subjects it speaks of, its verdict.

    `matchable` holds the keys found anywhere in the product's texts: a Chinese word that no
    text of the product uses cannot be answered in these texts and is not required.
    """
    matched = tuple(c for c in question.concepts if c.keys & reading.keys.keys())
    score = 0.0
    for concept in matched:
        if concept.kind == "property" and attribute:
            score += 1.0
        else:
            score += WEIGHTS.get(concept.kind, 1.0)
    score += NUMBER_BONUS * len(question.numbers & reading.numbers)
    figure = bool(matched) and bool(question.dimensions & reading.dimensions)
    if figure:
        score += DIMENSION_BONUS
    required = required_concepts(question, matchable)
    property_match = any(c.kind == "property" for c in matched)
    if required:
        covered = sum(WEIGHTS.get(c.kind, 1.0) for c in matched if c in required)
        total = sum(WEIGHTS.get(c.kind, 1.0) for c in required)
        covers = covered / total >= COVERAGE
    else:
        covers = property_match
    verdict = _verdict(matched, reading, required)
    if any(amount > reading.limits.get(unit, amount) for unit, amount in question.figures):
        verdict = "no"  # a 16-inch laptop in a sleeve for laptops up to 14 inches
    return Match(score, matched, covers, property_match, figure, verdict)


def required_concepts(question: Question, matchable: set[Key]) -> list[Concept]:
    """The concepts an answer must speak of: subjects, figures, and Chinese words the product's
    own texts use."""
    return [
        c
        for c in question.concepts
        if c.kind in ("subject", "figure") or (c.kind == "chinese" and c.keys & matchable)
    ]


def answering(question: Question, matches: list[Match]) -> list[bool]:
    """Which candidates answer.

    Those covering the question's subjects, when a figure the question asks for is there at all
    (a sentence naming "torso" without a length does not give the torso length); and then the
    attributes matching a property the question also names ("how heavy is it and how many
    people does it sleep").
    """
    if question.dimensions and not any(m.figure and (m.covers or m.property) for m in matches):
        return [False] * len(matches)
    primary = [m.covers and m.score > 0 for m in matches]
    if not any(primary):
        return primary
    return [
        p or (m.property and (m.figure or not question.dimensions))
        for p, m in zip(primary, matches, strict=True)
    ]


def _verdict(
    matched: tuple[Concept, ...], reading: Reading, required: list[Concept]
) -> Verdict | None:
    deciding = [c for c in matched if c in required] or list(matched)
    if not deciding:
        return None
    for concept in deciding:
        denied = reading.negative or any(reading.keys.get(key, False) for key in concept.keys)
        if denied != concept.negated:
            return "no"
    return "yes"


def name_words(title: str, brand: str | None, category: str | None) -> list[str]:
    """The words that name the product: its title, brand and category."""
    text = " ".join(part for part in (title, brand or "", (category or "").replace("-", " ")))
    return [word for word in tokens(text) if word.isalpha()]


def all_keys(readings: Iterable[Reading]) -> set[Key]:
    """Every key any of the readings holds."""
    return {key for reading in readings for key in reading.keys}


def attribute_readings(attributes: Mapping[str, object]) -> dict[str, Reading]:
    """Each attribute read."""
    return {key: read_attribute(key, value) for key, value in attributes.items()}
