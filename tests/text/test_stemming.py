"""The one English stemmer: plurals and possessives only."""

from __future__ import annotations

import pytest

from text.stemming import root, stem, stems


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("boots", "boot"),
        ("batteries", "battery"),
        ("glasses", "glass"),
        ("boxes", "box"),
        ("matches", "match"),
        ("sizes", "size"),
        ("buzzes", "buzz"),
        ("people", "person"),
        ("men's", "man"),
        ("women", "woman"),
        ("bus", "bus"),
        ("tennis", "tennis"),
        ("gas", "gas"),
        ("42s", "42s"),
        ("boot's", "boot"),
    ],
)
def test_plurals_and_possessives_fold(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_stems_of_a_text_are_lower_case_words() -> None:
    assert stems("Two Hiking Boots, 1.5 L") == ["two", "hiking", "boot", "1.5", "l"]


def test_word_roots_meet_across_endings() -> None:
    assert root("shipping") == root("ship")
    assert root("originally") == root("original")
    assert root("tents") == root("tent")
