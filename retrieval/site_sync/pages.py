"""A fetched page as a document to ingest: keyed by its URL, read as HTML, typed by content."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from assistant.errors import IngestFormatError
from retrieval.content_typing import guess_type
from retrieval.ingest import SourceFile
from retrieval.site_sync.fetcher import FetchResult
from retrieval.site_sync.links import page_links


@dataclass(frozen=True)
class Page:
    """A page ready to ingest, with what the next sync needs to know about it."""

    url: str
    file: SourceFile
    links: list[str]
    etag: str | None
    last_modified: str | None


def page_filename(url: str) -> str:
    """A file name for the page: its last path segment as `.html` ('/policies/returns' ->
    'returns.html'), which the content typing reads as a weak hint."""
    segment = PurePosixPath(unquote(urlsplit(url).path)).name
    stem = re.sub(r"[^\w-]+", "-", segment.rsplit(".", 1)[0]).strip("-")[:80]
    return f"{stem or 'index'}.html"


def utf8_body(result: FetchResult) -> bytes:
    """The body as UTF-8 (the parsers read UTF-8), decoded with the charset the site declared."""
    charset = result.charset or "utf-8"
    if charset.replace("_", "-") in ("utf-8", "utf8"):
        return result.body
    try:
        return result.body.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        raise IngestFormatError(f"{result.url}: not readable as {charset}") from None


def page_of(result: FetchResult) -> Page:
    """The page to ingest from a successful fetch.

    Raises:
        IngestFormatError: the page is not text the parsers can read.
    """
    data = utf8_body(result)
    name = page_filename(result.url)
    guess = guess_type(name, data)
    file = SourceFile(result.url, data, guess.doc_type, filename=name, doc_type_reason=guess.reason)
    links = page_links(result.url, data.decode("utf-8", "replace"))
    return Page(result.url, file, links, result.etag, result.last_modified)
