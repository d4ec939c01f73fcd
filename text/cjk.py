"""CJK character classes, as fragments for regular expressions and as simple tests."""

from __future__ import annotations

import re

# CJK ideographs: extension A, the unified block and the compatibility block.
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Ideographs plus CJK punctuation and the full-width forms, for spacing rules around them.
CJK_TEXT_CLASS = f"\u3000-\u303f{HAN_CLASS}\uff00-\uffef"
# Scripts written without spaces between words: kana, ideographs and Hangul syllables.
UNSPACED_CLASS = f"\u3040-\u30ff{HAN_CLASS}\uac00-\ud7af"

HAN = re.compile(f"[{HAN_CLASS}]")
HAN_RUN = re.compile(f"[{HAN_CLASS}]+")


def has_cjk(text: str) -> bool:
    """Whether the text has any CJK ideograph."""
    return HAN.search(text) is not None


def is_han_run(text: str) -> bool:
    """Whether the text is one non-empty run of ideographs."""
    return HAN_RUN.fullmatch(text) is not None


def han_count(text: str) -> int:
    """How many ideographs the text has."""
    return len(HAN.findall(text))
