"""Fixed sentences the loop itself says (not the model), in English and Simplified Chinese."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")

PHRASES: dict[str, dict[str, str]] = {
    "handoff_notice": {
        "en": (
            "I've asked a member of our team to join this chat; a person will reply here shortly."
        ),
        "zh": "我已请我们的工作人员加入对话，稍后会有专人在这里回复您。",
    },
}


def detect_language(text: str) -> str:
    """ "zh" when Chinese characters make up a fair share of the letters, else "en"."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "en"
    cjk = sum(1 for ch in letters if _CJK.match(ch))
    return "zh" if cjk / len(letters) >= 0.3 else "en"


def phrase(key: str, language: str) -> str:
    """A fixed sentence in the shopper's language (English when the language is unknown)."""
    table = PHRASES[key]
    return table.get(language, table["en"])
