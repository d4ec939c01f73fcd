"""Questions about one product ("does it have GPS?", "how long does it take to charge?"),
answered from what `ask_product` finds in the product's own description and attributes.

A yes/no question gets its yes or no first when the product information says it, then the
sentence or attribute that says so; a figure question gets the sentence or the attribute with
its unit; a question nothing answers gets an honest "the product information doesn't say",
with the nearest things it does say and an offer to ask a person (never a handoff on its own).
A question that asks for nothing in particular ("tell me about it") is left to the card.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.agent.offline.phrasebook import say
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding
from text.cjk import has_cjk, is_han_run
from text.polarity import is_yes_no_question
from text.segmenter import DEFAULT

# Chinese yes/no questions are answered with their own verb: 能/可以 -> 可以, 有/带 -> 有/没有,
# 是 -> 是的/不是, and an adjective asked about ("防水吗") -> 防水/不防水.
_CHINESE_ANSWERS = (
    (frozenset({"能", "可以", "能不能", "可不可以", "能否"}), ("可以", "不可以")),
    (frozenset({"是", "是不是", "是否"}), ("是的", "不是")),
    (frozenset({"有", "有没有", "带", "带有", "配", "配有", "含", "含有"}), ("有", "没有")),
)
_NAMED_SEARCH = re.compile(r"^\s*(?:do|does|did|have|has)\s+(?:you|u|ya|they)\b", re.IGNORECASE)


def asks_about_named_product(u: Understanding, text: str) -> bool:
    """A yes/no question about one product by name ("is the chamomile caffeine free?"), read
    as a search because it names a feature: it asks about that product, not for a list."""
    return (
        bool(u.product_handles)
        and u.language == "en"
        and not u.options
        and u.price_max_minor is None
        and u.price_min_minor is None
        and is_yes_no_question(text)
        and not _NAMED_SEARCH.match(text)
    )


def asks_one_named_product(u: Understanding) -> bool:
    """A question about one product named as the catalog names it ("Scout 22 背包能放水袋吗"),
    however unsure the reading of its intent (its words may sound like a document heading):
    the product's own record is asked first, not the store's documents."""
    return (
        u.intent == "product_question"
        and len(u.product_handles) == 1
        and u.policy_topic is None
        and u.service_request is None
    )


def question_text(u: Understanding, text: str) -> str:
    """The question for `ask_product`: the shopper's words; a Chinese question also carries the
    English names of the features it was understood to ask about."""
    extra = ""
    if u.language == "zh":
        keys = [key.replace("_", " ") for key in u.attributes]
        extra = " ".join(dict.fromkeys([*u.features, *keys]))
    return f"{text} {extra}".strip()[:500]


def product_answer(u: Understanding, st: TurnState, product: dict[str, Any]) -> Step | None:
    """The next step of a question about `product`, or None when the card answers it."""
    done = st.last("ask_product")
    if done is None:
        ref = product.get("handle") or str(product.get("product_id", ""))
        return call("ask_product", product=ref, question=question_text(u, st.text))
    result: dict[str, Any] = done.result if done.ok and isinstance(done.result, dict) else {}
    if not result.get("asked"):
        return None
    if result.get("answered"):
        return answer(write_answer(result, u.language, st.text), confidence=u.confidence)
    return answer(write_not_stated(result, u.language), confidence=u.confidence)


def write_answer(result: dict[str, Any], language: str, question: str) -> str:
    """The yes or no when the evidence says it, the answering sentences and attributes, and
    the product they come from."""
    title = str(result["citation"]["title"])
    sentences = [str(s["text"]) for s in result.get("sentences", [])]
    verdict = result.get("verdict") if result.get("yes_no") else None
    lead = _verdict(verdict, language, question) if verdict else ""
    lines: list[str] = []
    if sentences:
        quoted = " ".join(sentences)
        if language == "zh" and not has_cjk(quoted):
            lines.append(f"{lead}{say('product_says_english', language)}".strip())
            lines.append(quoted)
        elif lead:
            lines.append(f"{lead}{_continue(quoted, title, language)}")
        else:
            lines.append(quoted)
    attributes = result.get("attributes", [])
    if attributes:
        if lead and not sentences:
            lines.append(f"{lead}{say('facts_intro', language, title=title)}")
        elif not sentences:
            lines.append(say("facts_intro", language, title=title))
        lines.extend(_attribute_line(item, language) for item in attributes)
    lines.append(say("knowledge_source", language, source=title))
    return "\n".join(lines)


def write_not_stated(result: dict[str, Any], language: str) -> str:
    """ "The product information doesn't say", the nearest facts it gives, and a person."""
    title = str(result["citation"]["title"])
    lines = [say("product_not_stated", language, title=title)]
    related = result.get("related", [])
    if related:
        lines.append(say("product_related", language))
        for item in related:
            lines.append(_attribute_line(item, language) if "key" in item else str(item["text"]))
    lines.append(say("product_ask_person", language))
    return "\n".join(lines)


def _verdict(verdict: str, language: str, question: str) -> str:
    if language != "zh":
        return say("answer_yes" if verdict == "yes" else "answer_no", language)
    yes, no = say("answer_yes", language).rstrip("。"), say("answer_no", language).rstrip("。")
    words = DEFAULT.cut(question)
    for verbs, answers in _CHINESE_ANSWERS:
        if verbs & set(words):
            yes, no = answers
            break
    else:
        before = [w for w in words[: words.index("吗")] if w.strip()] if "吗" in words else []
        if before and len(before[-1]) >= 2 and is_han_run(before[-1]):
            yes, no = before[-1], f"不{before[-1]}"
    return f"{yes if verdict == 'yes' else no}。"


def _continue(sentence: str, title: str, language: str) -> str:
    """A quoted sentence after "Yes - ": its first word in lower case unless it is a name."""
    if language == "zh" or not sentence:
        return sentence
    first = sentence.split(" ", 1)[0]
    named = (first.isupper() and len(first) > 1) or first.lower() in title.lower().split()
    return sentence if named else sentence[:1].lower() + sentence[1:]


def _attribute_line(item: dict[str, Any], language: str) -> str:
    value = item.get("value")
    if isinstance(value, bool):
        shown = say("yes" if value else "no", language)
    else:
        shown = f"{value} {item.get('unit') or ''}".strip()
    return say("fact_line", language, name=item.get("name", ""), value=shown)
