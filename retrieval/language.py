"""Which language a shopper wrote in: English or Simplified Chinese, the two the index serves."""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["en", "zh"]

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect_language(text: str) -> Language:
    """'zh' when Han characters carry the text, otherwise 'en'.

    One Han character weighs as much as one Latin word, so a Chinese question that names an
    English product ("Ridgeline 帐篷防水吗") is Chinese, and an English question quoting one
    Chinese word is English.
    """
    han = len(HAN.findall(text))
    words = len(LATIN_WORD.findall(text))
    return "zh" if han > 0 and han >= words else "en"
