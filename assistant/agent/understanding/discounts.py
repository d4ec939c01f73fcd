"""The share off a price a shopper names: "50% off", "30 percent", "打五折", "八五折", "半价".

In Chinese, N折 is the share paid in tenths: 打五折 pays half (50 percent off), 八折 pays 80
percent (20 off), 八五折 or 8.5折 pays 85 percent (15 off). The result is the percent off, from 1
to 100, or None when the message names none.
"""

from __future__ import annotations

import re

from text.numerals import parse_chinese_number

_PERCENT = re.compile(r"(?<![\d.])(?P<n>\d{1,3})\s*(?:%|percent\b|per cent\b)")
_TENTHS = re.compile(r"(?P<n>[一二三四五六七八九]{1,2}|\d(?:\.\d)?|\d\d)\s*折")
_HALF = re.compile(r"半价|对折")


def discount_percent(lower: str) -> int | None:
    """The first percent off named in the (lower-case) message, or None."""
    found = _PERCENT.search(lower)
    if found is not None:
        value = int(found.group("n"))
        return value if 0 < value <= 100 else None
    found = _TENTHS.search(lower)
    if found is not None:
        return _off_from_tenths(found.group("n"))
    if _HALF.search(lower):
        return 50
    return None


def _off_from_tenths(text: str) -> int | None:
    """Percent off for a price of `text` tenths: 五 -> 50, 八五 -> 15, 8.5 -> 15, 85 -> 15."""
    if text.isascii():
        paid = float(text) * 10 if len(text) == 1 or "." in text else float(text)
    else:
        digits = [parse_chinese_number(char) for char in text]
        if any(digit is None for digit in digits):
            return None
        paid = float("".join(str(digit) for digit in digits)) * (10 if len(digits) == 1 else 1)
    off = round(100 - paid)
    return off if 0 < off < 100 else None
