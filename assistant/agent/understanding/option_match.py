"""Variant options in a message, resolved against the store's option names and values.

Option names and values come from the catalog ("size" {"42", "M"}, "colour" {"Forest Green"},
"grind" {"Whole bean"}, "storage" {"256 GB"}); the lexicon only supplies generic colour and
size words. Values that are common words ("Long", "Regular") need a cue ("the long one",
"regular length") before they count, and bare numbers need a size cue ("size 42", "42码").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from assistant.agent.understanding.colour_match import colour_values, find_colours, is_colour_option
from assistant.agent.understanding.lexicon.features import SIZE_WORDS
from assistant.agent.understanding.scan import Scan, phrase_pattern
from assistant.agent.understanding.units import AMOUNT_WITH_UNIT, Quantity, parse_measure, to_base
from text.normalise import lower_aligned
from text.stemming import stems

COLOUR_OPTION_NAMES = frozenset(
    {"colour", "color", "colours", "colors", "颜色", "colorway", "shade"}
)
SIZE_OPTION_NAMES = frozenset(
    {"size", "sizes", "shoe size", "尺码", "尺寸", "码数", "clothing size"}
)
LETTER_SIZE = re.compile(r"^(xxs|xs|s|m|l|xl|xxl|xxxl|2xl|3xl|s/m|m/l|l/xl)(?:\s*\(.*\))?$")
# Option values that are also everyday words: they need a cue before they count.
_AMBIGUOUS_VALUES_TEXT = """
    regular long short wide standard small large medium light dark clear one single double mini
    natural classic original plain new left right high low mid none day simple basic fine coarse
    strong mild hot cold soft hard normal default
"""
AMBIGUOUS_VALUES = frozenset(_AMBIGUOUS_VALUES_TEXT.split())
_VALUE_CUE_AFTER = re.compile(
    r"^\s*(?:ones?|version|size|fit|model|option|variant|length|width|colou?r|type|please"
    r"|的|款|版|[?.!,]|$)"
)
_NAMED_VALUE_BEFORE = re.compile(r"\b(?:in|the)\s+$")
_VALUE_CUE_BEFORE = re.compile(r"(?:^|\b(?:in|the|a|an|prefer|choose|pick)|要|选|换成|换)\s*$")
_NUMBER_SIZE_CUES = (
    re.compile(
        r"(?:\bsize|\bsz|\beu|\bus|\buk|尺码|码数|鞋码|号码|尺寸)\s*:?\s*(?P<value>\d{1,3}(?:\.5)?)(?![\d.])"
    ),
    re.compile(r"(?<![\d.])(?P<value>\d{1,3}(?:\.5)?)\s*(?:码|号)(?!码)"),
    re.compile(
        r"\bin (?:a |an )?(?:size )?(?P<value>\d{1,3}(?:\.5)?)(?![\d.%]|\s*(?:[a-z%]|元|块))"
    ),
    re.compile(r"穿\s*(?P<value>\d{1,3}(?:\.5)?)(?![\d.])"),
)
_LETTERS = r"(?P<value>xxs|xs|s|m|l|xl|xxl|xxxl|2xl|3xl)"
_LETTER_SIZE_CUES = (
    re.compile(rf"\bsize\s*:?\s*{_LETTERS}(?![a-z0-9])"),
    re.compile(rf"\bin (?:a |an |size )?{_LETTERS}(?![a-z0-9'])"),
    re.compile(rf"(?<![a-z0-9]){_LETTERS}\s*(?:码|号|size\b)"),
    re.compile(r"\b(?:an?|the) (?P<value>xs|xl|xxl|xxxl|2xl|3xl)\b"),
)


_SIZE_WORD_PATTERNS = [
    (letter, pattern)
    for letter, (english, chinese) in SIZE_WORDS.items()
    if (pattern := phrase_pattern((*english, *chinese))) is not None
]
# A two- or three-digit number standing alone ("42 please") can only be a size value.
_BARE_NUMBER = re.compile(
    r"(?<![\d.$¥€£-])\b\d{2,3}\b(?![\d.%])(?!\s*(?:元|块|美元))(?!\s*(?!please\b|"
    r"pls\b|thanks?\b)[a-z])"
)


@dataclass
class OptionResult:
    """Options found in a message: the best value per option name, and every candidate."""

    options: dict[str, str] = field(default_factory=dict)
    candidates: dict[str, list[str]] = field(default_factory=dict)
    misses: dict[str, str] = field(default_factory=dict)
    colour_words: list[str] = field(default_factory=list)

    def add(self, name: str, values: Iterable[str], *, primary: bool = True) -> None:
        """Record candidates for an option; with `primary`, the first becomes its value."""
        listed = self.candidates.setdefault(name, [])
        for value in values:
            if value not in listed:
                listed.append(value)
        if primary and listed and name not in self.options:
            self.options[name] = listed[0]


class OptionIndex:
    """Matchers for one store's options."""

    def __init__(self, options: Mapping[str, frozenset[str]]) -> None:
        self.names = sorted(options)
        self.values = {name: sorted(values) for name, values in options.items()}
        self.colour_names = [
            name for name in self.names if is_colour_option(name, self.values[name])
        ]
        self.size_names = [name for name in self.names if _is_size_option(name, self.values[name])]
        self._measures: dict[tuple[str, object], list[tuple[str, str]]] = defaultdict(list)
        self._numbers: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._letters: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._texts: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for name in self.names:
            for value in self.values[name]:
                self._classify(name, value)
        self._text_pattern = phrase_pattern(self._texts)
        self._name_patterns = [
            (
                name,
                re.compile(rf"(?<![a-z0-9]){re.escape(lower_aligned(name))}s?\s*(?:[:=]|is)?\s*"),
            )
            for name in self.names
        ]
        self._values_longest_first = {
            name: sorted(values, key=len, reverse=True) for name, values in self.values.items()
        }
        self._name_words = {name: set(stems(name)) | {lower_aligned(name)} for name in self.names}
        self.known_words = frozenset(
            word for name in self.names for value in self.values[name] for word in stems(value)
        ) | frozenset(word for words in self._name_words.values() for word in words)

    def _classify(self, name: str, value: str) -> None:
        lowered = lower_aligned(value.strip())
        measure = parse_measure(lowered)
        if measure is not None:
            self._measures[(measure.base, measure.amount)].append((name, value))
        elif re.fullmatch(r"\d{1,3}(?:\.5)?", lowered):
            self._numbers[lowered].append((name, value))
        elif (letter := LETTER_SIZE.match(lowered)) is not None:
            self._letters[letter.group(1)].append((name, value))
        else:
            self._texts[lowered].append((name, value))

    def _homogeneity(self, name: str, value: str) -> float:
        """Share of the option's values of the same kind as `value`.

        "1 L" is more typical of a "capacity" option of volumes than of a mixed "size" one.
        """
        kind = _value_kind(value)
        values = self.values[name]
        return sum(_value_kind(other) == kind for other in values) / len(values)

    def _ranked(self, pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
        by_name: dict[str, list[str]] = defaultdict(list)
        for name, value in sorted(pairs, key=lambda pair: -self._homogeneity(*pair)):
            by_name[name].append(value)
        return by_name

    def extract(self, scan: Scan) -> OptionResult:
        """Find option values in the unclaimed text, claiming what they explain."""
        result = OptionResult()
        self._named(scan, result)
        self._measured(scan, result)
        self._sized(scan, result)
        self._texted(scan, result)
        self._coloured(scan, result)
        return result

    def _named(self, scan: Scan, result: OptionResult) -> None:
        """The option's own name, then one of its values: "frame M", "grind: espresso"."""
        for name, pattern in self._name_patterns:
            for match in scan.free_matches(pattern):
                rest = scan.lower[match.end() :]
                for value in self._values_longest_first[name]:
                    if re.match(rf"{re.escape(value.lower())}(?![a-z0-9])", rest):
                        end = match.end() + len(value)
                        if scan.is_free(match.start(), end):
                            result.add(name, [value])
                            scan.claim(match.start(), end)
                        break

    def _record(self, result: OptionResult, pairs: list[tuple[str, str]]) -> None:
        # A value several options share ("Long": length and size) sets only the option it is
        # most typical of; the others keep it as a candidate.
        for rank, (name, values) in enumerate(self._ranked(pairs).items()):
            result.add(name, values, primary=rank == 0)

    def _measured(self, scan: Scan, result: OptionResult) -> None:
        if not self._measures:
            return
        for match in scan.free_matches(AMOUNT_WITH_UNIT):
            quantity = to_base(match.group("number"), match.group("unit"))
            if quantity is None:
                continue
            pairs = self._measures.get((quantity.base, quantity.amount))
            if pairs:
                self._record(result, pairs)
                scan.claim(*match.span())

    def _sized(self, scan: Scan, result: OptionResult) -> None:
        for pattern in _NUMBER_SIZE_CUES:
            for match in scan.free_matches(pattern, "value"):
                number = match.group("value")
                pairs = [
                    pair for pair in self._numbers.get(number, []) if pair[0] in self.size_names
                ]
                pairs = pairs or self._numbers.get(number, [])
                self._resolve_size(scan, result, match, number.upper(), pairs)
        for pattern in _LETTER_SIZE_CUES:
            for match in scan.free_matches(pattern, "value"):
                letter = match.group("value")
                self._resolve_size(scan, result, match, letter.upper(), self._letter_pairs(letter))
        for letter, pattern in _SIZE_WORD_PATTERNS:
            for match in scan.free_matches(pattern):
                if scan.lower[max(0, match.start() - 1) : match.start()] == "多":
                    continue  # "多大码" / "多大号" asks which size, it names none
                pairs = self._letter_pairs(letter.lower())
                ambiguous = match.group() in AMBIGUOUS_VALUES
                if pairs and (not ambiguous or _cue_around(scan.lower, *match.span())):
                    self._record(result, pairs)
                    scan.claim(*match.span())
        if self.size_names:
            for match in scan.free_matches(_BARE_NUMBER):
                pairs = [
                    pair
                    for pair in self._numbers.get(match.group(), [])
                    if pair[0] in self.size_names
                ]
                if pairs:
                    self._record(result, pairs)
                    scan.claim(*match.span())

    def _letter_pairs(self, letter: str) -> list[tuple[str, str]]:
        pairs = self._letters.get(letter, [])
        # An exact "M" before "M (39-42)".
        return sorted(pairs, key=lambda pair: (pair[1].lower() != letter, pair[1]))

    def _resolve_size(
        self,
        scan: Scan,
        result: OptionResult,
        match: re.Match[str],
        value: str,
        pairs: list[tuple[str, str]],
    ) -> None:
        if pairs:
            self._record(result, pairs)
        elif self.size_names:
            result.misses.setdefault(self.size_names[0], value)
        else:
            return
        scan.claim(*match.span())

    def _texted(self, scan: Scan, result: OptionResult) -> None:
        if self._text_pattern is None:
            return
        for match in scan.free_matches(self._text_pattern):
            phrase = re.sub(r"[\s-]+", " ", match.group())
            pairs = self._texts.get(phrase) or self._texts.get(match.group()) or []
            if not pairs:
                pairs = [
                    pair
                    for key, found in self._texts.items()
                    if _squash(key) == _squash(phrase)
                    for pair in found
                ]
            if phrase in AMBIGUOUS_VALUES:
                named = {
                    name for name, _ in pairs if self._name_words[name] & set(stems(scan.lower))
                }
                if named:
                    pairs = [pair for pair in pairs if pair[0] in named]
                elif not _cue_around(scan.lower, *match.span()) and not _written_as_value(
                    scan, match.start()
                ):
                    continue
            if pairs:
                self._record(result, pairs)
                scan.claim(*match.span())

    def _coloured(self, scan: Scan, result: OptionResult) -> None:
        colours = find_colours(scan)
        result.colour_words.extend(colour.name for colour, _ in colours)
        for colour, span in colours:
            found = False
            for name in self.colour_names:
                values = colour_values(colour, self.values[name])
                if values:
                    result.add(name, values)
                    found = True
            if found:
                scan.claim(*span)


def _cue_around(lower: str, start: int, end: int) -> bool:
    return bool(_VALUE_CUE_BEFORE.search(lower[:start]) and _VALUE_CUE_AFTER.match(lower[end:]))


def _written_as_value(scan: Scan, start: int) -> bool:
    """ "in Regular": an everyday word capitalised after "in" or "the" is the option's name."""
    return scan.text[start].isupper() and bool(_NAMED_VALUE_BEFORE.search(scan.lower[:start]))


def _squash(phrase: str) -> str:
    return re.sub(r"[\s-]+", "", phrase)


def _value_kind(value: str) -> str:
    lowered = value.strip().lower()
    measure: Quantity | None = parse_measure(lowered)
    if measure is not None:
        return f"measure:{measure.dimension}"
    if re.fullmatch(r"\d{1,3}(?:\.5)?", lowered):
        return "number"
    if LETTER_SIZE.match(lowered):
        return "letter"
    return "text"


def _is_size_option(name: str, values: list[str]) -> bool:
    if lower_aligned(name) in SIZE_OPTION_NAMES:
        return True
    sized = sum(1 for value in values if _value_kind(value) in {"number", "letter"})
    return bool(values) and sized / len(values) >= 0.5
