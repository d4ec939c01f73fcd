"""The pages one sync visits, in order: from a sitemap (indexes followed) or by crawling from
start URLs (breadth first, to a depth), at most `max_pages`, only on the store's hosts.

`complete` says whether the list of pages is the whole site as far as the sync could tell:
only then may pages it did not reach be removed. A sitemap that could not be read leaves it
false; in a crawl, a page that could not be fetched is followed through the links it had when
it was last read.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from assistant.errors import IngestFormatError, SalesAssistantError
from retrieval.site_sync.fetcher import Fetcher, UrlCheck
from retrieval.site_sync.plan import SyncPlan, normal_url
from retrieval.site_sync.sitemap import MAX_SITEMAP_BYTES, parse_sitemap

MAX_SITEMAPS = 50


class SitemapUnavailableError(SalesAssistantError):
    """The sitemap a sync starts from could not be read: nothing is changed."""

    code = "sitemap_unavailable"


@dataclass
class Frontier:
    """Pages still to visit; `follow` adds a visited page's links when crawling."""

    plan: SyncPlan
    queue: deque[tuple[str, int]] = field(default_factory=deque)
    crawl: bool = False
    complete: bool = True
    notes: list[dict[str, str]] = field(default_factory=list)
    _queued: set[str] = field(default_factory=set)
    _given: int = 0

    def add(self, url: str, depth: int = 0) -> None:
        """Queue an on-site URL once."""
        url = normal_url(url)
        if url in self._queued or not self.plan.on_site(url):
            return
        self._queued.add(url)
        self.queue.append((url, depth))

    def pop(self) -> tuple[str, int] | None:
        """The next page and its depth; None when done or at `max_pages`."""
        if not self.queue or self._given >= self.plan.max_pages:
            return None
        self._given += 1
        return self.queue.popleft()

    @property
    def cut_short(self) -> bool:
        """Whether pages were left unvisited because of `max_pages`."""
        return bool(self.queue) and self._given >= self.plan.max_pages

    def follow(self, depth: int, links: Iterable[str]) -> None:
        """Queue a crawled page's links one level deeper (nothing in sitemap mode)."""
        if not self.crawl or depth >= self.plan.max_depth:
            return
        for link in links:
            self.add(link, depth + 1)


def crawl_frontier(plan: SyncPlan) -> Frontier:
    """A crawl from the plan's start URLs."""
    frontier = Frontier(plan, crawl=True)
    for url in plan.start_urls:
        frontier.add(url)
    return frontier


def sitemap_frontier(
    plan: SyncPlan, fetcher: Fetcher, check: UrlCheck, allowed: Callable[[str], bool]
) -> Frontier:
    """Every page the plan's sitemap lists (sitemap indexes followed, at most 50 files).

    Raises:
        SitemapUnavailableError: the first sitemap could not be read or parsed.
    """
    assert plan.sitemap_url is not None
    frontier = Frontier(plan)
    pending: deque[str] = deque([plan.sitemap_url])
    read: set[str] = set()
    while pending and len(read) < MAX_SITEMAPS:
        where = pending.popleft()
        if where in read:
            continue
        read.add(where)
        first = where == plan.sitemap_url
        pages, more, problem = _read_one(fetcher, where, check, allowed)
        if problem is not None:
            if first:
                raise SitemapUnavailableError(
                    f"the sitemap {where} could not be read: {problem}", details={"url": where}
                )
            frontier.complete = False
            frontier.notes.append({"url": where, "reason": f"sitemap not read: {problem}"})
            continue
        for url in pages:
            frontier.add(url)
        pending.extend(normal_url(url) for url in more if plan.on_site(url))
    if pending:
        frontier.complete = False
        frontier.notes.append(
            {"url": pending[0], "reason": f"more than {MAX_SITEMAPS} sitemaps; not read"}
        )
    return frontier


def _read_one(
    fetcher: Fetcher, where: str, check: UrlCheck, allowed: Callable[[str], bool]
) -> tuple[Sequence[str], Sequence[str], str | None]:
    if not allowed(where):
        return [], [], "disallowed by robots.txt"
    result = fetcher.get(where, check, types=None, max_bytes=MAX_SITEMAP_BYTES)
    if result.kind != "ok":
        return [], [], result.reason or result.kind
    try:
        entries = parse_sitemap(result.body)
    except IngestFormatError as exc:
        return [], [], exc.message
    return entries.pages, entries.sitemaps, None
