"""What one sync reads: a sitemap or start URLs, the hosts pages may come from, the limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from assistant.domain.store_settings import SiteSyncSettings, StoreSettings, check_site_url
from assistant.errors import InvalidInputError

MAX_URL_CHARS = 500


def normal_url(url: str) -> str:
    """The URL a page is known by: no fragment, lower-case scheme and host, a path of `/`
    at least."""
    parts = urlsplit(url.strip())
    netloc = (parts.hostname or "").lower()
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    """The URL's host name, lower case."""
    return (urlsplit(url).hostname or "").lower()


@dataclass(frozen=True)
class SyncPlan:
    """A resolved sync: exactly one of `sitemap_url` and `start_urls` leads."""

    sitemap_url: str | None
    start_urls: tuple[str, ...]
    hosts: frozenset[str]
    domains: frozenset[str] = field(default_factory=frozenset)
    max_pages: int = 200
    max_depth: int = 3

    def on_site(self, url: str) -> bool:
        """Whether the URL is http(s) on one of the store's hosts (or under its own domains)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        host = (parts.hostname or "").lower()
        if host in self.hosts:
            return True
        return any(host == domain or host.endswith("." + domain) for domain in self.domains)

    def as_options(self) -> dict[str, object]:
        """What a run records about what it was asked to read."""
        return {
            "sitemap_url": self.sitemap_url,
            "start_urls": list(self.start_urls),
            "hosts": sorted(self.hosts),
            "max_pages": self.max_pages,
            "max_depth": self.max_depth,
        }


def plan_for(
    store: StoreSettings,
    *,
    sitemap_url: str | None = None,
    start_urls: Sequence[str] = (),
    max_pages: int | None = None,
) -> SyncPlan:
    """The store's `site_sync` settings, with what the caller gave instead.

    A sitemap or a start URL given here replaces the stored ones (and, unless stored hosts
    are set, decides the hosts).

    Raises:
        InvalidInputError: nothing to read, or a URL that is not http(s).
    """
    saved = store.site_sync or SiteSyncSettings()
    try:
        given_sitemap = check_site_url(sitemap_url) if sitemap_url else None
        given_starts = [check_site_url(url) for url in start_urls]
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None
    if given_sitemap or given_starts:
        sitemap, starts = given_sitemap, given_starts
    else:
        sitemap, starts = saved.sitemap_url, list(saved.start_urls)
    if not sitemap and not starts:
        raise InvalidInputError(
            "nothing to sync: set the store's site_sync sitemap_url or start_urls, or give a "
            "sitemap or a start URL"
        )
    leading = [sitemap] if sitemap else starts
    hosts = frozenset(saved.hosts) or frozenset(host_of(url) for url in leading)
    plan = SyncPlan(
        sitemap_url=normal_url(sitemap) if sitemap else None,
        start_urls=tuple(normal_url(url) for url in starts) if not sitemap else (),
        hosts=hosts,
        domains=frozenset(domain.lower() for domain in store.own_domains),
        max_pages=max_pages or saved.max_pages,
        max_depth=saved.max_depth,
    )
    off_site = [url for url in leading if not plan.on_site(url)]
    if off_site:
        raise InvalidInputError(
            f"{off_site[0]} is not on the store's hosts ({', '.join(sorted(hosts))})",
            details={"url": off_site[0], "hosts": sorted(hosts)},
        )
    return plan
