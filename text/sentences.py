"""Splitting text into sentences: the one splitter every quote, snippet and guard uses.

`split_passage` first joins a paragraph hard-wrapped over several lines. A sentence ends at
`.`, `!`, `?` (followed by a space and not part of an abbreviation, a decimal
or an initial) or at `。！？` (no space needed). A line break always ends one, so a heading, a
list item or a table row stands alone; Markdown markers at the start of a line (`#`, `-`, `*`,
`1.`) are kept with their line and can be removed by `plain`.

Abbreviations that do not end a sentence: "e.g.", "i.e.", "etc." (unless the line ends there),
"approx.", "vs.", "incl.", "no." before a number, titles ("Mr.", "Dr."), single capitals ("J. R.")
and dotted acronyms ("U.S.").
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset("e.g i.e approx vs incl excl esp ca cf fig dept mr mrs ms dr st".split())
# Abbreviations that end a sentence when a capital follows ("hats, etc. We ship ...", "open
# until Sat. Orders ...") and not otherwise ("etc. are included", "Jan. 5").
_MAY_END = frozenset(
    "etc inc ltd co corp jr sr jan feb mar apr jun jul aug sep sept oct nov dec "
    "mon tue tues wed thu thur thurs fri sat sun".split()
)
_NUMBERED = frozenset({"no", "nos", "p", "pp", "vol", "art", "sec", "ch"})
_WESTERN_END = re.compile(r"[.!?]+[\"')\]”’]*(?=\s)")
_CJK_END = re.compile(r"[。！？]+[」』”’）)]*")
_WORD_BEFORE = re.compile(r"([A-Za-z](?:\.[A-Za-z])*\.?|[A-Za-z]+)$")
_TABLE_RULE = re.compile(r"^\|[\s|:-]*\|$")
_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|[-*+•]\s|\d{1,3}[.)]\s|>|\|)")
_LINE_END = re.compile(r"[.!?。！？:：;；\"')\]”’|]$")
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|[-*+•]\s+|\d{1,3}[.)]\s+|>\s*)|\*\*|__|`")


def split_sentences(text: str) -> list[str]:
    """The sentences of `text` in reading order, stripped, with empty pieces dropped."""
    sentences: list[str] = []
    for line in text.splitlines():
        sentences.extend(_split_line(line))
    return sentences


def passage_lines(text: str, heading: str | None = None) -> list[str]:
    """A passage's logical lines: a paragraph hard-wrapped over several lines is one line again.

    A line joins the one before unless it is blank, a heading, a list item or a quote, or the
    line before ended a sentence, a heading or a list introduction (".", "?", ":" and the like).
    The rows of a Markdown table make one line, so that a table is quoted whole.
    A first line that is the passage's `heading` (its section title) is left out.
    """
    lines = text.strip().splitlines()
    if lines and heading and plain(lines[0]).lower() == heading.strip().lower():
        lines = lines[1:]
    joined: list[str] = []
    open_line = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            open_line = False
            continue
        if _TABLE_RULE.match(stripped):
            continue  # "| --- | --- |" only draws the table
        starts_block = bool(_BLOCK_START.match(line))
        in_table = stripped.startswith("|") and bool(joined) and joined[-1].lstrip().startswith("|")
        if in_table or (open_line and not starts_block):
            joined[-1] = f"{joined[-1]} {stripped}"
        else:
            joined.append(line.rstrip())
        open_line = not stripped.startswith("#") and not _LINE_END.search(stripped)
    return joined


def split_passage(text: str) -> list[str]:
    """The sentences of a passage, its hard-wrapped paragraphs joined first."""
    sentences: list[str] = []
    for line in passage_lines(text):
        sentences.extend(_split_line(line))
    return sentences


def plain(sentence: str) -> str:
    """A sentence without Markdown: heading and list markers, emphasis and code ticks."""
    return _MARKUP.sub("", sentence).strip()


def is_heading(line: str) -> bool:
    """A Markdown heading, or a short line ending in a colon or with no closing mark at all."""
    stripped = line.strip()
    if stripped.startswith("#"):
        return True
    if not stripped or len(stripped) > 80:
        return False
    return stripped.endswith(":") or not re.search(r"[.!?。！？:;,)\]\"”’]$", stripped)


def _split_line(line: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for end in _ends(line):
        piece = line[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    rest = line[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def _ends(line: str) -> list[int]:
    """Offsets just after each sentence end in one line."""
    ends = [match.end() for match in _CJK_END.finditer(line)]
    for match in _WESTERN_END.finditer(line):
        if match.group().startswith(".") and not _ends_here(line, match.start(), match.end()):
            continue
        ends.append(match.end())
    return sorted(set(ends))


def _ends_here(line: str, dot: int, after: int) -> bool:
    """Whether the full stop at `dot` ends a sentence (not an abbreviation or an initial)."""
    found = _WORD_BEFORE.search(line[:dot])
    if found is None:
        return True  # "3." at the start, a closing bracket: a plain full stop
    word = found.group(1).rstrip(".").lower()
    following = line[after:].lstrip()
    if not following:
        return True
    if word in _NUMBERED and following[:1].isdigit():
        return False
    if word in _MAY_END:
        return following[:1].isupper()
    if word in _ABBREVIATIONS:
        return False
    # Neither a dotted acronym ("U.S.") nor an initial ("J. R. Smith").
    return "." not in word and not (len(word) == 1 and found.group(1).isupper())
