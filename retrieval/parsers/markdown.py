"""Markdown into a title and sections, split at the top heading level below the title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.parsers.base import Section, title_from_name

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^(```|~~~)")
# Titles and section headings are stored in 300-character columns and repeated in front of every
# passage they head; a "heading" longer than that is a paragraph that starts with `#`, as in a
# minified export on one line.
MAX_HEADING_CHARS = 300


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
    """ATX headings outside fenced code blocks, no longer than a heading can be."""
    headings = []
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
            continue
        match = None if in_fence else _heading_match(line, pattern)
        if match:
            headings.append(Heading(len(match.group(1)), clean_heading(match.group(2)), index))
    return headings


def _heading_match(line: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
    match = pattern.match(line)
    if match and len(match.group(2)) <= MAX_HEADING_CHARS:
        return match
    return None


def parse_markdown(
    file: str, text: str, pattern: re.Pattern[str] = _HEADING
) -> tuple[str, list[Section]]:
    """The document title (first H1, else the file name) and its sections.

    Sections start at the highest heading level used below the title (normally `##`); deeper
    headings stay inside their section's body as plain lines. A file that is nothing but its
    title is indexed as that one line.
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
    if not sections and title_index is not None:
        sections.append(Section(None, title))
    return title, sections


def body_text(lines: list[str], pattern: re.Pattern[str] = _HEADING) -> str:
    """Lines of a section, deeper headings turned into plain lines, blank runs collapsed.

    A line too long to be a heading keeps its text as it is, without the leading `#` marks.
    """
    out: list[str] = []
    for line in lines:
        match = pattern.match(line)
        if match is None:
            out.append(line.rstrip())
        elif len(match.group(2)) <= MAX_HEADING_CHARS:
            out.append(clean_heading(match.group(2)))
        else:
            out.append(match.group(2).rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
