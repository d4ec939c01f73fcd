"""The words of a shopper's own case, read from `case_words.yaml`.

English phrases match as whole words, case-insensitive; Chinese ones as substrings. A longer
phrase wins over a shorter one it contains ("unopened" is not also "opened").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from text.cjk import has_cjk

LEXICON = Path(__file__).with_name("case_words.yaml")


@dataclass(frozen=True)
class Named:
    """A named entry of the lexicon (a state, an event, a place, an audience)."""

    name: str
    phrases: tuple[str, ...]
    gloss: str = ""
    opposites: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    not_member: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseWords:
    """Everything in the lexicon, ready to match."""

    events: tuple[Named, ...]
    elapsed: tuple[str, ...]
    states: tuple[Named, ...]
    audiences: tuple[Named, ...]
    places: tuple[Named, ...]
    other_places: tuple[str, ...]
    questions: Mapping[str, tuple[str, ...]]
    answers: Mapping[str, tuple[str, ...]]
    repeats: Mapping[str, tuple[str, ...]]
    options: tuple[str, ...]
    actions: tuple[str, ...]
    glosses: Mapping[str, str]


def _phrases(entry: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(p) for p in [*entry.get("en", []), *entry.get("zh", [])])


def _names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def _named(section: Mapping[str, Any]) -> tuple[Named, ...]:
    return tuple(
        Named(
            name=str(name),
            phrases=_phrases(entry),
            gloss=str(entry.get("gloss", "")),
            opposites=_names(entry.get("opposite", [])),
            regions=tuple(str(r) for r in entry.get("regions", [])),
            not_member=_phrases(entry.get("not_member", {})),
            implies=tuple(str(i) for i in entry.get("implies", [])),
        )
        for name, entry in section.items()
    )


@cache
def case_words() -> CaseWords:
    """The lexicon, loaded once."""
    data: dict[str, Any] = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    elapsed = data["elapsed"]
    return CaseWords(
        events=_named(data["events"]),
        elapsed=tuple(str(w) for w in [*elapsed["en"], *elapsed["zh"]]),
        states=_named(data["states"]),
        audiences=_named(data["audiences"]),
        places=_named(data["places"]),
        other_places=tuple(data["other_places"]),
        questions={kind: _phrases(entry) for kind, entry in data["questions"].items()},
        answers={kind: tuple(words) for kind, words in data["answers"].items()},
        repeats={
            kind: _phrases(entry) if isinstance(entry, dict) else tuple(entry)
            for kind, entry in data["repeats"].items()
        },
        options=tuple(data["options"]["en"]),
        actions=tuple(data["actions"]),
        glosses={str(k): str(v) for k, v in data["glosses"].items()},
    )


@cache
def _pattern(phrase: str) -> re.Pattern[str]:
    if has_cjk(phrase):
        return re.compile(re.escape(phrase.lower()))
    return re.compile(rf"(?<![A-Za-z0-9']){re.escape(phrase.lower())}(?![A-Za-z0-9'])")


def spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int, str]]:
    """Where the phrases occur in `text`: (start, end, phrase), longest first on overlaps."""
    lower = text.lower()
    found = [
        (match.start(), match.end(), phrase)
        for phrase in phrases
        for match in _pattern(phrase).finditer(lower)
    ]
    found.sort(key=lambda span: (-(span[1] - span[0]), span[0]))
    kept: list[tuple[int, int, str]] = []
    for span in found:
        if all(span[1] <= other[0] or span[0] >= other[1] for other in kept):
            kept.append(span)
    return sorted(kept)


def has_any(text: str, phrases: Iterable[str]) -> bool:
    """Whether any phrase occurs in `text`."""
    return bool(spans(text, phrases))


def named_in(text: str, entries: Iterable[Named]) -> list[Named]:
    """The entries named in `text`, a longer phrase of one entry hiding a shorter of another."""
    entries = list(entries)
    owner = {phrase: entry for entry in entries for phrase in entry.phrases}
    found: list[Named] = []
    for _, _, phrase in spans(text, owner):
        if owner[phrase] not in found:
            found.append(owner[phrase])
    return found
