"""Scrubbing secrets out of text before it reaches a log: card numbers, bearer tokens, API keys
and signed tokens.

A card-like number is 13 to 19 digits (spaces or dashes between them allowed) that passes the
Luhn check; it keeps its last four digits so a support person can still match a complaint.
"""

from __future__ import annotations

import re

_CARD_CANDIDATE = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+")
_API_KEY = re.compile(r"\b(sak_[0-9a-f]+)_[A-Za-z0-9_-]+")
_SIGNED_TOKEN = re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


def luhn_valid(digits: str) -> bool:
    """True when a string of digits passes the Luhn checksum that payment card numbers carry."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _mask_card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if 13 <= len(digits) <= 19 and luhn_valid(digits):
        return f"[card ****{digits[-4:]}]"
    return match.group(0)


def redact(text: str) -> str:
    """The text with card numbers, bearer credentials, API keys and signed tokens masked."""
    if not text:
        return text
    text = _BEARER.sub(r"\1 [redacted]", text)
    text = _API_KEY.sub(r"\1_[redacted]", text)
    text = _SIGNED_TOKEN.sub("[token redacted]", text)
    return _CARD_CANDIDATE.sub(_mask_card, text)
