"""Which language a text is written in: English or Simplified Chinese, the two the shop serves.

The rule, the same for replies, retrieval and everything else:

- No ideograph at all: English.
- Ideographs, and the Latin words around them are names, sizes or codes (no English function
  word such as "the", "is", "do", "what"): Chinese. A shopper who writes "Ridgeline 2P 帐篷" or
  "我要 size 42" writes Chinese around an English product name.
- Ideographs, and the Latin words read as an English sentence (they hold a function word):
  English when those words outnumber the ideographs ("What does 帐篷 mean?", "I want the
  帐篷"), Chinese otherwise ("我想买 the Ridgeline 帐篷").
"""

from __future__ import annotations

import re
from typing import Literal

from text.cjk import han_count
from text.stopwords import ENGLISH_STOPWORDS

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")

# Whole Latin words: the "P" of "2P" is part of a size, not a word.
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]+(?:'[A-Za-z]+)?(?![A-Za-z0-9])")


def detect_language(text: str) -> Language:
    """'zh' or 'en' for a text, by the rule in this module's docstring."""
    ideographs = han_count(text)
    if ideographs == 0:
        return "en"
    latin = [word.lower() for word in _LATIN_WORD.findall(text)]
    if not any(word in ENGLISH_STOPWORDS for word in latin):
        return "zh"
    return "en" if len(latin) > ideographs else "zh"


def is_language_neutral(text: str) -> bool:
    """Whether a message says nothing about its language: no ideograph and no English function
    word, only a few names, sizes or codes ("Slate", "M/L", "42"). Such a reply to a question
    keeps the conversation's language."""
    if han_count(text):
        return False
    words = [word.lower() for word in _LATIN_WORD.findall(text)]
    return len(words) <= 3 and not any(word in ENGLISH_STOPWORDS for word in words)
