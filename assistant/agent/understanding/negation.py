"""Whether a word sits after a negation in its clause ("I don't want to talk to a person",
"不用转人工", "not looking for tents")."""

from __future__ import annotations

import re

from text.cjk import HAN_CLASS

_CLAUSE_BREAK = re.compile(r"[,.;!?，。；！？]|\bbut\b|\bjust\b|但是|只是|就")
_ENGLISH_NEGATION = re.compile(
    r"\b(?:not|no|never|without|don'?t|dont|doesn'?t|didn'?t|won'?t|wouldn'?t|no need to|rather not"
    r"|instead of)\b(?:\s+\S+){0,4}\s*$"
)
_CHINESE_NEGATION = re.compile(rf"(?:不|别|没|无需|甭)[{HAN_CLASS}]{{0,4}}$")
# "能不能", "可不可以", "有没有" ask a question; they negate nothing.
_A_NOT_A = re.compile(rf"([{HAN_CLASS}])[不没]\1")


def negated(lower: str, start: int) -> bool:
    """Whether the text at `start` follows a negation within the same clause."""
    before = lower[:start]
    clause_start = 0
    for clause_break in _CLAUSE_BREAK.finditer(before):
        clause_start = clause_break.end()
    clause = _A_NOT_A.sub("", before[clause_start:])
    return bool(_ENGLISH_NEGATION.search(clause) or _CHINESE_NEGATION.search(clause))
