"""A little shop site on loopback, served from a thread, and a second host "elsewhere" that a
sync must never reach; plus a syncer over the test's knowledge base.

The shop is http://127.0.0.1:<port>; the other host is http://127.0.0.2:<port> (loopback too,
but another host name). Both are listed in the address allowance, so only the store's host
check keeps a sync off the other one.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from retrieval.knowledge import KnowledgeBase
from retrieval.site_sync.fetcher import FetchLimits
from retrieval.site_sync.plan import SyncPlan
from retrieval.site_sync.sync import SiteSync

MAX_PAGE_BYTES = 64 * 1024


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Site:
    """Routes by path, and every request received (path, headers)."""

    host: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def html(self, path: str, title: str, body: str, etag: str | None = None) -> None:
        page = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
        headers = {"Content-Type": "text/html; charset=utf-8"}
        if etag:
            headers["ETag"] = etag
        self.routes[path] = Route(200, page.encode(), headers)

    def paths(self) -> list[str]:
        return [path for path, _headers in self.requests]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = {key: value for key, value in self.headers.items()}
            site.requests.append((self.path, headers))
            route = site.routes.get(self.path, Route(404, b"not found"))
            etag = route.headers.get("ETag")
            if etag and headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, *_args: Any) -> None:
            pass

    return Handler


def _serve(site: Site) -> Iterator[Site]:
    server = ThreadingHTTPServer((site.host, 0), _handler(site))
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def elsewhere() -> Iterator[Site]:
    """Another host on this machine; a sync of the shop must never ask it anything."""
    site = Site("127.0.0.2")
    yield from _serve(site)


@pytest.fixture
def shop(elsewhere: Site) -> Iterator[Site]:
    """The shop's site: a sitemap index, robots.txt, pages, and the awkward cases."""
    site = Site("127.0.0.1")
    yield from _serve(site)


def urlset(*urls: str) -> bytes:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    ).encode()


def sitemap_index(*urls: str) -> bytes:
    entries = "".join(f"<sitemap><loc>{url}</loc></sitemap>" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}'
        "</sitemapindex>"
    ).encode()


SHOP_PAGES = (
    "/",
    "/returns",
    "/shipping",
    "/old-page",
    "/private/staff",
    "/moved",
    "/catalog.pdf",
    "/huge",
)


def build_shop(shop: Site, elsewhere: Site) -> None:
    """The shop as it is at the first sync."""
    shop.routes["/robots.txt"] = Route(
        200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}
    )
    shop.routes["/sitemap.xml"] = Route(
        200, sitemap_index(shop.url("/sitemap-pages.xml.gz")), {"Content-Type": "application/xml"}
    )
    list_pages(shop, elsewhere, SHOP_PAGES)
    shop.html(
        "/",
        "Trail Shop",
        "<h1>Welcome to Trail Shop</h1><p>Hiking gear for every season.</p>"
        '<a href="/returns">Returns</a> <a href="/shipping">Shipping</a> '
        '<a href="/private/staff">Staff</a> '
        f'<a href="{elsewhere.url("/offsite")}">A friend\'s blog</a>',
    )
    shop.html(
        "/returns",
        "Returns policy",
        "<h1>Returns policy</h1><p>Returns are accepted within 30 days of delivery. Items "
        "must be unused and in their original packaging. Refunds are paid within 5 days.</p>",
        etag='"returns-v1"',
    )
    shop.html(
        "/shipping",
        "Shipping policy",
        "<h1>Shipping policy</h1><p>Orders ship within 2 business days. Standard shipping "
        "costs 5 dollars and is free on orders over 50 dollars.</p>",
    )
    shop.html(
        "/old-page",
        "Winter sale",
        "<h1>Winter sale</h1><p>The winter sale on snowshoes ends on 31 January.</p>",
    )
    shop.html("/private/staff", "Staff notes", "<p>Staff discount codes live here.</p>")
    shop.routes["/moved"] = Route(302, b"", {"Location": elsewhere.url("/landing")})
    shop.routes["/catalog.pdf"] = Route(200, b"%PDF-1.4", {"Content-Type": "application/pdf"})
    shop.html("/huge", "Huge", "<p>" + "lots of words " * (MAX_PAGE_BYTES // 10) + "</p>")
    elsewhere.html("/landing", "Elsewhere", "<p>Not the shop.</p>")
    elsewhere.html("/offsite", "Elsewhere", "<p>Not the shop.</p>")


def list_pages(shop: Site, elsewhere: Site, paths: tuple[str, ...]) -> None:
    """The gzipped sitemap of these pages, plus one off-site URL a sitemap should not name."""
    urls = [shop.url(path) for path in paths] + [elsewhere.url("/elsewhere")]
    shop.routes["/sitemap-pages.xml.gz"] = Route(
        200, gzip.compress(urlset(*urls)), {"Content-Type": "application/gzip"}
    )


@pytest.fixture
def site(shop: Site, elsewhere: Site) -> Site:
    build_shop(shop, elsewhere)
    return shop


ALLOWED = ("127.0.0.1", "127.0.0.2")


def syncer(knowledge: KnowledgeBase, allowed: tuple[str, ...] = ALLOWED) -> SiteSync:
    limits = FetchLimits(timeout_s=5, max_bytes=MAX_PAGE_BYTES, delay_s=0)
    return SiteSync(knowledge, limits, allowed)


def sitemap_plan(shop: Site, **kwargs: Any) -> SyncPlan:
    return SyncPlan(
        sitemap_url=shop.url("/sitemap.xml"),
        start_urls=(),
        hosts=frozenset({shop.host}),
        **kwargs,
    )


def crawl_plan(shop: Site, **kwargs: Any) -> SyncPlan:
    return SyncPlan(
        sitemap_url=None, start_urls=(shop.url("/"),), hosts=frozenset({shop.host}), **kwargs
    )
