"""HTML reduced to its visible text, with headings kept as section boundaries.

Scripts, styles and other non-content elements are removed before any text is read, so neither
code nor CSS ever reaches a passage.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment

from retrieval.parsers.base import Section, title_from_name
from retrieval.parsers.markdown import parse_markdown

# Headings found in the HTML are written with this marker, so page text that happens to start
# with '#' is never mistaken for one.
_MARK = "\ue000"
_MARKED_HEADING = re.compile(r"^\ue000(#{1,6}) (.+)$")

_DROPPED = [
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "head",
    "nav",
    "form",
    "button",
]
_BLOCKS = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "ul",
    "ol",
    "table",
    "tr",
    "pre",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "br",
    "hr",
]


def html_to_markdown(text: str) -> tuple[str | None, str]:
    """The page's <title> (if any) and its visible text, headings as marked `#` lines."""
    soup = BeautifulSoup(text, "html.parser")
    title_tag = soup.find("title")
    page_title = title_tag.get_text(" ", strip=True) if title_tag else None
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    for level in range(1, 7):
        for heading in soup.find_all(f"h{level}"):
            text = heading.get_text(" ", strip=True)
            heading.replace_with(f"\n\n{_MARK}{'#' * level} {text}\n\n" if text else "\n")
    for item in soup.find_all("li"):
        item.insert_before("\n- ")
        item.insert_after("\n")
    for cell in soup.find_all(["td", "th"]):
        cell.insert_after(" | ")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    raw = soup.get_text()
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.splitlines()]
    body = "\n".join(lines)
    body = re.sub(r"\n{2,}- ", "\n- ", re.sub(r"\n{3,}", "\n\n", body))
    return page_title or None, body.strip()


def parse_html(file: str, text: str) -> tuple[str, list[Section]]:
    """Title (the first <h1>, else <title>, else the file name) and sections."""
    page_title, markdown = html_to_markdown(text)
    title, sections = parse_markdown(file, markdown, _MARKED_HEADING)
    if title == title_from_name(file) and page_title:
        title = page_title
    return title, sections


def html_to_text(text: str) -> str:
    """The visible text of an HTML fragment (a product description), headings as plain lines."""
    _title, body = html_to_markdown(text)
    return body.replace(_MARK, "")
