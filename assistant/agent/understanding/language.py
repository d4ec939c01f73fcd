"""Which language a shopper writes in, so the reply can use the same one."""

from __future__ import annotations

import re
from typing import Literal

from assistant.agent.understanding.text import CJK_CHAR

Language = Literal["en", "zh"]

_LATIN_WORD = re.compile(r"[A-Za-z]+")
# A Chinese sentence carries about two ideographs per English word of the same content; a
# message is Chinese when its ideographs outweigh its Latin words at that rate. Product names
# and sizes in Latin letters ("这个 Ridgeline 2P 有货吗") then do not flip the language.
_LATIN_WORD_WEIGHT = 1.5


def detect_language(text: str) -> Language:
    """English or Simplified Chinese, by the share of CJK ideographs; English when unsure."""
    ideographs = len(CJK_CHAR.findall(text))
    if ideographs == 0:
        return "en"
    latin_words = len(_LATIN_WORD.findall(text))
    return "zh" if ideographs >= latin_words * _LATIN_WORD_WEIGHT else "en"
