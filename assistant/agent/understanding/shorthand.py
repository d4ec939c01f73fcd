"""Shorthand read as the words it stands for: "r u open sunday" is read as "are you open sunday".

Each language pack may list its shorthand in `packs/<language>/shorthand.yaml` (`words:`, one
short form and its expansion a line). Only whole words written in lower case are expanded, so
sizes ("L", "XL") and codes ("TRAIL20") stay as written; the cues, the slots and the router then
read one spelling of each word instead of every way of typing it.
"""

from __future__ import annotations

import re
from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.agent.understanding.router import PACKS_DIR


class ShorthandPack(BaseModel):
    """One language's shorthand: short form -> the words it stands for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(min_length=2, max_length=8)
    words: dict[str, str]

    @field_validator("words")
    @classmethod
    def _plain_words(cls, words: dict[str, str]) -> dict[str, str]:
        for short, long in words.items():
            if not re.fullmatch(r"[a-z0-9]+", str(short)) or not str(long).strip():
                raise ValueError(f"{short!r}: a shorthand is one lower-case word with a meaning")
        return {str(short): str(long).strip() for short, long in words.items()}


@cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for path in sorted(PACKS_DIR.glob("*/shorthand.yaml")):
        pack = ShorthandPack.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        table.update(pack.words)
    return table


@cache
def _pattern() -> re.Pattern[str] | None:
    table = _table()
    if not table:
        return None
    words = "|".join(re.escape(word) for word in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{words})(?![\w'’-])")


def expand_shorthand(text: str) -> str:
    """The text with every lower-case shorthand word written out; the rest exactly as written."""
    pattern = _pattern()
    if pattern is None:
        return text
    table = _table()
    return pattern.sub(lambda match: table[match.group()], text)
