"""Price limits in a message, as integer minor units of the store currency.

"under $120", "below 120 dollars", "less than 100", "between 50 and 80", "$50-$80", "over 200",
"around $100", "120元以下", "不超过100", "100到200之间", "100块以内", "两百元左右". Amounts are read
in the store's currency whatever symbol the shopper typed. A bare number needs a comparison
word and must not be followed by a unit ("under 2 kg" is a weight), and bare numbers under ten
are not prices ("more than 2").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from assistant.agent.understanding.scan import Scan
from assistant.agent.understanding.units import UNITS
from assistant.domain.money import exponent, to_minor
from text.numerals import CHINESE_NUMERAL, parse_chinese_number

_CURRENCY_BEFORE = r"(?P<{name}cur>us\$|ca\$|a\$|[$€£¥]|usd|eur|gbp|rmb|cny)"
_CURRENCY_AFTER = (
    r"(?P<{name}unit>dollars?|bucks|usd|euros?|eur|pounds(?!\s+(?:of|in weight))|gbp|quid|yuan"
    r"|rmb|cny|块钱|块|元|美元|美金|欧元|英镑|人民币)"
)
_TIME_WORDS = (
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "minutes",
    "times",
    "天",
    "周",
    "个月",
    "年",
    "小时",
    "分钟",
    "次",
    "个",
    "件",
    "双",
    "码",
    "号",
)
_NON_MONEY_UNITS = "|".join(
    re.escape(unit)
    for unit in sorted((*UNITS, *_TIME_WORDS), key=len, reverse=True)
    if unit not in {"pound", "pounds"}
)


def _amount(name: str) -> str:
    number = rf"(?P<{name}num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{CHINESE_NUMERAL})"
    before = _CURRENCY_BEFORE.format(name=name)
    after = _CURRENCY_AFTER.format(name=name)
    return (
        rf"(?:{before}\s*)?{number}(?P<{name}k>k)?(?:\s*{after})?"
        rf"(?![\d.]|\s*(?:%|percent|(?:{_NON_MONEY_UNITS})(?![a-z])))"
    )


_A = _amount("a")
_B = _amount("b")
_MAX_BEFORE = (
    r"(?:\b(?:under|below|less than|cheaper than|no more than|not more than|not over|at most|up to"
    r"|max(?:imum)?|within|budget(?: is| of)?|no higher than|lower than)|<=?"
    r"|不超过|不到|低于|少于|最多|不高于|便宜于|控制在|预算(?:是|在|为)?)"
)
_MIN_BEFORE = (
    r"(?:\b(?:over|above|more than|at least|min(?:imum)?|starting at|higher than|pricier than)|>=?"
    r"|超过|高于|至少|不低于|最少|大于)"
)
# "What about 41?" and "how about 43?" ask about another option, not a price near it.
_AROUND_BEFORE = (
    r"(?:\b(?:around|(?<!what )(?<!how )about|roughly|approximately|approx\.?|close to)|~|大约|大概"
    r"|差不多)"
)

# (pattern, kind); kinds: range, max, min, around. Longest forms first.
_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (rf"\bbetween\s+{_A}\s+(?:and|to|-)\s+{_B}", "range"),
        (
            rf"(?:\bfrom\s+)?{_A}\s*(?:-|–|~|to|到|至)\s*{_B}(?:\s*(?:之间|之内|以内|range))?",
            "range",
        ),
        (rf"{_MAX_BEFORE}\s*{_A}(?:\s*(?:以内|以下|之内))?", "max"),
        (rf"{_A}\s*(?:or less|or under|or below|max|and under|tops|以下|以内|之内|内)", "max"),
        (rf"{_MIN_BEFORE}\s*{_A}(?:\s*(?:以上))?", "min"),
        (rf"{_A}\s*(?:or more|and up|and above|plus|\+|以上|起)", "min"),
        (rf"{_AROUND_BEFORE}\s*{_A}", "around"),
        (rf"{_A}\s*(?:左右|上下)", "around"),
        (rf"(?<![\w.-]){_A}", "bare"),
    )
)
_AROUND_SPREAD = Decimal("0.2")


@dataclass(frozen=True)
class PriceRange:
    """Price limits in minor units; either end may be open."""

    min_minor: int | None = None
    max_minor: int | None = None


def extract_price_range(scan: Scan, currency: str) -> PriceRange:
    """The first price limit in the unclaimed text; claims it (and any bare money amounts)."""
    found = PriceRange()
    for pattern, kind in _FORMS:
        for match in scan.free_matches(pattern):
            first = _value(match, "a")
            second = _value(match, "b") if kind == "range" else None
            has_money = _is_money(match, "a") or (kind == "range" and _is_money(match, "b"))
            if first is None or (kind == "range" and second is None):
                continue
            if kind == "bare":
                if has_money:
                    scan.claim(*match.span())  # "$120" is a price, never a size or a quantity
                continue
            if not has_money and not _plausible_bare(first, second, kind, match.group()):
                continue
            if found == PriceRange():
                found = _bounds(kind, first, second, currency) or found
            scan.claim(*match.span())
    return found


def _value(match: re.Match[str], name: str) -> Decimal | None:
    text = match.group(f"{name}num")
    if text is None:
        return None
    if text.isascii():
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    else:
        number = parse_chinese_number(text)
        if number is None:
            return None
        value = Decimal(number)
    if match.group(f"{name}k"):
        value *= 1000
    return value


def _is_money(match: re.Match[str], name: str) -> bool:
    return bool(match.group(f"{name}cur") or match.group(f"{name}unit"))


def _plausible_bare(first: Decimal, second: Decimal | None, kind: str, text: str) -> bool:
    """A number with no currency counts as a price only with a comparison and from ten up."""
    if kind == "range":
        # "50-80" alone could be anything; "between 50 and 80" and "100到200之间" are prices.
        return (
            second is not None
            and min(first, second) >= 10
            and bool(re.search(r"between|之间|到|至", text))
        )
    return first >= 10


def _bounds(kind: str, first: Decimal, second: Decimal | None, currency: str) -> PriceRange | None:
    try:
        if kind == "range" and second is not None:
            low, high = sorted((first, second))
            return PriceRange(_minor(low, currency), _minor(high, currency))
        if kind == "max":
            return PriceRange(max_minor=_minor(first, currency))
        if kind == "min":
            return PriceRange(min_minor=_minor(first, currency))
        if kind == "around":
            spread = first * _AROUND_SPREAD
            return PriceRange(_minor(first - spread, currency), _minor(first + spread, currency))
    except ValueError:
        return None
    return None


def _minor(amount: Decimal, currency: str) -> int:
    # A 20% spread can land between minor units; round it to one.
    step = Decimal(1).scaleb(-exponent(currency))
    return to_minor(amount.quantize(step, rounding=ROUND_HALF_UP), currency)
