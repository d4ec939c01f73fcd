"""Yes or no to a shopper's question about their case, said the way the question was asked.

What is asked: permission ("can I still return it?", "还能退吗"), an obligation ("do I have
to pay the label?", "要自己付运费吗") or whether something is free. A policy sentence answers by
denying ("cannot be returned", "never by mail"), by saying something is free or waived, or that
the shopper pays. A Chinese reply repeats the question's modal verb: "还能退吗" is answered
"还能退" or "不能退".
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

import yaml

from assistant.agent.offline.case_words import LEXICON, case_words, has_any, spans

Asked = Literal["permission", "obligation", "free"]
Verdict = Literal["yes", "no"]
_PREDICATE_END = re.compile(r"[吗呢？?！!，,。\s]|$")


def asked(text: str) -> Asked | None:
    """What kind of yes/no the shopper asks, or None for another question."""
    questions = case_words().questions
    kinds: tuple[Asked, ...] = ("obligation", "free", "permission")
    for kind in kinds:
        if has_any(text, questions[kind]):
            return kind
    return None


def verdict(kind: Asked | None, sentence: str) -> Verdict | None:
    """The answer `sentence` gives to a question of `kind`; None when it does not say plainly."""
    words = case_words().answers
    if kind is None or has_any(sentence, words["conditional"]):
        return None
    # "Orders that have not shipped can be cancelled": a state's own "not" denies nothing.
    sentence = _without_states(sentence)
    free = has_any(sentence, words["free"]) and not has_any(sentence, ("not free",))
    payable = has_any(sentence, words["payable"])
    if kind == "obligation":
        if free != payable:
            return "no" if free else "yes"
        return None
    if kind == "free":
        if free != payable:
            return "yes" if free else "no"
        return None
    return "no" if has_any(sentence, words["denies"]) else "yes"


def _without_states(sentence: str) -> str:
    states = [phrase for state in case_words().states for phrase in state.phrases]
    kept = sentence
    for start, end, _ in reversed(spans(sentence, states)):
        kept = f"{kept[:start]} {kept[end:]}"
    return kept


@cache
def _modals() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    return {
        str(k): {str(a): str(b) for a, b in v.items()} for k, v in data["chinese_modals"].items()
    }


def chinese_echo(text: str, kind: Asked | None = None) -> tuple[str, str]:
    """The yes and the no a Chinese reply opens with, repeating the question's modal verb."""
    if kind == "free":
        return "是的，免费", "不免费"
    modals = _modals()
    best: tuple[int, str] | None = None
    for modal in sorted(modals, key=len, reverse=True):
        index = text.find(modal)
        if index >= 0 and (best is None or index < best[0]):
            best = (index, modal)
    if best is None:
        return "是的，可以", "不可以"
    index, modal = best
    rest = text[index + len(modal) :]
    predicate = rest[: _PREDICATE_END.search(rest).start()][:10]  # type: ignore[union-attr]
    still = "还" if text[max(0, index - 1) : index] == "还" else ""
    forms = modals[modal]
    return f"{still}{forms['yes']}{predicate}", f"{forms['no']}{predicate}"
