"""Choosing a variant over several turns: option values carried, named, or left as the only one.

The conversation's memory holds the product discussed, the option values the shopper settled
(`ProductMemory.options`), the values it comes in (`offered`) and the last list shown
(`Memory.last_list`). A message that only names values of that product ("charcoal one pls",
"the M/L size", "1kg ground for french press") narrows its variants; "the first one" picks
from the last list; "which of those come in mustard" filters it.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.agent.offline.phrasebook import say
from assistant.agent.offline.steps import Call, Step, answer
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding

# "the first one", "first of those", "the 2nd": a position said as a reference, not "first time".
_POSITION = (
    r"\b(?:the\s+(?:{0})\b(?!\s+time)"
    r"|(?:{0})\s+(?:one|ones|of\s+(?:them|those|these)|item|product)\b)"
)
# Ordinals of a list: "the first one", "2nd", "the last", 第一个, 第二款.
_ORDINALS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(rf"{_POSITION.format('first|1st')}|第一(?:个|款|件|种|双|顶|包)"), 0),
    (re.compile(rf"{_POSITION.format('second|2nd')}|第二(?:个|款|件|种|双|顶|包)"), 1),
    (re.compile(rf"{_POSITION.format('third|3rd')}|第三(?:个|款|件|种|双|顶|包)"), 2),
    (re.compile(rf"{_POSITION.format('fourth|4th')}|第四(?:个|款|件|种|双|顶|包)"), 3),
    (re.compile(rf"{_POSITION.format('fifth|5th')}|第五(?:个|款|件|种|双|顶|包)"), 4),
    (re.compile(rf"{_POSITION.format('last')}|最后一(?:个|款|件|种|双|顶|包)"), -1),
)
# "which of those", "any of them", 哪一款/哪些/其中: the shopper asks about the list shown.
_ABOUT_THE_LIST = re.compile(
    r"\b(?:which|any|all|none|one)\s+of\s+(?:those|these|them|the ones)\b|哪些|哪几|其中|这几"
)
LIST_LOOKUPS = 5
_SMALL_TALK = frozenset({"greeting", "thanks", "goodbye"})


def ordinal(text: str) -> int | None:
    """The position a message points at in a list (0 for "the first one", -1 for the last)."""
    lower = text.lower()
    for pattern, index in _ORDINALS:
        if pattern.search(lower):
            return index
    return None


def listed_handle(u: Understanding, st: TurnState) -> str | None:
    """The product of the last list an ordinal in the message names ("the first one")."""
    listed = st.brain.memory.last_list
    if u.product_handles or not listed:
        return None
    index = ordinal(st.text)
    if index is None or index >= len(listed):
        return None
    return listed[index].handle


def named_values(offered: dict[str, list[str]], text: str) -> dict[str, str]:
    """Values of a product's own options (`offered`) that the message names as words ("the
    long then", "ok L", "M/L"); an option with two values named ("regular or long?") is left
    out."""
    lower = text.lower()
    found: dict[str, list[tuple[int, int, str]]] = {}
    for name, values in offered.items():
        for value in values:
            for spelling in {value.lower(), value.lower().split(" (")[0]}:
                if not spelling.strip():
                    continue
                pattern = rf"(?<![a-z0-9'/]){re.escape(spelling)}(?![a-z0-9'/])"
                for match in re.finditer(pattern, lower):
                    found.setdefault(name, []).append((match.start(), match.end(), value))
    spans = [span for hits in found.values() for span in hits]
    chosen: dict[str, str] = {}
    for name, hits in found.items():
        kept = [
            hit
            for hit in hits
            if not any(
                other != hit and other[0] <= hit[0] and hit[1] <= other[1] for other in spans
            )
        ]
        named = {hit[2] for hit in kept}
        if len(named) == 1:
            chosen[name] = named.pop()
    return chosen


def offered_values(product: dict[str, Any]) -> dict[str, list[str]]:
    """Option name -> the values the product's variants come in."""
    offered: dict[str, list[str]] = {}
    for variant in product.get("variants", []):
        for name, value in (variant.get("options") or {}).items():
            values = offered.setdefault(str(name), [])
            if str(value) not in values:
                values.append(str(value))
    return offered


def offers(offered: dict[str, list[str]], options: dict[str, str]) -> bool:
    """Whether every option value asked for is one the product comes in."""
    return bool(options) and all(
        any(_same(value, wanted) for value in offered.get(name, []))
        for name, wanted in options.items()
    )


def _same(actual: str, wanted: str) -> bool:
    have, want = actual.strip().lower(), wanted.strip().lower()
    return have == want or have.split(" (")[0] == want or want.split(" (")[0] == have


def about_discussed(u: Understanding, st: TurnState) -> bool:
    """The message only picks option values of the product discussed: it names no other."""
    remembered = st.brain.memory.last_product
    if remembered is None or u.product_handles or not u.options:
        return False
    if remembered.offered:
        return offers(remembered.offered, u.options)
    return not (u.category_hint or u.concept_terms)


def narrows(u: Understanding, st: TurnState) -> bool:
    """A turn that names option values and asks nothing else: answer with what is in stock.

    "Beacon 600 in teal?", "charcoal one pls", "1kg ground for french press": no attribute,
    feature or policy is asked about, only a variant is being chosen.
    """
    if not u.options or u.attributes or u.attribute_bounds or u.policy_topic:
        return False
    if u.features and not _in_product_names(u.features, u.product_handles):
        return False
    if _not_its_options(u, st):
        return False
    if u.intent == "product_question" and (u.product_handles or listed_handle(u, st)):
        return True
    if u.intent in ("product_question", "unknown", "product_search"):
        return about_discussed(u, st) and not _ABOUT_THE_LIST.search(st.text.lower())
    return False


def _not_its_options(u: Understanding, st: TurnState) -> bool:
    """Whether the product looked up has none of the options read ("烧开500毫升水要多久" reads
    500 ml as a capacity, but the Quickpot comes only in colours): the values describe the
    question, not a variant to choose."""
    got = st.last("get_product")
    if got is None or not got.ok or not isinstance(got.result, dict):
        return False
    offered = offered_values(got.result)
    return bool(offered) and not any(name in offered for name in u.options)


def _picks_size(u: Understanding, offered: dict[str, list[str]]) -> bool:
    """ "The M/L size" is read as a sizing question; with nothing else said about the product
    discussed, it chooses the size."""
    return (
        u.intent == "policy_question"
        and u.policy_topic == "sizing"
        and not u.query_text.strip()
        and offers(offered, u.options)
    )


def _in_product_names(words: tuple[str, ...], handles: tuple[str, ...]) -> bool:
    """Whether the words are part of a product's name ("down" in the Emberlight Down Jacket)."""
    named = {part for handle in handles[:1] for part in handle.split("-")}
    return bool(named) and all(set(word.lower().split()) <= named for word in words)


def accepts_offer(u: Understanding, st: TurnState) -> bool:
    """ "ok L then, 2 pairs": a yes with a count about the product discussed orders it."""
    return (
        u.confirmation == "yes"
        and u.quantity is not None
        and u.intent in ("product_question", "unknown")
        and st.brain.memory.last_product is not None
        and not (u.attributes or u.features or u.policy_topic)
    )


def filters_list(u: Understanding, st: TurnState) -> bool:
    """ "Which of those come in mustard": options asked of the last list shown."""
    return (
        bool(u.options)
        and bool(st.brain.memory.last_list)
        and not u.product_handles
        and u.intent in ("product_search", "product_question", "stock_question")
        and bool(_ABOUT_THE_LIST.search(st.text.lower()))
    )


def filter_list(u: Understanding, st: TurnState) -> Step:
    """Look up the products last listed and keep those sold in the options asked for."""
    looked_up = [done for done in st.done if done.name == "get_product"]
    if not looked_up:
        listed = st.brain.memory.last_list[:LIST_LOOKUPS]
        return Step(calls=tuple(Call("get_product", {"product": item.handle}) for item in listed))
    fitting = [
        done.result
        for done in looked_up
        if done.ok and any(_fits(v, u.options) for v in done.result.get("variants", []))
    ]
    if not fitting:
        values = ", ".join(u.options.values())
        return answer(say("list_none_fit", u.language, values=values), confidence=0.8)
    lines = [say("list_fit_intro", u.language, values=", ".join(u.options.values()))]
    for product in fitting:
        variants = [v for v in product.get("variants", []) if _fits(v, u.options)]
        price = variants[0]["price"]["display"] if variants else ""
        lines.append(say("list_fit_line", u.language, title=product["title"], price=price))
    step = answer("\n".join(lines))
    step.extra["product"] = fitting[0].get("handle")
    step.extra["options"] = dict(u.options)
    return step


def _fits(variant: dict[str, Any], options: dict[str, str]) -> bool:
    have = variant.get("options") or {}
    return all(name in have and _same(str(have[name]), value) for name, value in options.items())


def with_named_values(u: Understanding, offered: dict[str, list[str]], text: str) -> dict[str, str]:
    """The message's options, with the values of the product's own options it names as words
    added, and replacing a value read for an option that the product does not come in."""
    options = dict(u.options)
    for name, value in named_values(offered, text).items():
        if name not in options or not offers(offered, {name: options[name]}):
            options[name] = value
    return options


def with_discussed_values(u: Understanding, st: TurnState) -> Understanding:
    """The message with the values it names of the product discussed ("ok L then").

    A product matched only by the words of such a value ("Midnight Blue" is no Midnight
    Espresso Blend) is dropped: the shopper is choosing the discussed product's option.
    """
    remembered = st.brain.memory.last_product
    if remembered is None or not remembered.offered:
        return u
    named = named_values(remembered.offered, st.text)
    handles = _beyond_values(u.product_handles, named, st.text, remembered.handle)
    if handles:
        return u
    update: dict[str, Any] = {}
    if u.product_handles:
        update["product_handles"] = ()
        if u.intent == "add_to_cart" and u.quantity is None:
            # The intent was read with the value taken for a product name ("it blue").
            update["intent"] = "unknown"
    options = with_named_values(u, remembered.offered, st.text)
    if options != u.options:
        update["options"] = options
        if u.intent in _SMALL_TALK:
            update["intent"] = "unknown"  # a bare "L" is no farewell: it answers about the product
    return u.model_copy(update=update) if update else u


def _beyond_values(
    handles: tuple[str, ...], named: dict[str, str], text: str, discussed: str | None
) -> tuple[str, ...]:
    """The products named by more than the words of the option values named."""
    if not handles or not named:
        return handles
    words = set(re.findall(r"[a-z0-9]+", text.lower()))
    value_words = {w for value in named.values() for w in re.findall(r"[a-z0-9]+", value.lower())}
    return tuple(
        handle
        for handle in handles
        if handle == discussed or not (set(handle.split("-")) & words) <= value_words
    )


def reread(u: Understanding, st: TurnState) -> Understanding:
    """The message read against the variant being chosen: a yes with a count orders the
    product discussed; a message that only names its option values asks what is in stock."""
    confident = max(u.confidence, st.threshold)
    if u.quantity is None and u.items and not any(item.product_handles for item in u.items):
        # "espresso grind, add 2 bags" read as two parts: the count belongs to the one product.
        counted = max(item.quantity for item in u.items)
        if counted > 1:
            u = u.model_copy(update={"quantity": counted, "items": ()})
    remembered = st.brain.memory.last_product
    if remembered is not None and not u.product_handles and _picks_size(u, remembered.offered):
        return u.model_copy(update={"intent": "stock_question", "confidence": confident})
    if u.intent in _SMALL_TALK and u.product_handles:
        # A farewell or a greeting names no product: "looking at the Switchback 35" asks about it.
        return u.model_copy(update={"intent": "product_question", "confidence": confident})
    if accepts_offer(u, st):
        return u.model_copy(
            update={"intent": "add_to_cart", "refers_to_previous": True, "confidence": confident}
        )
    if narrows(u, st):
        return u.model_copy(update={"intent": "stock_question", "confidence": confident})
    return u
