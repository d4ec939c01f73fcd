"""Polite HTTP for site sync: one client, the service's user agent, a delay between requests to
a host, timeouts, a size limit, a content-type check, conditional GET, and redirects followed
one hop at a time so that none leaves the store's hosts or reaches an internal address."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin

import httpx

from assistant import __version__
from assistant.errors import DestinationRefusedError
from assistant.webhooks.urls import Resolver, system_resolver
from retrieval.site_sync.addresses import destination
from retrieval.site_sync.plan import host_of, normal_url

USER_AGENT = f"sales-assistant/{__version__} (site sync)"
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
GONE = (404, 410)

FetchKind = Literal["ok", "not_modified", "gone", "refused", "failed", "skipped"]
# Says why a URL may not be requested (off-site, robots.txt), or None when it may.
UrlCheck = Callable[[str], str | None]


@dataclass(frozen=True)
class FetchResult:
    """What one GET came to. `url` is where it ended after on-site redirects."""

    kind: FetchKind
    url: str
    reason: str = ""
    status: int = 0
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchLimits:
    """How patient and how greedy a fetch is."""

    timeout_s: float = 10.0
    max_bytes: int = 2 * 1024 * 1024
    delay_s: float = 1.0


class _TooLarge(Exception):
    pass


class Fetcher:
    """Fetches pages of one sync; thread-safe enough for one sync at a time."""

    def __init__(
        self,
        limits: FetchLimits,
        allowed_hosts: Collection[str] = (),
        resolver: Resolver = system_resolver,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limits = limits
        self.allowed_hosts = tuple(allowed_hosts)
        self.resolver = resolver
        self.sleep = sleep
        self.requests = 0
        self._host_delay: dict[str, float] = {}
        self._last_request: dict[str, float] = {}
        self._lock = threading.Lock()
        self._client = httpx.Client(
            timeout=httpx.Timeout(limits.timeout_s),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def set_delay(self, host: str, seconds: float) -> None:
        """A longer delay for one host (its robots.txt asks for it)."""
        self._host_delay[host] = max(self.limits.delay_s, seconds)

    def get(
        self,
        url: str,
        check: UrlCheck,
        *,
        types: tuple[str, ...] | None = HTML_TYPES,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """GET `url`, following redirects while `check` allows each hop.

        `types` are the content types accepted (None: any); `etag` and `last_modified` make the
        request conditional.
        """
        current = normal_url(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _hop in range(MAX_REDIRECTS + 1):
            refused = check(current)
            if refused is not None:
                return FetchResult("refused", current, refused)
            result = self._one(current, headers, types, max_bytes or self.limits.max_bytes)
            if not isinstance(result, str):
                return result
            current = normal_url(urljoin(current, result))
            if host_of(current) != host_of(url):
                headers = {}  # validators belong to the URL first asked for
        return FetchResult("failed", current, f"more than {MAX_REDIRECTS} redirects")

    # --- one request ---------------------------------------------------------------------

    def _wait_turn(self, host: str) -> None:
        delay = self._host_delay.get(host, self.limits.delay_s)
        with self._lock:
            last = self._last_request.get(host)
            now = time.monotonic()
            wait = 0.0 if last is None else last + delay - now
            self._last_request[host] = now + max(wait, 0.0)
        if wait > 0:
            self.sleep(wait)

    def _one(
        self, url: str, headers: dict[str, str], types: tuple[str, ...] | None, max_bytes: int
    ) -> FetchResult | str:
        """The result, or the Location of a redirect to follow."""
        try:
            target = destination(url, self.allowed_hosts, self.resolver)
        except DestinationRefusedError as exc:
            return FetchResult("refused", url, exc.message)
        except (OSError, UnicodeError) as exc:
            return FetchResult("failed", url, f"cannot resolve {host_of(url)}: {exc}")
        request_url = httpx.URL(url)
        # Connect to the address checked, naming the host in Host and TLS, so the name cannot
        # be re-resolved elsewhere in between.
        pinned = request_url.copy_with(host=str(target.address))
        extensions = {"sni_hostname": target.host} if request_url.scheme == "https" else {}
        self._wait_turn(target.host)
        self.requests += 1
        try:
            with self._client.stream(
                "GET",
                pinned,
                headers={**headers, "Host": request_url.netloc.decode("ascii")},
                extensions=extensions,
            ) as response:
                return self._read(url, response, types, max_bytes)
        except httpx.TimeoutException:
            return FetchResult("failed", url, f"no answer within {self.limits.timeout_s:g} s")
        except _TooLarge:
            return FetchResult("failed", url, f"larger than {max_bytes} bytes")
        except httpx.HTTPError as exc:
            return FetchResult("failed", url, f"{type(exc).__name__}: {exc}"[:300])

    def _read(
        self, url: str, response: httpx.Response, types: tuple[str, ...] | None, max_bytes: int
    ) -> FetchResult | str:
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            location = response.headers.get("Location")
            if not location:
                return FetchResult("failed", url, f"HTTP {status} without a Location", status)
            return str(location)
        if status == 304:
            return FetchResult("not_modified", url, status=status)
        if status in GONE:
            return FetchResult("gone", url, f"HTTP {status}", status)
        if not 200 <= status < 300:
            return FetchResult("failed", url, f"HTTP {status}", status)
        content_type, charset = _media_type(response.headers.get("Content-Type", ""))
        if types is not None and content_type not in types:
            return FetchResult(
                "skipped", url, f"not a web page ({content_type or 'no content type'})", status
            )
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise _TooLarge
        deadline = time.monotonic() + 3 * self.limits.timeout_s
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > max_bytes:
                raise _TooLarge
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("the body took too long", request=response.request)
        return FetchResult(
            "ok",
            url,
            status=status,
            body=bytes(body),
            content_type=content_type,
            charset=charset,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )


def _media_type(header: str) -> tuple[str, str | None]:
    """('text/html', 'utf-8') from 'text/html; charset=UTF-8'."""
    kind, _sep, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _eq, value = param.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip().strip('"').lower()
    return kind.strip().lower(), charset
