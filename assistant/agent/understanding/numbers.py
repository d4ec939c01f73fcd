"""Numbers in English and Chinese words, and the quantities a shopper asks for.

The numerals themselves are read by `text/numerals.py` (re-exported here for older imports).

"two", "a pair", "3x", "x3", "3 of them", "a couple", "half a dozen", "两个", "三件", "一双",
"2双", "十个"; changes ("two more", "one less", "再来一个", "少一件") and absolute updates
("make it 3", "改成三件"). "Pair" is a counter like 双: "a pair of boots" is one item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.agent.understanding.scan import Scan
from assistant.agent.understanding.units import UNITS
from text.numerals import CHINESE_DIGITS as CHINESE_DIGITS
from text.numerals import CHINESE_NUMERAL as CHINESE_NUMERAL
from text.numerals import ENGLISH_NUMBERS as ENGLISH_NUMBERS
from text.numerals import parse_chinese_number as parse_chinese_number
from text.numerals import parse_english_number as parse_english_number
from text.numerals import parse_number as parse_number

_WORDS = "|".join(sorted(ENGLISH_NUMBERS, key=len, reverse=True))
ENGLISH_NUMERAL = rf"(?:{_WORDS})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
NUMERAL = rf"(?:\d{{1,3}}|{ENGLISH_NUMERAL}|{CHINESE_NUMERAL})"
_MAX_QUANTITY = 999


@dataclass(frozen=True)
class QuantityRequest:
    """What the shopper said about how many: a count, a change, or a new absolute count.

    `invalid` marks a count no cart can hold ("add -5", "add 0"): it is no quantity at all, and
    must not fall back to one.
    """

    quantity: int | None = None
    delta: int | None = None
    absolute: bool = False
    invalid: bool = False


_COUNTERS = "个件双条只把台瓶包盒套顶张副对份支罐袋本片杯箱桶盏根枚听组"
_NOT_COUNTED = (
    "more|less|fewer|extra|percent|dollars?|bucks|euros?|days?|weeks?|months?|years?|hours?|"
    "minutes?|person|people|season|layers?|stars?|times|of|x|pairs?|dozen|"
    + "|".join(re.escape(unit) for unit in UNITS if unit.isascii() and unit.isalpha())
)
_N = rf"(?P<n>{NUMERAL})"
_COUNT_WORDS = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_EN_ACTIONS = r"add|take|get|buy|order|want|need|have|grab|put|give me|i'?ll have|just|only"

_NOT_A_COUNT_AFTER = r"(?![\d.])(?!\s*(?:°|degrees?\b|[cf]\b|%|percent\b|more\b|less\b|fewer\b))"

# (pattern, kind, fixed count) in priority order; kind is "count", "more", "less", "set" or
# "invalid" (a negative or zero count).
_PATTERNS: tuple[tuple[re.Pattern[str], str, int | None], ...] = tuple(
    (re.compile(pattern), kind, fixed)
    for pattern, kind, fixed in (
        # "add -5 headlamps", "make it minus 2", "加-3个": a count below one after a cart verb
        # (a minus elsewhere is a temperature or a range: "rated to -5", "38-42").
        (
            rf"\b(?:{_EN_ACTIONS}|quantity(?: to)?|make it|set it to|change it to)\s+"
            rf"(?:[-−]|minus\s+|negative\s+)(?P<n>{NUMERAL}){_NOT_A_COUNT_AFTER}",
            "invalid",
            None,
        ),
        (
            rf"(?:加|要|买|来|改成|改为)\s*(?:[-−]|负)\s*(?P<n>\d{{1,3}}|{CHINESE_NUMERAL})",
            "invalid",
            None,
        ),
        (r"\b(?:add|put|buy|order|get|want|need)\s+(?P<n>0|zero)\s+[a-z]", "invalid", None),
        (rf"(?:加|要|买|来)\s*(?P<n>0|零)\s*[{_COUNTERS}]", "invalid", None),
        (r"\bhalf (?:a )?dozen\b", "count", 6),
        (rf"\b{_N} dozen\b", "dozen", None),
        (r"\b(?:a|one) dozen\b", "count", 12),
        (
            rf"\b(?:make it|make that|change it to|change that to|set it to|update it to|"
            rf"(?:change|set|update) (?:the )?quantity (?:to )?|only (?:want|"
            rf"need)|just (?:want|need)"
            rf"|i only want|i just want)\s*{_N}\b",
            "set",
            None,
        ),
        (
            rf"(?:改成|改为|换成|变成|数量改成|数量改为|数量为|只要|就要)\s*{_N}\s*[{_COUNTERS}]?",
            "set",
            None,
        ),
        (r"\b(?:one more|another one|an extra one|another)\b", "more", 1),
        (rf"\b{_N} (?:more|extra|additional)\b", "more", None),
        (rf"\b{_N} (?:less|fewer)\b", "less", None),
        (rf"(?:再来|再加|再要|再买|多加|多来|再|又)\s*{_N}\s*[{_COUNTERS}]", "more", None),
        (rf"(?:(?<!至)少|减|减少|去掉|拿掉|删掉|删除)\s*{_N}\s*[{_COUNTERS}]", "less", None),
        (
            rf"\b(?:remove|take off|take out|drop|minus)\s+{_N}\b(?! (?:more|pairs?|dozen))",
            "less",
            None,
        ),
        # "take one of the headlamps out of my cart": the count between the verb and "out".
        (
            rf"\b(?:take|pull|get)\s+{_N}\s+(?:of\s+(?:the|those|these|them|my)\s+)?"
            r"(?:[\w'-]+\s+){0,4}?(?:out|off)\b",
            "less",
            None,
        ),
        (r"\ba couple(?: of)?\b", "count", 2),
        (r"\b(?:a|one) pair(?: of)?\b", "count", 1),
        (rf"\b{_N} pairs?\b", "count", None),
        (r"(?<![a-z0-9.])(?P<n>\d{1,3})\s*x\b(?!\s*\d)", "count", None),
        (r"(?<![a-z0-9])x\s*(?P<n>\d{1,3})\b", "count", None),
        (
            rf"\b{_N} (?:of (?:them|those|these|it|each|the|your)|units?|pieces?|pcs|items?|packs?"
            r"|boxes|bottles|bags|sets|copies|ones)\b",
            "count",
            None,
        ),
        (rf"(?<!第){_N}\s*[{_COUNTERS}](?!人)", "count", None),
        (rf"\b(?:{_EN_ACTIONS})\s+{_N}\b(?!\s*%)(?!\s*(?:{_NOT_COUNTED})\b)", "count", None),
        # "3 Wide-Mouth Bottles": the word after the count is looked at, not claimed (it
        # may belong to a product's name).
        (
            rf"(?<![\w.$¥€£-])(?P<n>\d{{1,3}}|{_COUNT_WORDS})\s+"
            rf"(?=(?!(?:{_NOT_COUNTED})\b)[a-z]{{3,}})",
            "count",
            None,
        ),
        (rf"\b(?P<n>{_COUNT_WORDS})\b(?![\s-]+(?:{_NOT_COUNTED})\b)", "count", None),
    )
)


def extract_quantity(scan: Scan) -> QuantityRequest:
    """The first quantity phrase in the unclaimed text, by pattern priority; claims it."""
    for pattern, kind, fixed in _PATTERNS:
        for match in scan.free_matches(pattern):
            number = fixed
            if number is None:
                number = parse_number(match.group("n"))
                if number is not None and kind == "dozen":
                    number *= 12
            if kind == "invalid" and number is not None:
                scan.claim(*match.span())
                return QuantityRequest(invalid=True)
            if number is None or not 0 < number <= _MAX_QUANTITY:
                continue
            scan.claim(*match.span())
            if kind == "more":
                return QuantityRequest(delta=number)
            if kind == "less":
                return QuantityRequest(delta=-number)
            return QuantityRequest(quantity=number, absolute=kind == "set")
    return QuantityRequest()
