"""Which of a product's options a question asks about ("what colours does it come in?").

Option names come from the product's own variants; a question names one by the option's
name (singular or plural, "color" for "colour") or by its Chinese name.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.agent.offline.phrasebook import OPTION_NAMES_ZH
from assistant.agent.offline.products import option_values
from assistant.agent.understanding.option_match import COLOUR_OPTION_NAMES, SIZE_OPTION_NAMES

_WORD = re.compile(r"[a-z]+")


def _spellings(name: str) -> set[str]:
    lower = name.lower()
    words = {lower, f"{lower}s", f"{lower}es"}
    if lower in COLOUR_OPTION_NAMES:
        words |= COLOUR_OPTION_NAMES
    if lower in SIZE_OPTION_NAMES:
        words |= SIZE_OPTION_NAMES
    chinese = OPTION_NAMES_ZH.get(lower)
    if chinese:
        words.add(chinese)
    return words


def asked_options(product: dict[str, Any], text: str) -> list[str]:
    """The product's options with more than one value that the question names."""
    variants: list[dict[str, Any]] = list(product.get("variants", []))
    lower = text.lower()
    said = set(_WORD.findall(lower))
    names: list[str] = []
    for variant in variants:
        for name in variant.get("options", {}):
            if name in names or len(option_values(variants, name)) < 2:
                continue
            spellings = _spellings(name)
            if said & spellings or any(s in lower for s in spellings if not s.isascii()):
                names.append(name)
    return names
