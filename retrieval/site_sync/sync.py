"""One sync of a store's site: visit its pages, ingest the changed ones, remove the gone ones.

Pages are ingested in small batches through the ordinary pipeline (`retrieval.ingest`), keyed by
URL: a page whose content hash is unchanged is left alone, a changed one gets a new version that
replaces the old one in one transaction, and a page that fails to index keeps its old version.
A page is removed when the site says it is gone (404, 410), when robots.txt now forbids it or it
is no longer a web page, and, after a sync that saw the whole site (`Frontier.complete`), when
it is no longer listed or reached. A page that could not be fetched (a timeout, a 5xx, a
redirect off the store's hosts) is kept as it was.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select

from assistant.config import Settings
from assistant.domain import Document, SitePage
from assistant.errors import IngestFormatError, NotFoundError
from assistant.webhooks.urls import Resolver, system_resolver
from retrieval.knowledge import KnowledgeBase
from retrieval.site_sync.discovery import (
    Frontier,
    SitemapUnavailableError,
    crawl_frontier,
    sitemap_frontier,
)
from retrieval.site_sync.fetcher import Fetcher, FetchLimits, FetchResult
from retrieval.site_sync.pages import Page, page_of
from retrieval.site_sync.plan import MAX_URL_CHARS, SyncPlan
from retrieval.site_sync.robots import Robots
from retrieval.sources import content_hash

BATCH_PAGES = 10
MAX_LISTED = 200  # failures and skipped pages kept with a run


@dataclass
class SyncReport:
    """What a sync did so far; the counts are of pages."""

    seen: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    skipped_pages: list[dict[str, str]] = field(default_factory=list)
    removed_pages: list[dict[str, str]] = field(default_factory=list)
    current_url: str | None = None
    complete: bool = False
    dry_run: bool = False

    def fail(self, url: str, reason: str) -> None:
        """Count a page that could not be synced, and say why."""
        self.failed += 1
        if len(self.failures) < MAX_LISTED:
            self.failures.append({"url": url, "reason": reason})

    def skip(self, url: str, reason: str) -> None:
        """Count a page left out on purpose (robots.txt, not a web page, gone and never held)."""
        self.skipped += 1
        if len(self.skipped_pages) < MAX_LISTED:
            self.skipped_pages.append({"url": url, "reason": reason})

    def counts(self) -> dict[str, int]:
        """The counts by name."""
        return {
            "seen": self.seen,
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "failed": self.failed,
            "skipped": self.skipped,
        }

    def summary(self) -> str:
        """'12 pages seen: 3 added, 1 changed, 7 unchanged, 1 removed, 0 failed, 2 skipped.'."""
        c = self.counts()
        verb = "would be " if self.dry_run else ""
        return (
            f"{c['seen']} pages seen: {c['added']} {verb}added, {c['changed']} {verb}changed, "
            f"{c['unchanged']} unchanged, {c['removed']} {verb}removed, {c['failed']} failed, "
            f"{c['skipped']} skipped."
        )


SyncProgress = Callable[[SyncReport], None]


@dataclass(frozen=True)
class _Known:
    """A page the store already holds."""

    document_id: str | None
    etag: str | None
    last_modified: str | None
    links: list[str]
    ready: bool


class SiteSync:
    """Syncs store sites into one knowledge base."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        limits: FetchLimits,
        allowed_hosts: tuple[str, ...] = (),
        *,
        resolver: Resolver = system_resolver,
        sleep: Callable[[float], None] = time.sleep,
        batch_pages: int = BATCH_PAGES,
    ) -> None:
        self.knowledge = knowledge
        self.limits = limits
        self.allowed_hosts = allowed_hosts
        self.resolver = resolver
        self.sleep = sleep
        self.batch_pages = batch_pages

    @classmethod
    def from_settings(cls, knowledge: KnowledgeBase, settings: Settings) -> SiteSync:
        """A syncer with the service's limits and address allowances."""
        limits = FetchLimits(
            timeout_s=settings.site_sync_timeout_s,
            max_bytes=settings.site_sync_max_page_bytes,
            delay_s=settings.site_sync_delay_s,
        )
        return cls(knowledge, limits, tuple(settings.site_sync_allowed_hosts))

    def run(
        self,
        store_id: str,
        plan: SyncPlan,
        *,
        dry_run: bool = False,
        progress: SyncProgress | None = None,
        run_id: str | None = None,
    ) -> SyncReport:
        """Sync the plan's pages into the store; with `dry_run` only say what would change.

        Raises:
            SitemapUnavailableError: the sitemap could not be read (nothing changed).
            RobotsUnavailableError: a host's robots.txt could not be read (pages ingested
                before that stay; nothing is removed).
        """
        visit = _Visit(self, store_id, plan, dry_run, progress, run_id)
        with Fetcher(self.limits, self.allowed_hosts, self.resolver, self.sleep) as fetcher:
            visit.walk(fetcher)
        visit.remove_gone()
        return visit.report


class _Visit:
    """The state of one sync."""

    def __init__(
        self,
        owner: SiteSync,
        store_id: str,
        plan: SyncPlan,
        dry_run: bool,
        progress: SyncProgress | None,
        run_id: str | None,
    ) -> None:
        self.knowledge = owner.knowledge
        self.batch_pages = owner.batch_pages
        self.store_id = store_id
        self.plan = plan
        self.dry_run = dry_run
        self.progress = progress
        self.run_id = run_id
        self.report = SyncReport(dry_run=dry_run)
        self.known = _known_pages(self.knowledge, store_id)
        self.kept: set[str] = set()
        self.gone: dict[str, str] = {}
        self.visited: set[str] = set()
        self.batch: list[Page] = []
        self.read_any = False
        self.frontier: Frontier | None = None

    # --- walking the site ----------------------------------------------------------------

    def walk(self, fetcher: Fetcher) -> None:
        plan = self.plan
        robots = Robots(fetcher, lambda url: None if plan.on_site(url) else "off-site")

        def check(url: str) -> str | None:
            # Asked at every redirect hop: a redirect may lead nowhere the first URL could not.
            if not plan.on_site(url):
                return f"redirected to {url}, which is not on the store's hosts"
            if not robots.allowed(url):
                return f"redirected to {url}, which robots.txt disallows"
            return None

        if plan.sitemap_url:
            frontier = sitemap_frontier(plan, fetcher, check, robots.allowed)
            if not frontier.queue:
                raise SitemapUnavailableError(
                    f"the sitemap {plan.sitemap_url} lists no pages on the store's hosts "
                    f"({', '.join(sorted(plan.hosts))}); nothing was changed",
                    details={"url": plan.sitemap_url},
                )
        else:
            frontier = crawl_frontier(plan)
        self.frontier = frontier
        self.report.failures.extend(frontier.notes)
        while (item := frontier.pop()) is not None:
            url, depth = item
            self.report.seen += 1
            self.report.current_url = url
            self._visit(fetcher, robots, check, url, depth)
            if len(self.batch) >= self.batch_pages:
                self._flush()
            if self.progress is not None:
                self.progress(self.report)
        self._flush()
        self.report.current_url = None
        self.report.complete = frontier.complete and self.read_any

    def _visit(
        self,
        fetcher: Fetcher,
        robots: Robots,
        check: Callable[[str], str | None],
        url: str,
        depth: int,
    ) -> None:
        assert self.frontier is not None
        if not robots.allowed(url):
            self._left_out(url, "disallowed by robots.txt")
            return
        prior = self.known.get(url)
        conditional = prior if prior is not None and prior.ready else None
        result = fetcher.get(
            url,
            check,
            etag=conditional.etag if conditional else None,
            last_modified=conditional.last_modified if conditional else None,
        )
        final = result.url
        if final in self.visited:
            return  # a redirect to a page already read in this sync
        self.visited.add(final)
        if len(final) > MAX_URL_CHARS:
            self.report.skip(final, f"a URL longer than {MAX_URL_CHARS} characters")
            return
        if result.kind == "ok":
            self._read(result, depth)
        elif result.kind == "not_modified":
            self.read_any = True
            self.report.unchanged += 1
            self.kept.add(final)
            self.frontier.follow(depth, prior.links if prior else [])
        elif result.kind in ("gone", "skipped"):
            self._left_out(final, result.reason)
        else:  # failed, or a redirect off the store's hosts: keep what we have
            self.report.fail(url if result.kind == "refused" else final, result.reason)
            self.kept.add(final)
            self.kept.add(url)
            if prior is not None:
                self.frontier.follow(depth, prior.links)

    def _read(self, result: FetchResult, depth: int) -> None:
        assert self.frontier is not None
        self.read_any = True
        try:
            page = page_of(result)
        except IngestFormatError as exc:
            self.report.fail(result.url, exc.message)
            self.kept.add(result.url)
            return
        self.batch.append(page)
        self.frontier.follow(depth, page.links)

    def _left_out(self, url: str, reason: str) -> None:
        """A page the store should not hold: removed if it had it, else only noted."""
        if url in self.known:
            self.gone[url] = reason
        else:
            self.report.skip(url, reason)

    # --- writing -------------------------------------------------------------------------

    def _flush(self) -> None:
        batch, self.batch = self.batch, []
        if not batch:
            return
        if self.dry_run:
            self._compare(batch)
            return
        outcomes = self.knowledge.ingest(self.store_id, [page.file for page in batch])
        for page, outcome in zip(batch, outcomes, strict=True):
            self.kept.add(page.url)
            if outcome.status == "added":
                self.report.added += 1
            elif outcome.status == "replaced":
                self.report.changed += 1
            elif outcome.status == "unchanged":
                self.report.unchanged += 1
            else:
                # The old version (if any) stays active; its validators stay too, so the next
                # sync fetches the page in full again.
                self.report.fail(page.url, outcome.error or outcome.status)
                continue
            self._remember(page, outcome.document_id)

    def _compare(self, batch: list[Page]) -> None:
        database = self.knowledge.database
        with database.session() as session:
            for page in batch:
                self.kept.add(page.url)
                document = session.scalar(
                    select(Document).where(
                        Document.store_id == self.store_id, Document.source == page.url
                    )
                )
                if document is None:
                    self.report.added += 1
                elif document.content_hash == content_hash(page.file):
                    self.report.unchanged += 1
                else:
                    self.report.changed += 1

    def _remember(self, page: Page, document_id: str | None) -> None:
        with self.knowledge.database.transaction() as session:
            row = session.scalar(
                select(SitePage).where(SitePage.store_id == self.store_id, SitePage.url == page.url)
            )
            if row is None:
                row = SitePage(store_id=self.store_id, url=page.url)
                session.add(row)
            row.document_id = document_id
            row.etag = (page.etag or "")[:300] or None
            row.last_modified = (page.last_modified or "")[:100] or None
            row.links = page.links[:500]
            row.last_run_id = self.run_id

    def remove_gone(self) -> None:
        """Remove pages the site no longer has (all unreached ones only after a complete walk)."""
        removals = dict(self.gone)
        if self.report.complete:
            why = "no longer in the sitemap" if self.plan.sitemap_url else "no longer linked"
            for url in self.known:
                if url not in self.kept and url not in removals:
                    removals[url] = why
        for url, reason in removals.items():
            if not self.dry_run:
                self._remove(url)
            self.report.removed += 1
            if len(self.report.removed_pages) < MAX_LISTED:
                self.report.removed_pages.append({"url": url, "reason": reason})

    def _remove(self, url: str) -> None:
        known = self.known[url]
        if known.document_id is not None:
            with contextlib.suppress(NotFoundError):  # deleted by the merchant meanwhile
                self.knowledge.delete_document(self.store_id, known.document_id)
        with self.knowledge.database.transaction() as session:
            session.execute(
                delete(SitePage).where(SitePage.store_id == self.store_id, SitePage.url == url)
            )


def _known_pages(knowledge: KnowledgeBase, store_id: str) -> dict[str, _Known]:
    with knowledge.database.session() as session:
        rows = session.execute(
            select(SitePage, Document.status, Document.active_version)
            .outerjoin(Document, Document.id == SitePage.document_id)
            .where(SitePage.store_id == store_id)
        ).all()
    known: dict[str, _Known] = {}
    for page, status, active in rows:
        links: list[Any] = page.links or []
        known[page.url] = _Known(
            document_id=page.document_id if status is not None else None,
            etag=page.etag,
            last_modified=page.last_modified,
            links=[str(link) for link in links],
            ready=status == "ready" and active is not None,
        )
    return known
