"""Fixed sentences the loop itself says (not the model), in English and Simplified Chinese."""

from __future__ import annotations

from text.language import detect_language

__all__ = ["PHRASES", "detect_language", "phrase"]

PHRASES: dict[str, dict[str, str]] = {
    "handoff_notice": {
        "en": (
            "I've asked a member of our team to join this chat; a person will reply here shortly."
        ),
        "zh": "我已请我们的工作人员加入对话，稍后会有专人在这里回复您。",
    },
}


def phrase(key: str, language: str) -> str:
    """A fixed sentence in the shopper's language (English when the language is unknown)."""
    table = PHRASES[key]
    return table.get(language, table["en"])
