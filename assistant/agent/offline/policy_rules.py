"""Which policy sentences apply to a shopper's case, and what their figures say about it.

The retrieved passages are split into sentences with the one splitter (`text/sentences.py`).
A sentence applies unless it is about another state ("opened" packs when the shopper's is
unopened), another place (Germany when the parcel comes from France), or an audience the
shopper is not in (VIP members). Among those that apply, the one sharing most of the
question's distinctive words answers; retrieval's own order breaks ties.

A rule's figure is compared with the shopper's: a duration is a limit to stay within ("within
30 days", "a 60-day window"); an amount is a threshold to reach ("EUR 39.00 or more") or stay
under ("up to $200").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from assistant.agent.offline.case_facts import Case
from assistant.agent.offline.case_words import Named, case_words, has_any, named_in
from assistant.agent.offline.passages import distinctive_weights, terms
from text.quantities import Quantity, read_quantities
from text.sentences import passage_lines, plain, split_sentences
from text.staff_notes import addressed_to_staff

_BARE_ANSWER = re.compile(r"^(?:yes|no)[.!]?$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_LOWER_BOUND = re.compile(r"\bor more\b|\bor over\b|\bat least\b|\bfrom\b|\bover\b|\babove\b")
_WORKING_DAYS = re.compile(r"\b(?:business|working)\b", re.IGNORECASE)
_DURATION_LIMIT = re.compile(
    r"\b(?:within|up to|no later than|before|have|get|in under|at most|for)\s*(?:the\s+)?$"
)
_UPPER_BOUND = re.compile(r"\bup to\b|\bunder\b|\bbelow\b|\bless than\b|\bor less\b")
_STATE_MATCH = 1.5
_STATE_CLASH = 3.0
_AUDIENCE_MATCH = 1.0
_REPEAT_MATCH = 3.0
_STATE_UNASKED = 2.0
_EVENT_MATCH = 2.0
_MEMBER_RULE = 4.0
_PLACE_MATCH = 1.5
# Characters after a rule's figure that say what it is counted from ("of the delivery date").
_ANCHOR_REACH = 40
_RETRIEVAL_WEIGHT = 2.0
# Clauses of one sentence: "within 30 days of delivery, or 60 days for VIP members".
_CLAUSE = re.compile(r",\s*or\b|;|\bor\s+(?=\d)|\(")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a retrieved passage."""

    text: str
    hit: int
    position: int
    lead: str
    states: tuple[Named, ...]
    places: tuple[Named, ...]
    audiences: tuple[str, ...]
    figures: tuple[Quantity, ...]

    @property
    def quote(self) -> str:
        """The sentence as quoted: a list item keeps the line that introduces the list."""
        return f"{self.lead} {self.text}" if self.lead else self.text


@dataclass(frozen=True)
class Ruling:
    """A rule's figure held against the shopper's."""

    rule: Sentence
    limit: Quantity
    figure: Quantity
    bound: Literal["upper", "lower"]
    met: bool


def sentences_of(hits: Sequence[dict[str, Any]]) -> list[Sentence]:
    """Every quotable sentence of the hits: no headings, no bare "Yes."/"No.", nothing for staff."""
    words = case_words()
    found: list[Sentence] = []
    for index, hit in enumerate(hits):
        section = str((hit.get("citation") or {}).get("section") or "")
        lead = ""
        for raw_line in passage_lines(str(hit.get("text", "")), section):
            if not _LIST_ITEM.match(raw_line):
                lead = ""
            for raw in split_sentences(raw_line):
                text = plain(raw)
                if not text or text == section or _BARE_ANSWER.match(text) or text.endswith("?"):
                    continue
                if text.endswith(":"):
                    lead = text
                    continue
                if addressed_to_staff(text):
                    continue
                found.append(
                    Sentence(
                        text=text,
                        hit=index,
                        position=len(found),
                        lead=lead,
                        states=_states(text, section),
                        places=tuple(named_in(text, words.places)),
                        audiences=tuple(
                            a.name for a in words.audiences if has_any(text, a.phrases)
                        ),
                        figures=tuple(read_quantities(text)),
                    )
                )
    return found


def _states(text: str, section: str) -> tuple[Named, ...]:
    """The states a sentence is about: its own, and those its section heading names."""
    words = case_words()
    own = named_in(text, words.states)
    return tuple([*own, *(s for s in named_in(section, words.states) if s not in own)])


def applies(sentence: Sentence, case: Case, passage: Sequence[Sentence]) -> bool:
    """Whether nothing in the sentence rules the shopper's case out."""
    if clashes(sentence, case):
        return False
    if sentence.audiences and not set(sentence.audiences) & set(case.audiences):
        return _audience_is_an_option(sentence)
    return _place_fits(sentence, case, passage)


def _audience_is_an_option(sentence: Sentence) -> bool:
    """A sentence with an audience the shopper is not in applies only through its other clauses."""
    return any(not _clause_audiences(sentence.text, figure) for figure in sentence.figures)


def _place_fits(sentence: Sentence, case: Case, passage: Sequence[Sentence]) -> bool:
    if not case.places or not sentence.places:
        return True
    shopper = {place.name for place in case.places}
    regions = {region for place in case.places for region in place.regions}
    named_nearby = {p.name for other in passage if other is not sentence for p in other.places}
    lower = sentence.text.lower()
    for place in sentence.places:
        if place.name in shopper:
            return True
        if place.name in regions:
            others = any(
                f"{word} {phrase}" in lower
                for word in case_words().other_places
                for phrase in place.phrases
            )
            if not others or not shopper & named_nearby:
                return True
    return False


def score(sentences: Sequence[Sentence], asked: set[str], case: Case) -> list[float]:
    """How well each sentence answers: distinctive shared words, states, audience, repeats."""
    weights = distinctive_weights(asked, [s.quote for s in sentences])
    shopper_states = {state.name for state in case.states}
    words = case_words()
    scores: list[float] = []
    opposites = {name for state in case.states for name in state.opposites}
    places = {p.name for p in case.places} | {r for p in case.places for r in p.regions}
    for sentence in sentences:
        value = sum(weights[t] for t in asked & terms(sentence.quote))
        named = {s.name for s in sentence.states}
        value += _STATE_MATCH * len(shopper_states & named)
        # A rule for a state the shopper did not mention (damaged, wrong item) is another case.
        value -= _STATE_UNASKED * len(named - shopper_states - opposites)
        if set(sentence.audiences) & set(case.audiences):
            value += _AUDIENCE_MATCH
        if sentence.places and {p.name for p in sentence.places} <= places:
            value += _PLACE_MATCH  # about the shopper's place alone
        if case.repeat and has_any(sentence.text, words.repeats["rule_beyond"]):
            value += _REPEAT_MATCH
        if case.repeat and has_any(sentence.text, words.repeats["rule_once"]):
            value -= _REPEAT_MATCH
        value += _RETRIEVAL_WEIGHT / (1 + sentence.hit)
        scores.append(value)
    return scores


def clashes(sentence: Sentence, case: Case) -> bool:
    """Whether the sentence is about a state opposite to the shopper's."""
    shopper_states = {state.name for state in case.states}
    if shopper_states & {state.name for state in sentence.states}:
        return False  # "opened or unopened": the sentence covers the shopper's state too
    return any(set(state.opposites) & shopper_states for state in sentence.states)


def _clause_audiences(text: str, figure: Quantity) -> tuple[str, ...]:
    """The audiences named in the clause holding `figure`."""
    bounds = [0, *(m.start() for m in _CLAUSE.finditer(text)), len(text)]
    for start, end in itertools.pairwise(bounds):
        if start <= figure.start < end:
            clause = text[start:end]
            return tuple(a.name for a in case_words().audiences if has_any(clause, a.phrases))
    return ()


def rule_figure(sentence: Sentence, figure: Quantity, case: Case) -> Quantity | None:
    """The sentence's figure of the same kind as the shopper's, in the clause for their audience."""
    same = [q for q in sentence.figures if q.kind == figure.kind and not _processing_time(q)]
    if figure.kind == "money" and figure.unit:
        same = [q for q in same if not q.unit or q.unit == figure.unit]
    if not same:
        return None
    member = [q for q in same if set(_clause_audiences(sentence.text, q)) & set(case.audiences)]
    general = [q for q in same if not _clause_audiences(sentence.text, q)]
    chosen = member or general
    return chosen[0] if chosen else None


def _processing_time(quantity: Quantity) -> bool:
    """ "3 business days", "2 working days": how long the shop takes, not a shopper's window."""
    return quantity.kind == "duration" and bool(_WORKING_DAYS.search(quantity.text))


def bound_of(sentence: Sentence, limit: Quantity) -> Literal["upper", "lower"] | None:
    """Whether the rule's figure is a limit to stay within or a threshold to reach."""
    after = sentence.text[limit.end : limit.end + 12].lower()
    before = sentence.text[max(0, limit.start - 12) : limit.start].lower()
    if limit.kind == "duration":
        if re.search(r"\b(?:after|more than|over)\s*$", before):
            return "lower"
        limited = _DURATION_LIMIT.search(before) or "-" in limit.text
        return "upper" if limited else None
    if _LOWER_BOUND.search(after) or _LOWER_BOUND.search(before):
        return "lower"
    if _UPPER_BOUND.search(before):
        return "upper"
    return None


def rule_on(
    sentences: Sequence[Sentence],
    scores: Sequence[float],
    case: Case,
    passages: Sequence[Sequence[Sentence]],
    asked: set[str],
) -> Ruling | None:
    """The best applying sentence with a figure to compare, and what it says of the shopper's.

    When the question names an action (return, cancel) a rule about that action answers before
    a rule about anything else.
    """
    actions = asked & terms(" ".join(case_words().actions))
    if actions:
        about = [i for i, s in enumerate(sentences) if actions & terms(s.quote)]
        ruling = _best_rule(
            [sentences[i] for i in about], [scores[i] for i in about], case, passages
        )
        if ruling is not None:
            return ruling
    return _best_rule(sentences, scores, case, passages)


def _best_rule(
    sentences: Sequence[Sentence],
    scores: Sequence[float],
    case: Case,
    passages: Sequence[Sequence[Sentence]],
) -> Ruling | None:
    figures = [*case.durations, *case.amounts]
    best: tuple[float, Ruling] | None = None
    for sentence, value in zip(sentences, scores, strict=True):
        if not applies(sentence, case, passages[sentence.hit]):
            continue
        for figure in figures:
            limit = rule_figure(sentence, figure, case)
            if limit is None:
                continue
            bound = bound_of(sentence, limit)
            if bound is None:
                continue
            met = figure.value <= limit.value if bound == "upper" else figure.value >= limit.value
            ruling = Ruling(sentence, limit, figure, bound, met)
            weighed = value + _event_fit(sentence, limit, case)
            if set(_clause_audiences(sentence.text, limit)) & set(case.audiences):
                weighed += _MEMBER_RULE  # a member is held to the members' rule
            if best is None or weighed > best[0]:
                best = (weighed, ruling)
    return best[1] if best else None


def _event_fit(sentence: Sentence, limit: Quantity, case: Case) -> float:
    """More weight when the rule counts from the shopper's event, less when from another."""
    if limit.kind != "duration" or not case.events:
        return 0.0
    after = sentence.text[limit.end : limit.end + _ANCHOR_REACH]
    counted_from = {event.name for event in named_in(after, case_words().events)}
    if not counted_from:
        return 0.0
    shopper = {event.name for event in case.events}
    return _EVENT_MATCH if counted_from & shopper else -_EVENT_MATCH


def options(
    sentences: Sequence[Sentence], case: Case, ruling: Ruling, quoted: Sequence[Sentence]
) -> list[Sentence]:
    """When a rule says no: an audience's wider rule the shopper could meet, and the warranty.

    Option words are tried in their order in the lexicon (the warranty before "faulty"), and a
    sentence already quoted is not offered again.
    """
    found: list[Sentence] = []
    taken = {s.text for s in quoted}
    for sentence in sentences:
        wider = [
            q
            for q in sentence.figures
            if q.kind == ruling.limit.kind
            and _clause_audiences(sentence.text, q)
            and (q.value >= ruling.figure.value) == (ruling.bound == "upper")
        ]
        same_passage = sentence.hit == ruling.rule.hit
        if wider and same_passage and not case.audiences and sentence.text not in taken:
            found.append(sentence)
            taken.add(sentence.text)
            break
    if ruling.limit.kind != "duration":
        return found
    shopper_states = {state.name for state in case.states}
    for word in case_words().options:
        offered = next(
            (
                sentence
                for sentence in sentences
                if has_any(sentence.text, (word,))
                and sentence.text not in taken
                and not clashes(sentence, case)
                and not ({s.name for s in sentence.states} - shopper_states - {"defective"})
            ),
            None,
        )
        if offered is not None:
            found.append(offered)
            break
    return found
