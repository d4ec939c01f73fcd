"""Sentences a shop's documents address to its own staff: never quoted to a shopper.

A help-desk document may say "you should check its status before taking the action" or
"escalate to the team lead"; those are instructions for the people answering, not facts for
the person asking. A sentence is for staff when it uses a phrase only such notes use, or when it
opens with an instruction and speaks of "the customer" in the third person. The words are data
(`staff_notes.yaml`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

_LEXICON = Path(__file__).with_name("staff_notes.yaml")
_FIRST_WORD = re.compile(r"[A-Za-z]+")


@cache
def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9']){re.escape(phrase.lower())}(?![A-Za-z0-9])")


def _has_any(text: str, phrases: tuple[str, ...]) -> bool:
    lower = text.lower()
    return any(_pattern(phrase).search(lower) for phrase in phrases)


@cache
def _words() -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    data = yaml.safe_load(_LEXICON.read_text(encoding="utf-8"))
    return (
        tuple(data["phrases"]),
        frozenset(word.lower() for word in data["imperatives"]),
        tuple(data["third_person"]),
    )


def addressed_to_staff(sentence: str) -> bool:
    """Whether the sentence is an instruction to the shop's staff."""
    phrases, imperatives, third_person = _words()
    if _has_any(sentence, phrases):
        return True
    first = _FIRST_WORD.match(sentence.strip())
    return (
        first is not None
        and first.group().lower() in imperatives
        and _has_any(sentence, third_person)
    )
