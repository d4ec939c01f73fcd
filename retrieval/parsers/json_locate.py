"""Find where a value sits in JSON text, so a validation error can name its line and column.

`json` reports positions only for syntax errors; a value that parses but fails validation
(a negative price in the 40th product) is located here by walking the text along the path.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.decoder import scanstring  # type: ignore[attr-defined]

_decoder = json.JSONDecoder()
_WHITESPACE = " \t\n\r"


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


def _value_end(text: str, index: int) -> int:
    _value, end = _decoder.raw_decode(text, index)
    return int(end)


def offset_of(text: str, path: Sequence[str | int]) -> int:
    """Character offset of the value at `path` (or of the deepest part of it that exists)."""
    index = _skip(text, 0)
    for step in path:
        if index >= len(text):
            break
        opener = text[index]
        if opener == "{" and isinstance(step, str):
            found = _find_member(text, index, step)
        elif opener == "[" and isinstance(step, int):
            found = _find_element(text, index, step)
        else:
            break
        if found is None:
            break
        index = found
    return index


def _find_member(text: str, index: int, key: str) -> int | None:
    index = _skip(text, index + 1)
    while index < len(text) and text[index] == '"':
        name, index = scanstring(text, index + 1)
        index = _skip(text, index)
        index = _skip(text, index + 1)  # past ':'
        if name == key:
            return index
        index = _skip(text, _value_end(text, index))
        if index < len(text) and text[index] == ",":
            index = _skip(text, index + 1)
        else:
            return None
    return None


def _find_element(text: str, index: int, position: int) -> int | None:
    index = _skip(text, index + 1)
    current = 0
    while index < len(text) and text[index] != "]":
        if current == position:
            return index
        index = _skip(text, _value_end(text, index))
        current += 1
        if index < len(text) and text[index] == ",":
            index = _skip(text, index + 1)
        else:
            return None
    return None


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def locate(text: str, path: Sequence[str | int]) -> tuple[int, int]:
    """1-based (line, column) of the value at `path` in the JSON `text`."""
    return line_and_column(text, offset_of(text, path))
