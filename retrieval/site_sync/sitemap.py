"""Sitemaps (sitemaps.org): a `urlset` lists pages, a `sitemapindex` lists more sitemaps; either
may be gzipped. XML with a DOCTYPE or entities is refused, which keeps entity expansion out of
the parser."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
import zlib
from dataclasses import dataclass

from assistant.errors import IngestFormatError

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the protocol's limit, uncompressed
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class SitemapEntries:
    """The page URLs and the further sitemaps one sitemap file lists, in order."""

    pages: list[str]
    sitemaps: list[str]


def gunzipped(data: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """The bytes, decompressed when they are gzip; IngestFormatError past `limit` or if broken."""
    if not data.startswith(GZIP_MAGIC):
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise IngestFormatError(f"a broken gzip sitemap: {exc}") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise IngestFormatError(f"a sitemap larger than {limit} bytes uncompressed")
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def parse_sitemap(data: bytes) -> SitemapEntries:
    """The `<loc>` of each `<url>` and `<sitemap>` (namespaces ignored).

    Raises:
        IngestFormatError: not a sitemap (not XML, a DOCTYPE, another root element).
    """
    raw = gunzipped(data)
    head = raw[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in raw.lower():
        raise IngestFormatError("sitemaps with a DOCTYPE or entities are not accepted")
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as exc:
        raise IngestFormatError(f"not a valid sitemap: {exc}") from None
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise IngestFormatError(f"not a sitemap: the root element is <{kind}>")
    pages: list[str] = []
    sitemaps: list[str] = []
    for entry in root:
        name = _local(entry.tag)
        loc = next((child.text for child in entry if _local(child.tag) == "loc"), None)
        if not loc or not loc.strip():
            continue
        if name == "url":
            pages.append(loc.strip())
        elif name == "sitemap":
            sitemaps.append(loc.strip())
    return SitemapEntries(pages, sitemaps)
