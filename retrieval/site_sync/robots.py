"""robots.txt of each host a sync reads, with `urllib.robotparser` and the service's user agent.

A missing robots.txt (404 and other 4xx answers) allows everything; 401 and 403 forbid
everything, as `robotparser` reads them. One that cannot be read at all (a timeout, a 5xx)
stops the sync: guessing either way would fetch pages the site may forbid, or drop pages it
allows.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from assistant.errors import SalesAssistantError
from retrieval.site_sync.fetcher import USER_AGENT, Fetcher, FetchResult, UrlCheck

MAX_ROBOTS_BYTES = 512 * 1024
MAX_CRAWL_DELAY_S = 30.0


class RobotsUnavailableError(SalesAssistantError):
    """A host's robots.txt could not be read, so nothing on it is fetched this time."""

    code = "robots_unavailable"


def robots_url(url: str) -> str:
    """The robots.txt of the URL's scheme, host and port."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


class Robots:
    """Reads each host's robots.txt once per sync and answers whether a URL may be fetched."""

    def __init__(self, fetcher: Fetcher, on_site: UrlCheck) -> None:
        self.fetcher = fetcher
        self.on_site = on_site
        self._parsers: dict[str, RobotFileParser] = {}

    def allowed(self, url: str) -> bool:
        """Whether the service's user agent may fetch the URL (reads robots.txt the first time).

        Raises:
            RobotsUnavailableError: the host's robots.txt could not be read.
        """
        return self._parser(url).can_fetch(USER_AGENT, url)

    def sitemaps(self, url: str) -> list[str]:
        """Sitemaps the host's robots.txt names."""
        return list(self._parser(url).site_maps() or [])

    def _parser(self, url: str) -> RobotFileParser:
        where = robots_url(url)
        parser = self._parsers.get(where)
        if parser is None:
            parser = self._read(where)
            self._parsers[where] = parser
        return parser

    def _read(self, where: str) -> RobotFileParser:
        parser = RobotFileParser(where)
        result: FetchResult = self.fetcher.get(
            where, self.on_site, types=None, max_bytes=MAX_ROBOTS_BYTES
        )
        if result.kind == "ok":
            parser.parse(result.body.decode("utf-8", "replace").splitlines())
        elif result.status in (401, 403):
            parser.parse(["User-agent: *", "Disallow: /"])
        elif 400 <= result.status < 500:
            parser.parse([])  # no robots.txt: nothing is forbidden
        else:
            raise RobotsUnavailableError(
                f"{where} could not be read ({result.reason or result.kind}); nothing on the "
                "host was synced",
                details={"url": where},
            )
        delay = parser.crawl_delay(USER_AGENT)
        if delay:
            host = (urlsplit(where).hostname or "").lower()
            self.fetcher.set_delay(host, min(float(delay), MAX_CRAWL_DELAY_S))
        return parser
