"""The links of a page a crawl may follow: `<a href>` resolved against the page (or its
`<base href>`), without fragments, skipping `rel=nofollow` and files that are plainly not pages."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from retrieval.site_sync.plan import MAX_URL_CHARS, normal_url

NOT_PAGES = frozenset(
    ".jpg .jpeg .png .gif .webp .svg .ico .css .js .mjs .json .zip .gz .tar .mp4 .mp3 .webm "
    ".woff .woff2 .ttf .pdf .doc .docx .xls .xlsx .csv .xml".split()
)


def page_links(page_url: str, html: str) -> list[str]:
    """Distinct http(s) links of the page, in the order they appear."""
    soup = BeautifulSoup(html, "html.parser")
    base = page_url
    base_tag = soup.find("base", href=True)
    if isinstance(base_tag, Tag):
        base = urljoin(page_url, str(base_tag["href"]))
    found: dict[str, None] = {}
    for anchor in soup.find_all("a", href=True):
        if not isinstance(anchor, Tag):
            continue
        rel = anchor.get("rel")
        values = rel if isinstance(rel, list) else str(rel or "").split()
        if "nofollow" in [str(value).lower() for value in values]:
            continue
        href = str(anchor["href"]).strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or len(url) > MAX_URL_CHARS:
            continue
        if PurePosixPath(parts.path).suffix.lower() in NOT_PAGES:
            continue
        found.setdefault(normal_url(url), None)
    return list(found)
