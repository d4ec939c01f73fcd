"""Numerals in digits, English words and Chinese characters, read as integers.

"two" 2, "twenty-five" 25, "a hundred" 100; 十二 12, 一百二十 120, 两百 200, 一千零五 1005,
and the colloquial 一百五 (150) and 三千五 (3500).
"""

from __future__ import annotations

import re

ENGLISH_NUMBERS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
CHINESE_DIGITS = "零〇一二两三四五六七八九"
_CHINESE_DIGIT_VALUES = {char: index for index, char in enumerate("零一二三四五六七八九")} | {
    "〇": 0,
    "两": 2,
}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CHINESE_NUMERAL = rf"[{CHINESE_DIGITS}十百千万]+"


def parse_chinese_number(text: str) -> int | None:
    """Chinese numerals: 十二 12, 一百二十 120, 两百 200, 一千零五 1005.

    Colloquial forms read as speakers mean them: 一百五 is 150, 三千五 is 3500.
    """
    if not text or any(
        char not in _CHINESE_DIGIT_VALUES and char not in _CHINESE_UNITS for char in text
    ):
        return None
    if all(char in _CHINESE_DIGIT_VALUES for char in text):
        return int("".join(str(_CHINESE_DIGIT_VALUES[char]) for char in text))
    total = section = 0
    digit: int | None = None
    last_unit = 1
    for char in text:
        if char in _CHINESE_DIGIT_VALUES:
            digit = _CHINESE_DIGIT_VALUES[char]
            if digit == 0:
                last_unit = 10  # 一千零五: after a zero the next digit is plain units
            continue
        unit = _CHINESE_UNITS[char]
        if unit == 10000:
            total += (section + (digit or 0)) * unit
            section, digit, last_unit = 0, None, unit
            continue
        section += (1 if digit is None else digit) * unit
        digit, last_unit = None, unit
    if digit is not None:
        # A trailing digit after 百 or 千 is a tenth of it: 一百五 = 150, 三千五 = 3500.
        section += digit * (last_unit // 10 if last_unit >= 100 else 1)
    return total + section


def parse_english_number(text: str) -> int | None:
    """ "two" 2, "twenty-five" 25, "a hundred" 100; None when not a number word."""
    parts = re.split(r"[\s-]+", text.strip().lower())
    total = 0
    for part in parts:
        if part in ("a", "an", "and") and len(parts) > 1:
            continue
        if part == "hundred":
            total = max(total, 1) * 100
        elif part in ENGLISH_NUMBERS:
            total += ENGLISH_NUMBERS[part]
        else:
            return None
    return total


def parse_number(text: str) -> int | None:
    """Digits, English number words or Chinese numerals."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    return parse_english_number(text) if text.isascii() else parse_chinese_number(text)
