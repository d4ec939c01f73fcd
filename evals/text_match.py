"""Comparing texts and values the way a QA engineer means them, in English and Chinese.

Texts are compared after `text.normalise.fold`: Unicode NFKC (full-width letters and digits
become plain ones), case folded, typographic quotes, dashes and full stops made plain, runs of
whitespace made one space, and whitespace next to a Chinese character dropped (so "30 天"
matches "30天").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from text.normalise import fold


def normalise(text: str) -> str:
    """The comparable form of a text."""
    return fold(text)


def contains(text: str, fragment: str) -> bool:
    """Whether `fragment` occurs in `text`, both normalised."""
    return normalise(fragment) in normalise(text)


def matches(text: str, pattern: str) -> bool:
    """Whether the regular expression is found in the normalised text (case-insensitive)."""
    return re.search(pattern, normalise(text), flags=re.IGNORECASE) is not None


def same_text(left: str, right: str) -> bool:
    """Whether two texts are equal once normalised."""
    return normalise(left) == normalise(right)


def value_matches(expected: Any, actual: Any) -> bool:
    """Whether `actual` holds `expected`: mappings as subsets, strings normalised."""
    if isinstance(expected, Mapping):
        return isinstance(actual, Mapping) and all(
            key in actual and value_matches(value, actual[key]) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(value_matches(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return expected == actual
    if isinstance(expected, str) and isinstance(actual, str):
        return same_text(expected, actual)
    if isinstance(expected, int | float) and isinstance(actual, str):
        return normalise(actual) == str(expected)
    return bool(expected == actual)
