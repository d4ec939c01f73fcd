"""The facts of a shopper's own case, read from their message.

"my boots were delivered 40 days ago" is a figure (40 days) counted from an event (delivery);
"I'm a VIP member" puts the shopper in an audience; "unopened", "hasn't shipped yet" are states
of the item or the order; "from France" is a place; "a second exchange" a repeat. The same
lexicon reads policy sentences, so the shopper's words and the policy's can be compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.agent.offline.case_words import Named, case_words, has_any, named_in, spans
from assistant.agent.offline.yes_no import Asked, asked
from text.normalise import fold
from text.quantities import DURATION_WORDS, Quantity, read_quantities
from text.spelling import typo_of

_WORD = re.compile(r"[a-z]+")

# Characters between a figure and the word that says it is time already past ("40 days ago").
_ELAPSED_REACH = 40


@dataclass(frozen=True)
class Case:
    """What the shopper said about their own situation."""

    durations: tuple[Quantity, ...]
    amounts: tuple[Quantity, ...]
    events: tuple[Named, ...]
    states: tuple[Named, ...]
    places: tuple[Named, ...]
    audiences: tuple[str, ...]
    repeat: bool
    asked: Asked | None

    @property
    def has_facts(self) -> bool:
        """Whether the message states anything a rule can be applied to."""
        return bool(self.durations or self.amounts or self.states or self.places or self.repeat)


def case_text(text: str) -> str:
    """The message as the lexicon reads it: folded (simplified Chinese, no spaces beside
    Chinese, lower case) and with typing mistakes in the lexicon's own words repaired."""
    folded = fold(text)
    known = _lexicon_words()
    return _WORD.sub(lambda m: _repaired(m.group(), known), folded)


def _repaired(word: str, known: frozenset[str]) -> str:
    if word in known:
        return word
    return next((k for k in sorted(known) if typo_of(word, k)), word)


@cache
def _lexicon_words() -> frozenset[str]:
    words = case_words()
    phrases = [
        *(
            p
            for entry in (*words.events, *words.states, *words.places, *words.audiences)
            for p in entry.phrases
        ),
        *(p for group in words.questions.values() for p in group),
        *words.glosses,
        *words.elapsed,
        *DURATION_WORDS,
    ]
    return frozenset(w for phrase in phrases for w in _WORD.findall(phrase.lower()))


def read_case(text: str) -> Case:
    """The case facts of a shopper's message."""
    text = case_text(text)
    words = case_words()
    quantities = read_quantities(text)
    events = tuple(named_in(text, words.events))
    durations = tuple(q for q in quantities if q.kind == "duration" and _elapsed(text, q))
    amounts = tuple(q for q in quantities if q.kind == "money") if events else ()
    audiences = tuple(
        audience.name
        for audience in words.audiences
        if has_any(text, audience.phrases) and not has_any(text, audience.not_member)
    )
    return Case(
        durations=durations,
        amounts=amounts,
        events=events,
        states=_with_implied(named_in(text, words.states)),
        places=tuple(named_in(text, words.places)),
        audiences=audiences,
        repeat=has_any(text, words.repeats["shopper"]),
        asked=asked(text),
    )


def _with_implied(states: list[Named]) -> tuple[Named, ...]:
    """The states named, and those they imply (unopened is also unused)."""
    by_name = {state.name: state for state in case_words().states}
    found = list(states)
    for state in states:
        found += [by_name[name] for name in state.implies if by_name[name] not in found]
    return tuple(found)


def _elapsed(text: str, figure: Quantity) -> bool:
    """Whether the figure is time already past: "40 days ago", "20 days after", "45天了"."""
    around = text[max(0, figure.start - _ELAPSED_REACH) : figure.end + _ELAPSED_REACH]
    words = case_words()
    return has_any(around, words.elapsed) or bool(named_in(around, words.events))


def glosses(text: str, case: Case) -> str:
    """The English words of the case: what a Chinese message adds to its search, and synonyms."""
    words = case_words()
    text = case_text(text)
    found = [gloss for term, gloss in words.glosses.items() if has_any(text, (term,))]
    found += [entry.gloss for entry in (*case.events, *case.states) if entry.gloss]
    found += [place.name for place in case.places]
    found += [name for name in case.audiences]
    return " ".join(dict.fromkeys(found))


def reworded(text: str) -> str:
    """The message with a shopper's phrase for a documents' term replaced by the term
    ("send them back" reads "return"), so that it weighs as the documents' word."""
    words = case_words()
    result = text = case_text(text)
    for start, end, phrase in reversed(spans(text, words.glosses)):
        if phrase.isascii():
            result = f"{result[:start]} {words.glosses[phrase]} {result[end:]}"
    return result
