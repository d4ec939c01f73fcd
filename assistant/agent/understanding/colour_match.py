"""Colours in a message, and the store's shades they can mean.

Colour words come from the lexicon in English and Chinese (蓝色 is blue, 深蓝色 navy); a store's
shades are ranked for each: the exact name, then shades containing it ("Forest Green"), then
shades of its family ("Sage" for green).
"""

from __future__ import annotations

import re

from assistant.agent.understanding.lexicon.colours import COLOURS, Colour
from assistant.agent.understanding.scan import Scan
from text.normalise import lower_aligned

COLOUR_OPTION_NAMES = frozenset(
    {"colour", "color", "colours", "colors", "颜色", "colorway", "shade"}
)


def find_colours(scan: Scan) -> list[tuple[Colour, tuple[int, int]]]:
    """Generic colour words in the unclaimed text (English and Chinese), with their spans."""
    matches = [
        (colour, match.span())
        for colour in COLOURS
        for match in scan.free_matches(_COLOUR_PATTERNS[colour.name])
    ]
    # The longest reading wins where two overlap: 深蓝色 is navy, not blue.
    matches.sort(key=lambda item: (item[1][0] - item[1][1], item[1][0]))
    found: list[tuple[Colour, tuple[int, int]]] = []
    for colour, (start, end) in matches:
        if not any(
            start < other_end and other_start < end for _, (other_start, other_end) in found
        ):
            found.append((colour, (start, end)))
    return sorted(found, key=lambda item: item[1][0])


def _colour_pattern(colour: Colour) -> re.Pattern[str]:
    parts = [rf"\b{re.escape(word)}\b" for word in sorted(colour.english, key=len, reverse=True)]
    parts += [re.escape(word) for word in sorted(colour.chinese, key=len, reverse=True)]
    parts += [
        rf"{re.escape(short)}(?=[色的款]|\s*[?.!,]|$|呢|吗)" for short in colour.chinese_short
    ]
    return re.compile("|".join(parts))


_COLOUR_PATTERNS = {colour.name: _colour_pattern(colour) for colour in COLOURS}


def colour_values(colour: Colour, values: list[str]) -> list[str]:
    """Store values for a colour: exact name, then values containing it, then its family."""
    names = {colour.name, *colour.english}
    exact = [value for value in values if value.lower() in names]
    containing = [
        value for value in values if value not in exact and names & set(value.lower().split())
    ]
    family = set(colour.family)
    related = [
        value
        for value in values
        if value not in exact and value not in containing and family & set(value.lower().split())
    ]
    return exact + containing + related


def is_colour_option(name: str, values: list[str]) -> bool:
    """Whether an option holds colours: by its name, or by most of its values."""
    if lower_aligned(name) in COLOUR_OPTION_NAMES:
        return True
    words = {word for colour in COLOURS for word in (*colour.english, *colour.family)}
    matching = sum(1 for value in values if words & set(value.lower().split()))
    return bool(values) and matching / len(values) >= 0.5
