"""Choosing what to quote: the passage, and the sentences in it, that answer the question.

Retrieval ranks passages by overall likeness; a near miss (a passage on the same subject that
answers another question) often comes first. Among the top passages the engine prefers the one
that shares the question's distinctive words: words found in only some of the passages weigh
more than words every passage has. A question that asks "how long" or "how much" also prefers
text carrying a duration or an amount, and a passage whose heading names the whole question (an
FAQ asking it, a section titled by it) answers it. Retrieval's own order breaks ties and keeps
weight, so a clear first hit stays first. Chinese questions are weighed by the English keywords
the engine adds to its search query; without them, retrieval's order stands.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from text.stemming import root

_WORD = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
_STOP = frozenset(
    "a an the is are was were be been do does did can could would should will shall may might "
    "i you we they he she it my your our their me us them this that these those there here "
    "of to in on at for from by with about as into onto over under and or but if so than then "
    "what how when where which who whom why whether any some all each every no not yes "
    "have has had get got also still just only very much many more most well too again "
    "please tell know want like need let thing something anything don t s".split()
)
_DURATION = re.compile(
    r"\b\d+(?:[.-]\d+)?[ -]?(?:business )?(?:days?|weeks?|months?|years?|hours?)\b"
)
_AMOUNT = re.compile(r"[$€£¥]\s?\d|\b\d+(?:\.\d+)?\s?(?:usd|eur|gbp|dollars?)\b|\bfree\b")
_ASKS_DURATION = re.compile(
    r"\bhow (?:long|many (?:days|weeks|months|years|hours))\b|\bwhen\b"
    r"|多久|多长时间|几天|多少天|期限"
)
_ASKS_AMOUNT = re.compile(r"\bhow much\b|\bcosts?\b|\bfees?\b|\bprice\b|\bcharge|多少钱|费用|运费")
# How much retrieval's own score counts next to the overlap of distinctive words.
MARGIN = 0.8
CLOSE = 0.85
_ANSWER_TYPE_BONUS = 0.6
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def terms(text: str) -> set[str]:
    """Roots of a text's content words."""
    return {root(word) for word in _WORD.findall(text.lower()) if word not in _STOP}


def distinctive_weights(question: set[str], texts: Sequence[str]) -> dict[str, float]:
    """Inverse document frequency of the question's words over the candidate texts."""
    sets = [terms(text) for text in texts]
    count = len(sets)
    return {
        term: math.log(1 + count / (1 + sum(1 for s in sets if term in s))) for term in question
    }


def _answer_type(question: str, text: str) -> float:
    lower = question.lower()
    body = text.lower()
    bonus = 0.0
    if _ASKS_DURATION.search(lower) and _DURATION.search(body):
        bonus += _ANSWER_TYPE_BONUS
    if _ASKS_AMOUNT.search(lower) and _AMOUNT.search(body):
        bonus += _ANSWER_TYPE_BONUS
    return bonus


def _hit_text(hit: dict[str, Any]) -> str:
    citation = hit.get("citation") or {}
    return f"{citation.get('section') or ''} {hit.get('text', '')}"


def best_hit(hits: Sequence[dict[str, Any]], question: str) -> dict[str, Any]:
    """The hit that answers `question` best; the first hit when the words cannot tell."""
    asked = terms(question)
    if len(hits) < 2 or not asked:
        # Nothing to weigh by (a Chinese question without the engine's English keywords):
        # retrieval's order stands.
        return hits[0]
    top = max(float(hit.get("score", 0.0)) for hit in hits) or 1.0
    # Only passages retrieval found nearly as likely compete with the first.
    hits = [hit for hit in hits if float(hit.get("score", 0.0)) >= CLOSE * top] or list(hits)
    texts = [_hit_text(hit) for hit in hits]
    weights = distinctive_weights(asked, texts)

    def best_sentence(text: str) -> float:
        return max(
            (
                sum(weights[term] for term in asked & terms(part)) + _answer_type(question, part)
                for part in _SENTENCE.split(text)
            ),
            default=0.0,
        )

    # A passage whose heading asks or names all of it (an FAQ with the shopper's question, a
    # policy section named by it) answers it, unless the first hit's heading does too.
    headed = [title_covers(hit, asked) for hit in hits]
    if not headed[0] and any(headed):
        return hits[headed.index(True)]
    # One sentence holding more of the question's distinctive words than any sentence of the
    # first hit answers it better; a tie or a small lead keeps retrieval's choice.
    scores = [best_sentence(text) for text in texts]
    best = max(range(len(hits)), key=lambda i: (scores[i], -i))
    return hits[best] if scores[best] >= scores[0] + MARGIN else hits[0]


def title_covers(hit: dict[str, Any], asked: set[str]) -> bool:
    """Whether the passage's heading holds every content word of the question."""
    section = (hit.get("citation") or {}).get("section") or ""
    return bool(asked) and asked <= terms(section)


def best_sentences(sentences: Sequence[str], question: str, limit: int) -> list[int]:
    """Indexes, in reading order, of the sentences that answer best (the opening when none)."""
    asked = terms(question)
    weights = distinctive_weights(asked, sentences)
    scores = [
        sum(weights[term] for term in asked & terms(sentence)) + _answer_type(question, sentence)
        for sentence in sentences
    ]
    if not any(scores):
        return list(range(min(limit, len(sentences))))
    ranked = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    return sorted(i for i in ranked[:limit] if scores[i] > 0)
