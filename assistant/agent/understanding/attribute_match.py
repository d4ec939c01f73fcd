"""Product attributes in a message, resolved against the store's attribute keys.

Boolean keys are set when the shopper names them or a generic feature that matches them
("waterproof", "防水"); text values when the shopper uses one ("4-season", "mummy"); numeric
keys with a unit suffix (`weight_g`, `capacity_l`, `capacity_persons`) from amounts with units
("under 1 kg", "40L", "2-person", "双人"), as an exact value or a bound.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.agent.understanding.lexicon.features import Feature
from assistant.agent.understanding.option_match import AMBIGUOUS_VALUES
from assistant.agent.understanding.scan import Scan, phrase_pattern
from assistant.agent.understanding.units import AMOUNT_WITH_UNIT, KEY_SUFFIX_UNITS, Unit, to_base
from assistant.agent.understanding.vocabulary import AttributeEntry
from text.numerals import CHINESE_DIGITS, ENGLISH_NUMBERS
from text.stemming import stems

AttributeValue = bool | int | float | str

_FILLER_KEY_WORDS = frozenset({"included", "compatible", "is", "has", "with"})
_AT_MOST = re.compile(
    r"(?:\b(?:under|below|less than|lighter than|smaller than|shorter than|"
    r"at most|up to|no more than"
    r"|not more than|max|maximum|within)|<=?|不超过|低于|小于|少于|不到|最多|轻于)\s*$"
)
_AT_LEAST = re.compile(
    r"(?:\b(?:over|above|more than|heavier than|bigger than|larger than|longer than|at least|min"
    r"|minimum)|>=?|超过|高于|大于|至少|不少于|最少)\s*$"
)
_AFTER_AT_MOST = re.compile(r"^\s*(?:or less|or under|max|以下|以内|之内)")
_AFTER_AT_LEAST = re.compile(r"^\s*(?:or more|or over|plus|\+|以上|起)")
_NEGATED = re.compile(r"(?:\bnot|\bnon|\bno|不|无)[\s-]*$")
_WORD_PERSONS = re.compile(
    rf"\b(?P<number>{'|'.join(ENGLISH_NUMBERS)})[\s-](?:person|people|man)\b"
    rf"|(?P<cn>[单双{CHINESE_DIGITS}])个?人(?:用|份|的|帐篷|款)?"
)
_PREFERRED_BY_DIMENSION = {"mass": ("weight",), "volume": ("capacity", "volume"), "persons": ()}


@dataclass
class AttributeResult:
    """Attributes found in a message."""

    values: dict[str, AttributeValue] = field(default_factory=dict)
    bounds: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    features: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _NumericKey:
    key: str
    unit: Unit
    words: frozenset[str]


class AttributeIndex:
    """Matchers for one store's attribute keys."""

    def __init__(self, attributes: Mapping[str, AttributeEntry]) -> None:
        self._bool_keys = {
            key: frozenset(stems(key.replace("_", " "))) - _FILLER_KEY_WORDS
            for key, entry in attributes.items()
            if entry.kind == "bool"
        }
        self._text_values: dict[str, list[tuple[str, str]]] = {}
        for key, entry in attributes.items():
            for value in entry.values if entry.kind == "text" else ():
                self._text_values.setdefault(value.lower(), []).append((key, value))
        self._text_pattern = phrase_pattern(self._text_values)
        self._key_words = {key: frozenset(stems(key.replace("_", " "))) for key in attributes}
        self._numeric = [
            _NumericKey(key, KEY_SUFFIX_UNITS[suffix], frozenset(stems(" ".join(parts))))
            for key, entry in attributes.items()
            if entry.kind == "number"
            and len(parts := key.lower().split("_")) > 1
            and (suffix := parts.pop()) in KEY_SUFFIX_UNITS
        ]
        self.known_words = frozenset(
            word for words in self._key_words.values() for word in words
        ) | {word for value in self._text_values for word in stems(value)}

    def extract(self, scan: Scan, features: list[tuple[Feature, int, int]]) -> AttributeResult:
        """Read attributes from the unclaimed text; `features` are the generic ones found.

        A feature word another slot took ("light" in "light roast" when roast is a text
        attribute) no longer counts as the feature.
        """
        result = AttributeResult()
        message_stems = set(stems(scan.lower))
        self._numbers(scan, result, message_stems)
        self._texts(scan, result, message_stems, [feature for feature, _, _ in features])
        kept = [feature for feature, start, end in features if not all(scan.used[start:end])]
        result.features = list(dict.fromkeys(feature.name for feature in kept))
        self._booleans(scan, result, message_stems, kept)
        return result

    def _booleans(
        self, scan: Scan, result: AttributeResult, message_stems: set[str], features: list[Feature]
    ) -> None:
        feature_words = {
            word for feature in features for word in (*feature.key_words, feature.name)
        }
        for key, words in self._bool_keys.items():
            if not words:
                continue
            if words <= message_stems:
                pattern = phrase_pattern([key.replace("_", " ")])
                match = pattern.search(scan.lower) if pattern else None
                negated = bool(match and _NEGATED.search(scan.lower[: match.start()]))
                result.values[key] = not negated
            elif words & {word for feature_word in feature_words for word in stems(feature_word)}:
                result.values.setdefault(key, True)

    def _texts(
        self, scan: Scan, result: AttributeResult, message_stems: set[str], features: list[Feature]
    ) -> None:
        if self._text_pattern is not None:
            for match in scan.free_matches(self._text_pattern):
                pairs = self._text_values.get(re.sub(r"\s+", " ", match.group()), [])
                if not pairs:
                    squashed = re.sub(r"[\s-]+", "", match.group())
                    pairs = [
                        p
                        for v, ps in self._text_values.items()
                        if re.sub(r"[\s-]+", "", v) == squashed
                        for p in ps
                    ]
                if match.group() in AMBIGUOUS_VALUES:
                    pairs = [pair for pair in pairs if self._key_words[pair[0]] & message_stems]
                for key, value in pairs[:1]:
                    result.values.setdefault(key, value)
                    scan.claim(*match.span())
        for feature in features:
            for key, value in self._text_values.get(feature.name, []):
                result.values.setdefault(key, value)

    def _numbers(self, scan: Scan, result: AttributeResult, message_stems: set[str]) -> None:
        if not self._numeric:
            return
        for match in scan.free_matches(AMOUNT_WITH_UNIT):
            quantity = to_base(match.group("number"), match.group("unit"))
            if quantity is not None:
                self._place(
                    scan, result, match.span(), quantity.dimension, quantity.amount, message_stems
                )
        for match in scan.free_matches(_WORD_PERSONS):
            number = match.group("number")
            count = ENGLISH_NUMBERS[number] if number else _chinese_person_count(match.group("cn"))
            self._place(scan, result, match.span(), "persons", Decimal(count), message_stems)

    def _place(
        self,
        scan: Scan,
        result: AttributeResult,
        span: tuple[int, int],
        dimension: str,
        amount: Decimal,
        message_stems: set[str],
    ) -> None:
        key = self._numeric_key(dimension, message_stems)
        if key is None:
            return
        value = float(amount / key.unit.factor)
        before, after = scan.lower[: span[0]], scan.lower[span[1] :]
        if _AT_MOST.search(before) or _AFTER_AT_MOST.match(after):
            result.bounds[key.key] = (None, value)
        elif _AT_LEAST.search(before) or _AFTER_AT_LEAST.match(after):
            result.bounds[key.key] = (value, None)
        else:
            result.values[key.key] = int(value) if value.is_integer() else value
        scan.claim(*span)

    def _numeric_key(self, dimension: str, message_stems: set[str]) -> _NumericKey | None:
        keys = [key for key in self._numeric if key.unit.dimension == dimension]
        if len(keys) > 1:
            named = [key for key in keys if key.words & message_stems]
            preferred = [
                key for key in keys if key.words & set(_PREFERRED_BY_DIMENSION.get(dimension, ()))
            ]
            keys = named or preferred
        return keys[0] if len(keys) == 1 else None


def _chinese_person_count(text: str) -> int:
    return {"单": 1, "双": 2}.get(text) or CHINESE_DIGITS_VALUE[text]


CHINESE_DIGITS_VALUE = {char: index for index, char in enumerate("零一二三四五六七八九")} | {
    "两": 2,
    "十": 10,
}
