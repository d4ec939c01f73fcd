"""CORS for the shopper endpoints, per store: a browser may call a store's shopper API only
from the origins the merchant listed in the store's `allowed_origins` (or from the service's
own pages).

The store id comes from the path, so each store has its own list. Preflights are answered here;
a request from an origin the store does not allow is refused with 403 before it reaches a
route. Requests without an `Origin` header (servers, curl) are not browser cross-origin calls
and pass untouched. Merchant endpoints never answer cross-origin browsers.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

import anyio
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import error_response
from assistant.db import Database
from assistant.domain import Store
from assistant.domain.store_settings import settings_of

SHOPPER_PATH = re.compile(
    r"^/v1/stores/(?P<store>[^/]+)/"
    r"(?:sessions|chat|conversations|cart|checkout|products|variants|orders)(?:/|$)"
)
ALLOWED_METHODS = "GET, POST, PATCH, DELETE, OPTIONS"
ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-ID, Accept"
EXPOSED_HEADERS = "Retry-After, X-Request-ID"
PREFLIGHT_MAX_AGE_S = 600
ORIGINS_CACHE_TTL_S = 30.0


def normalise_origin(origin: str) -> str:
    """Lower-case scheme and host, no trailing slash: how origins are compared."""
    return origin.strip().rstrip("/").lower()


class StoreOrigins:
    """Each store's allowed origins, read from the database and cached briefly.

    A settings change made through this process is seen at once (`invalidate`); other
    processes see it within `ORIGINS_CACHE_TTL_S`.
    """

    def __init__(
        self,
        database: Database,
        ttl_s: float = ORIGINS_CACHE_TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.database = database
        self.ttl_s = ttl_s
        self._clock = clock
        self._cache: dict[str, tuple[float, frozenset[str] | None]] = {}
        self._lock = threading.Lock()

    def lookup(self, store_id: str) -> frozenset[str] | None:
        """The store's normalised origins ('*' allows any), or None for an unknown store."""
        now = self._clock()
        with self._lock:
            cached = self._cache.get(store_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        with self.database.session() as session:
            store = session.get(Store, store_id)
            origins = (
                frozenset(
                    normalise_origin(str(origin)) for origin in settings_of(store).allowed_origins
                )
                if store is not None
                else None
            )
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[store_id] = (now + self.ttl_s, origins)
        return origins

    def invalidate(self, store_id: str) -> None:
        """Forget the cached list of one store (after its settings changed)."""
        with self._lock:
            self._cache.pop(store_id, None)


def _own_origin(scope: Scope, headers: Headers) -> str | None:
    host = headers.get("host")
    return normalise_origin(f"{scope.get('scheme', 'http')}://{host}") if host else None


class StoreCorsMiddleware:
    """Answers preflights and adds CORS headers for the shopper endpoints of each store."""

    def __init__(self, app: ASGIApp, origins: StoreOrigins) -> None:
        self.app = app
        self.origins = origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Decide per request; non-shopper paths and requests without Origin pass through."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        match = SHOPPER_PATH.match(str(scope.get("path", "")))
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if match is None or not origin:
            await self.app(scope, receive, send)
            return
        allowed = await self._allowed(match.group("store"), origin, scope, headers)
        is_preflight = (
            scope.get("method") == "OPTIONS" and "access-control-request-method" in headers
        )
        if allowed is None:  # unknown store: let the route say 404, without CORS headers
            await self.app(scope, receive, send)
            return
        if not allowed:
            response = error_response(
                403, "forbidden", "this origin may not call this store's shopper API"
            )
            response.headers["Vary"] = "Origin"
            await response(scope, receive, send)
            return
        cors_headers = [
            (b"access-control-allow-origin", origin.encode("latin-1")),
            (b"access-control-expose-headers", EXPOSED_HEADERS.encode()),
            (b"vary", b"Origin"),
        ]
        if is_preflight:
            await self._preflight(scope, receive, send, cors_headers)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *cors_headers]}
            await send(message)

        await self.app(scope, receive, send_with_cors)

    async def _allowed(
        self, store_id: str, origin: str, scope: Scope, headers: Headers
    ) -> bool | None:
        wanted = normalise_origin(origin)
        if wanted == _own_origin(scope, headers):
            return True  # the service's own pages (the demo storefront)
        origins = await anyio.to_thread.run_sync(self.origins.lookup, store_id)
        if origins is None:
            return None
        return "*" in origins or wanted in origins

    @staticmethod
    async def _preflight(
        scope: Scope, receive: Receive, send: Send, cors_headers: list[tuple[bytes, bytes]]
    ) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 204,
                "headers": [
                    *cors_headers,
                    (b"access-control-allow-methods", ALLOWED_METHODS.encode()),
                    (b"access-control-allow-headers", ALLOWED_HEADERS.encode()),
                    (b"access-control-max-age", str(PREFLIGHT_MAX_AGE_S).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b"", "more_body": False})
