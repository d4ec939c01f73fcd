"""Order numbers and coupon codes, by the store's own formats.

An order number matches the store's pattern (default like `TO-10002`) anywhere, or follows
"order number"/"订单号". A coupon code is a token in the store's coupon format next to a word
such as "coupon", "code", "优惠码" or "折扣码", or any code the store is known to issue. A code
has letters: a bare number ("employee ID 4471", "30%") is never taken for one. Both come back
upper-case, as stores print them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.agent.understanding.scan import Scan

_ORDER_CUE = re.compile(
    r"(?:\border\s*(?:number|no\.?|num|#|id)?|订单号?|单号)\s*(?:is|:|是|为)?\s*#?\s*"
    r"(?P<code>[a-z0-9]*\d[a-z0-9-]{3,})"
)
_COUPON_CUE = re.compile(
    r"\b(?:coupon|promo|promotion|discount|voucher|gift)?\s*(?:code|coupon|voucher)s?\b"
    r"|优惠码|折扣码|优惠券|兑换码|券码|优惠卷|折扣券|代金券|\bredeem\b|\bapply\b"
)
_TOKEN = re.compile(r"[a-z0-9][a-z0-9_-]*[a-z0-9]|[a-z0-9]")
_NEAR_CHARS = 24
_NOT_CODES_TEXT = """
    code codes coupon coupons voucher promo discount the my a an this that is it please use
    apply have got with for to on and or i you your is isn't doesn't work working valid
"""
_NOT_CODES = frozenset(_NOT_CODES_TEXT.split())


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])", re.IGNORECASE)


def extract_order_number(scan: Scan, pattern: str) -> str | None:
    """The first order number in the unclaimed text, upper-case; claims it."""
    for match in scan.free_matches(_compiled(pattern)):
        scan.claim(*match.span())
        return match.group().upper()
    for match in scan.free_matches(_ORDER_CUE, "code"):
        scan.claim(*match.span("code"))
        return match.group("code").upper()
    return None


def extract_coupon_code(scan: Scan, pattern: str, known: frozenset[str]) -> str | None:
    """A coupon code near a coupon word, or any code the store issues; claims it."""
    candidates = []
    for match in scan.free_matches(_TOKEN):
        token = match.group()
        if token.upper() in known:
            scan.claim(*match.span())
            return token.upper()
        candidates.append(match)
    code_format = _compiled(pattern)
    cues = [cue.span() for cue in _COUPON_CUE.finditer(scan.lower)]
    for match in candidates:
        token = match.group()
        if token in _NOT_CODES or not code_format.fullmatch(token):
            continue
        if not any(char.isalpha() for char in token):
            continue  # a number is an ID, an amount or a quantity, not a code
        if (
            not any(char.isdigit() for char in token)
            and not scan.text[match.start() : match.end()].isupper()
        ):
            continue  # a lower-case word next to "code" is a word, not a code
        if any(_near(match.span(), cue) for cue in cues):
            scan.claim(*match.span())
            return token.upper()
    return None


def _near(span: tuple[int, int], cue: tuple[int, int]) -> bool:
    if span[0] >= cue[1]:
        return span[0] - cue[1] <= _NEAR_CHARS
    return cue[0] - span[1] <= _NEAR_CHARS and span[1] <= cue[0]
