"""Plain text: one untitled section; chunking splits it at paragraph breaks."""

from __future__ import annotations

import re

from retrieval.parsers.base import Section, title_from_name


def parse_text(file: str, text: str) -> tuple[str, list[Section]]:
    """Title from the file name; the whole text as one section."""
    body = re.sub(r"\n{3,}", "\n\n", text.replace("\r\n", "\n")).strip()
    return title_from_name(file), [Section(None, body)] if body else []
