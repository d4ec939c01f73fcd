"""Figures with their units, read from a shopper's message or a policy sentence.

Durations ("40 days", "3 weeks", "a month", "30-day", "1 hour", "45天", "三周", "两个月",
"3小时"), amounts of money ("$6.95", "EUR 39.00", "35 euros", "35欧元", "100元") and weights
("2 kg", "500 g", "3公斤"). Numbers may be digits, English number words or Chinese numerals.
Durations are kept in hours so that "1 hour" and "3 days" compare; a month counts as 30 days
and a year as 365. Money keeps its currency when the text names one (None for a bare "元" or
"块", which means the shop's own currency).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from text.numerals import CHINESE_NUMERAL, ENGLISH_NUMBERS, parse_number

Kind = Literal["duration", "money", "weight"]

_HOURS_PER_UNIT: dict[str, int] = {
    "hour": 1,
    "day": 24,
    "week": 24 * 7,
    "month": 24 * 30,
    "year": 24 * 365,
}
_EN_DURATION_UNITS: dict[str, str] = {
    "hour": "hour",
    "hours": "hour",
    "hr": "hour",
    "hrs": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "wk": "week",
    "wks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}
# The English words of durations, for readers that repair typing mistakes ("monthw").
DURATION_WORDS = frozenset(_EN_DURATION_UNITS)
_ZH_DURATION_UNITS: dict[str, str] = {
    "个小时": "hour",
    "小时": "hour",
    "天": "day",
    "日": "day",
    "个星期": "week",
    "星期": "week",
    "周": "week",
    "个月": "month",
    "月": "month",
    "年": "year",
}
_CURRENCY_SIGNS: dict[str, str] = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "￥": "CNY"}
_CURRENCY_WORDS: dict[str, str] = {
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "bucks": "USD",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "gbp": "GBP",
    "pounds": "GBP",
    "cad": "CAD",
}
_ZH_CURRENCY_WORDS: dict[str, str | None] = {
    "美元": "USD",
    "美金": "USD",
    "欧元": "EUR",
    "英镑": "GBP",
    "加元": "CAD",
    "元": None,
    "块钱": None,
    "块": None,
}
_WEIGHT_UNITS: dict[str, int] = {
    "g": 1,
    "grams": 1,
    "gram": 1,
    "kg": 1000,
    "kgs": 1000,
    "kilo": 1000,
    "kilos": 1000,
    "克": 1,
    "公斤": 1000,
    "千克": 1000,
}

_WORD_NUMBER = "|".join(sorted(ENGLISH_NUMBERS, key=len, reverse=True))
_EN_NUMBER = (
    rf"\d+(?:[.,]\d+)*|(?:{_WORD_NUMBER})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|an?|a couple of|couple of"
)
_ZH_NUMBER = rf"\d+(?:\.\d+)?|{CHINESE_NUMERAL}"


def _alternation(words: Mapping[str, object]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_EN_DURATION = re.compile(
    rf"(?<![\w.])(?P<n>{_EN_NUMBER})[\s-]*(?:business\s+|working\s+|calendar\s+)?"
    rf"(?P<u>{_alternation(_EN_DURATION_UNITS)})\b",
    re.IGNORECASE,
)
_ZH_DURATION = re.compile(rf"(?P<n>{_ZH_NUMBER})\s*(?P<u>{_alternation(_ZH_DURATION_UNITS)})")
_SIGN_MONEY = re.compile(
    rf"(?P<c>[{''.join(_CURRENCY_SIGNS)}])\s?(?P<n>\d+(?:,\d{{3}})*(?:\.\d+)?)"
)
_CODE_BEFORE_MONEY = re.compile(
    r"\b(?P<c>USD|EUR|GBP|CAD)\s?(?P<n>\d+(?:,\d{3})*(?:\.\d+)?)", re.IGNORECASE
)
_MONEY_WORD_AFTER = re.compile(
    rf"(?<![\w.])(?P<n>\d+(?:,\d{{3}})*(?:\.\d+)?)\s?(?P<c>{_alternation(_CURRENCY_WORDS)})\b",
    re.IGNORECASE,
)
_ZH_MONEY = re.compile(rf"(?P<n>{_ZH_NUMBER})\s*(?P<c>{_alternation(_ZH_CURRENCY_WORDS)})")
_WEIGHT = re.compile(
    rf"(?<![\w.])(?P<n>\d+(?:\.\d+)?|{CHINESE_NUMERAL})\s?(?P<u>{_alternation(_WEIGHT_UNITS)})"
    r"(?![A-Za-z])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """One figure with its unit, as written and in a comparable base."""

    kind: Kind
    value: Decimal  # hours for a duration, major units for money, grams for a weight
    unit: str  # "hour" | the currency code ("" when the text names none) | "g"
    text: str
    start: int
    end: int
    number: Decimal  # the number as written ("3" of "3 weeks")
    written_unit: str = ""  # "day", "week", ... for a duration


def read_quantities(text: str) -> list[Quantity]:
    """Every duration, amount of money and weight in `text`, in reading order."""
    found: list[Quantity] = []
    found.extend(_durations(text))
    found.extend(_money(text))
    found.extend(_weights(text))
    found.sort(key=lambda quantity: quantity.start)
    return _without_overlaps(found)


def of_kind(quantities: list[Quantity], kind: Kind) -> list[Quantity]:
    """The quantities of one kind."""
    return [quantity for quantity in quantities if quantity.kind == kind]


def _number(text: str) -> Decimal | None:
    cleaned = text.strip().lower()
    if cleaned in ("a", "an"):
        return Decimal(1)
    if cleaned in ("a couple of", "couple of"):
        return Decimal(2)
    if re.fullmatch(r"\d+(?:,\d{3})+(?:\.\d+)?", cleaned):
        return Decimal(cleaned.replace(",", ""))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", cleaned):
        return Decimal(cleaned.replace(",", "."))
    value = parse_number(cleaned)
    return None if value is None else Decimal(value)


def _durations(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for pattern, units in ((_EN_DURATION, _EN_DURATION_UNITS), (_ZH_DURATION, _ZH_DURATION_UNITS)):
        for match in pattern.finditer(text):
            number = _number(match.group("n"))
            unit = units.get(match.group("u").lower())
            if number is None or unit is None:
                continue
            found.append(
                Quantity(
                    kind="duration",
                    value=number * _HOURS_PER_UNIT[unit],
                    unit="hour",
                    text=match.group(),
                    start=match.start(),
                    end=match.end(),
                    number=number,
                    written_unit=unit,
                )
            )
    return found


def _money(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    patterns: list[tuple[re.Pattern[str], dict[str, str] | dict[str, str | None]]] = [
        (_SIGN_MONEY, _CURRENCY_SIGNS),
        (_CODE_BEFORE_MONEY, {code: code for code in ("USD", "EUR", "GBP", "CAD")}),
        (_MONEY_WORD_AFTER, _CURRENCY_WORDS),
        (_ZH_MONEY, _ZH_CURRENCY_WORDS),
    ]
    for pattern, currencies in patterns:
        for match in pattern.finditer(text):
            number = _number(match.group("n"))
            if number is None:
                continue
            sign = match.group("c")
            currency = currencies.get(
                sign, currencies.get(sign.upper(), currencies.get(sign.lower()))
            )
            found.append(
                Quantity(
                    kind="money",
                    value=number,
                    unit=currency or "",
                    text=match.group(),
                    start=match.start(),
                    end=match.end(),
                    number=number,
                )
            )
    return found


def _weights(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _WEIGHT.finditer(text):
        number = _number(match.group("n"))
        if number is None:
            continue
        found.append(
            Quantity(
                kind="weight",
                value=number * _WEIGHT_UNITS[match.group("u").lower()],
                unit="g",
                text=match.group(),
                start=match.start(),
                end=match.end(),
                number=number,
            )
        )
    return found


def _without_overlaps(found: list[Quantity]) -> list[Quantity]:
    kept: list[Quantity] = []
    for quantity in found:
        if kept and quantity.start < kept[-1].end:
            if quantity.end - quantity.start > kept[-1].end - kept[-1].start:
                kept[-1] = quantity
            continue
        kept.append(quantity)
    return kept
