"""Markdown into a title and sections, split at the top heading level below the title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.parsers.base import Section, title_from_name

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^(```|~~~)")


@dataclass(frozen=True)
class Heading:
    """A heading line: its level (1-6), text and line index."""

    level: int
    text: str
    index: int


def clean_heading(text: str) -> str:
    """Heading text without emphasis markers."""
    return re.sub(r"[*_`]+", "", text).strip()


def find_headings(lines: list[str], pattern: re.Pattern[str] = _HEADING) -> list[Heading]:
    """ATX headings outside fenced code blocks."""
    headings = []
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
            continue
        match = None if in_fence else pattern.match(line)
        if match:
            headings.append(Heading(len(match.group(1)), clean_heading(match.group(2)), index))
    return headings


def parse_markdown(
    file: str, text: str, pattern: re.Pattern[str] = _HEADING
) -> tuple[str, list[Section]]:
    """The document title (first H1, else the file name) and its sections.

    Sections start at the highest heading level used below the title (normally `##`); deeper
    headings stay inside their section's body as plain lines.
    """
    lines = text.splitlines()
    headings = find_headings(lines, pattern)
    title = title_from_name(file)
    title_index = None
    if headings and headings[0].level == 1:
        title = headings[0].text
        title_index = headings[0].index
        headings = headings[1:]
    split_level = min((heading.level for heading in headings), default=None)
    starts = [heading for heading in headings if heading.level == split_level]

    sections: list[Section] = []
    boundaries = [heading.index for heading in starts] + [len(lines)]
    intro_lines = [
        line for index, line in enumerate(lines[: boundaries[0]]) if index != title_index
    ]
    intro = body_text(intro_lines, pattern)
    if intro:
        sections.append(Section(None, intro))
    for heading, end in zip(starts, boundaries[1:], strict=True):
        body = body_text(lines[heading.index + 1 : end], pattern)
        if body:
            sections.append(Section(heading.text, body))
    return title, sections


def body_text(lines: list[str], pattern: re.Pattern[str] = _HEADING) -> str:
    """Lines of a section, deeper headings turned into plain lines, blank runs collapsed."""
    out: list[str] = []
    for line in lines:
        match = pattern.match(line)
        out.append(clean_heading(match.group(2)) if match else line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
