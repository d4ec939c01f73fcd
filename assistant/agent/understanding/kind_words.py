"""Words that name the same kind of product as the one a shopper wrote (`lexicon/kinds.yaml`):
"jacket" is also a shell, an anorak or a parka to the catalog."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from text.stemming import stems

LEXICON = Path(__file__).with_name("lexicon") / "kinds.yaml"


@cache
def _lexicon() -> dict[tuple[str, ...], tuple[str, ...]]:
    raw = yaml.safe_load(LEXICON.read_text(encoding="utf-8")) or {}
    kinds = raw.get("kinds") or {}
    return {
        tuple(stems(str(kind))): tuple(str(word) for word in words or ())
        for kind, words in kinds.items()
    }


def same_kind_words(kind: str) -> list[str]:
    """The other words the lexicon gives for `kind`, matched by stem ("jackets" is "jacket")."""
    return list(_lexicon().get(tuple(stems(kind)), ()))
