"""Normal forms of text: NFKC, plain punctuation, single spaces, simplified Chinese, folding."""

from __future__ import annotations

import re
import unicodedata

import zhconv

from text.cjk import CJK_TEXT_CLASS, has_cjk

# Full-width and typographic punctuation NFKC leaves alone.
_PUNCTUATION = str.maketrans(
    {
        "。": ".",
        "、": ",",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "《": " ",
        "》": " ",
        "–": "-",
        "—": "-",
    }
)
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{CJK_TEXT_CLASS}])\s+|\s+(?=[{CJK_TEXT_CLASS}])")


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters become ASCII), plain punctuation, single spaces, and
    Chinese in simplified characters ("這個帳篷" reads as "这个帐篷": one set of words to know).

    Case is kept, so a text and its `lower_aligned` twin stay aligned character for character.
    """
    text = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION)
    if has_cjk(text):
        text = zhconv.convert(text, "zh-hans")
    return " ".join(text.split())


def lower_aligned(text: str) -> str:
    """Lower case without changing the length (a few characters lower to two code points)."""
    return "".join(lowered if len(lowered := char.lower()) == 1 else char for char in text)


def fold(text: str) -> str:
    """The comparable form of a text: normalised, case folded, no spaces beside CJK text.

    "30 天" and "30天" fold alike; so do "ＷＡＴＥＲＰＲＯＯＦ" and "waterproof".
    """
    return _SPACE_NEAR_CJK.sub("", normalise(text).casefold())
