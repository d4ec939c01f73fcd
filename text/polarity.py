"""Yes/no questions, and whether a sentence denies a word it uses.

A yes/no question opens with an auxiliary verb ("does it…", "is the…", "can I…") or, in Chinese,
ends in 吗 or asks "A不A" (能不能, 有没有). A sentence denies a word when a negation stands
shortly before it in the same clause ("There is no GPS", "No built-in igniter"), when the word
carries a negative affix ("hoodless", "uncomfortable") or when "free" follows it ("caffeine
free").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from text.cjk import HAN_CLASS

_AUXILIARIES = frozenset(
    "do does did is are was were am can could will would has have had should shall may might "
    "isn't aren't doesn't don't didn't can't cannot won't wouldn't hasn't haven't".split()
)
# Words a shopper puts before the question itself.
_OPENERS = frozenset(
    "so and also but ok okay hi hey hello um quick question btw just wondering please pls "
    "and also then um".split()
)
_WH = frozenset("what which how when where who whom whose why".split())
# 吗 with no Chinese after it: the end of the question, perhaps with English keywords added.
_CHINESE_YES_NO = re.compile(rf"吗[^{HAN_CLASS}]*$|([{HAN_CLASS}])[不没]\1|是否|有没有")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")

NEGATIONS = frozenset(
    "no not never without none nor neither lacks lacking isn't aren't doesn't don't didn't "
    "can't cannot won't wouldn't hasn't haven't non".split()
)
# A clause ends here: a negation before it does not reach past.
CLAUSE_BREAKS = frozenset("but so and while although though whereas which that".split())
NEGATION_REACH = 4


def is_yes_no_question(text: str) -> bool:
    """Whether the question asks for a yes or a no ("does it have GPS?", "防水吗")."""
    if _CHINESE_YES_NO.search(text):
        return True
    words = _WORD.findall(text.lower().replace("’", "'"))
    while words and words[0] in _OPENERS:
        words = words[1:]
    if not words or words[0] in _WH:
        return False
    return words[0] in _AUXILIARIES or " or not" in text.lower()


def negated_at(words: Sequence[str], index: int) -> bool:
    """Whether the word at `index` of a clause's lower-case words is denied by the words around.

    `words` may hold punctuation tokens (",", ";"): they end a clause.
    """
    for back in range(index - 1, max(index - 1 - NEGATION_REACH, -1), -1):
        word = words[back]
        if not word[:1].isalnum() or word in CLAUSE_BREAKS:
            break
        if word in NEGATIONS:
            return True
    following = words[index + 1] if index + 1 < len(words) else ""
    return following == "free"


def negative_affix(word: str) -> str | None:
    """The word without a negative affix ("hoodless" -> "hood", "uncomfortable" ->
    "comfortable"), or None when it has none."""
    if word.endswith("less") and len(word) > 6:
        return word[:-4]
    if word.endswith("-free") and len(word) > 6:
        return word[:-5]
    for prefix in ("un", "non-", "non"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 5:
            return word[len(prefix) :]
    return None
