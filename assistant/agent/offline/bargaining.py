"""Asking for a better price: the offline engine calls `request_better_price` for an item in the
cart and says what code decided. It never picks a percentage; it passes on the shopper's ask."""

from __future__ import annotations

import re
from typing import Any

from assistant.agent.offline.phrasebook import say, tool_problem
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.discounts import discount_percent
from assistant.agent.understanding.intents import Understanding
from text.normalise import normalise

_PERCENT = re.compile(r"(\d{1,3})\s*(?:%|percent|per cent|％)")
# Ways of asking for a better price the understanding does not flag on its own; read only when
# the cart holds something, so a question about the shop's promotions stays one.
_ASKS_EN = re.compile(
    r"\b(?:better|lower|cheaper|best|special|good|final|maximum|max) (?:price|deal|offer|"
    r"discount)\b|\bprice ?match|\bmatch (?:that|the|their|this|its|his|her) price\b|"
    r"\bgo (?:any |a bit |a little )?lower\b|\blower\W+(?:the\W+)?price\b|"
    r"\b(?:another|one more|extra|more|second) (?:\d{1,3}\s*%\s*)?(?:discount|coupon|code|deal)"
    r"|\b\d{1,3}\s*(?:%|percent)\s*(?:more|on top)\b|\bon top of that\b|\bsame deal\b|"
    r"\bdo it again\b|\bdiscount (?:you|u) (?:could|can|would) (?:give|do)\b|"
    r"\bany (?:deal|discount)s? (?:if|for me|you could|u could|on (?:these|this|my|it|them))\b|"
    r"\b(?:got|gave me|get|had)\b[^.?!]{0,30}\b\d{1,3}\s*(?:%|percent)\s*off\b|"
    r"\b\d{1,3}\s*(?:%|percent)\s*off\b[^.?!]{0,40}\b(?:for me|apply it|just apply)\b"
)
_ASKS_ZH = re.compile(
    r"便宜\s*(?:[\d一二三四五六七八九十百千两]+|些|一些)|也(?:能|可以)?便宜|"
    r"(?:再|另|多)(?:给|送|来|要)?(?:我)?(?:一|1)?(?:个|张)?(?:优惠码|优惠券|折扣)|"
    r"员工价|内部价|员工折扣|(?:对折|半价|[一二三四五六七八九]折)[^，。？！?!,]{0,6}(?:我也要|给我)|"
    r"我也要(?:一样|同样)|(?:价格|价钱)[^，。？！?!,]{0,4}谈|讲讲价|议价|最低价|最优惠"
)
_COMPETITOR = re.compile(
    r"\b(?:amazon|rei|backcountry|ebay|walmart|competitor|elsewhere|other (?:shop|store)s?|"
    r"price ?match)\b|\.com\b|京东|淘宝|拼多多|天猫|别家|别的店|其他店",
    re.IGNORECASE,
)
_BULK = re.compile(r"\b(?:bulk|all of them|them all|pairs|several)\b|都要|多买|批量", re.IGNORECASE)
_BUNDLE = re.compile(r"\b(?:bundle|together|with (?:the|its)|and (?:the|its))\b|一起|搭配|套装")


def asks_better_price(u: Understanding, st: TurnState) -> bool:
    """The shopper asks for a lower price for themselves (not about a published sale)."""
    if u.bargain:
        return True
    cart = st.brain.cart
    if u.coupon_code or cart is None or not cart.lines:
        return False
    text = normalise(st.text)
    return bool(_ASKS_EN.search(text.lower()) or _ASKS_ZH.search(text))


def bargain(u: Understanding, st: TurnState) -> Step:
    """Ask the shop's rules for an item in the cart, then say what they decided."""
    done = st.last("request_better_price")
    if done is not None:
        return _reply(u, st, done.result)
    asked = asked_percent(u, st.text)
    cart = st.brain.cart
    if cart is None or not cart.lines:
        if asked is not None and asked > st.brain.settings.discount_cap_percent:
            return call("request_human", reason="out_of_policy", summary=st.text[:300])
        return answer(say("bargain_empty_cart", u.language), confidence=u.confidence)
    return call(
        "request_better_price",
        product=_product(u, st),
        reason=_reason(st.text),
        asked_percent=asked,
    )


def asked_percent(u: Understanding, text: str) -> int | None:
    """The percentage off the shopper named (打五折 = 50), if any, between 1 and 100."""
    named = u.discount_percent or discount_percent(normalise(text).lower())
    if named is None:
        found = [int(m.group(1)) for m in _PERCENT.finditer(text)]
        named = max(found, default=None)
    return named if named is not None and 1 <= named <= 100 else None


def _product(u: Understanding, st: TurnState) -> str:
    """The cart item asked about: a product named that is in the cart, else a cart item of the
    kind named ("the daypack", "背包"), else the last product discussed if it is in the cart;
    else a product named (the tool says it is not in the cart), else the line added last."""
    lines = st.brain.cart.lines if st.brain.cart is not None else []
    titles = [(line, _words(line.title)) for line in lines]
    for handle in u.product_handles:
        wanted = set(handle.lower().split("-"))
        for line, words in titles:
            if wanted <= words:
                return line.sku
    kinds = [kind.lower().rstrip("s") for kind in (*u.concept_terms, *u.category_hints)]
    for kind in kinds:
        for line, _ in titles:
            if kind and kind in line.title.lower():
                return line.sku
    last = st.brain.memory.last_product
    if last is not None and last.handle and any(line.title == last.title for line in lines):
        return last.handle
    if u.product_handles:
        return u.product_handles[0]
    return lines[-1].sku


def _words(title: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", title.lower()))


def _reason(text: str) -> str:
    if _COMPETITOR.search(text):
        return "competitor_price"
    if _BUNDLE.search(text):
        return "bundle"
    if _BULK.search(text):
        return "bulk_quantity"
    return "price_too_high"


def _reply(u: Understanding, st: TurnState, result: Any) -> Step:
    language = u.language
    if not isinstance(result, dict) or result.get("ok") is False:
        return answer(tool_problem(result if isinstance(result, dict) else {}, language))
    outcome = result.get("outcome")
    if outcome == "handoff":
        return call("request_human", reason="out_of_policy", summary=st.text[:300])
    product = str(result.get("product", ""))
    ends = str(result.get("ends_at") or "")[:10]
    if outcome == "offered":
        cart = result.get("cart") or {}
        key = "bargain_offer" if result.get("applied") else "bargain_offer_code_only"
        text = say(
            key,
            language,
            percent=result.get("percent_off"),
            code=result.get("code"),
            ends=ends,
            total=(cart.get("total") or {}).get("display", ""),
        )
        if result.get("beyond_limit") and result.get("asked_percent"):
            text = say("bargain_beyond", language, asked=result["asked_percent"]) + " " + text
        return answer(text)
    refusal = result.get("refusal")
    if refusal == "already_offered":
        text = say(
            "bargain_already_offered",
            language,
            code=result.get("code"),
            percent=result.get("percent_off"),
            ends=ends,
        )
    elif refusal == "min_quantity":
        text = say(
            "bargain_min_quantity",
            language,
            product=product,
            quantity=result.get("quantity_in_cart"),
            needed=result.get("min_quantity"),
        )
    elif refusal == "needs_bundle":
        related = ", " if language != "zh" else "、"
        text = say(
            "bargain_needs_bundle",
            language,
            product=product,
            related=related.join(result.get("related") or []),
        )
    elif refusal == "not_in_cart":
        text = say("bargain_not_in_cart", language, product=product)
    else:
        text = say("bargain_no_room", language, product=product)
    return answer(text, confidence=u.confidence)
