"""Rate limits on the shopper endpoints that cost the most: sending a chat message (per shopper
session and per client address), starting a session (per client address) and sending shopper
events (per shopper session).

Refused requests get 429 with `Retry-After` (whole seconds) and the stable error body. Limits
are token buckets: a burst of up to the per-minute allowance, then a steady refill. The
in-process `TokenBucketLimiter` counts per process; with a Redis URL configured,
`RedisTokenBucketLimiter` keeps the same buckets in Redis so every instance shares one budget.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.api.errors import error_response
from assistant.config import Settings
from assistant.errors import AuthenticationError, RateLimitedError
from assistant.shopper_sessions import read_session_token

_CHAT_PATH = re.compile(r"^/v1/stores/[^/]+/chat/messages(?:/stream)?/?$")
_SESSION_PATH = re.compile(r"^/v1/stores/[^/]+/sessions/?$")
_EVENTS_PATH = re.compile(r"^/v1/stores/[^/]+/events/?$")
_IDLE_BUCKETS_BEFORE_PRUNE = 10_000


def is_rate_limited(method: str, path: str) -> bool:
    """Whether requests of this method to this path count against a rate limit."""
    return method == "POST" and bool(
        _SESSION_PATH.match(path) or _CHAT_PATH.match(path) or _EVENTS_PATH.match(path)
    )


class RateLimiter(Protocol):
    """Counts hits per key against a per-minute allowance."""

    async def hit(self, key: str, per_minute: int) -> int | None:
        """Take one unit for `key`; None when allowed, else seconds until one is available."""
        ...


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBucketLimiter:
    """An in-process token bucket per key: holds `per_minute` tokens, refills per_minute/60 a
    second. Thread-safe; idle full buckets are pruned so memory stays bounded."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    async def hit(self, key: str, per_minute: int) -> int | None:
        """Take one token, or say how long until there is one."""
        return self.take(key, per_minute)

    def take(self, key: str, per_minute: int) -> int | None:
        """The synchronous core of `hit`."""
        now = self._clock()
        rate = per_minute / 60.0
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= _IDLE_BUCKETS_BEFORE_PRUNE:
                    self._prune(now)
                bucket = self._buckets[key] = _Bucket(tokens=float(per_minute), updated=now)
            bucket.tokens = min(float(per_minute), bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return None
            return max(1, math.ceil((1.0 - bucket.tokens) / rate))

    def _prune(self, now: float) -> None:
        # Any bucket idle for a minute has refilled completely: forgetting it changes nothing.
        for key in [k for k, b in self._buckets.items() if now - b.updated >= 60.0]:
            del self._buckets[key]


def default_limiter(settings: Settings) -> RateLimiter:
    """Shared buckets in Redis when a Redis URL is set, else buckets in this process."""
    if settings.redis_url is not None:
        from assistant.api.middleware.redis_rate_limit import RedisTokenBucketLimiter

        return RedisTokenBucketLimiter(settings.redis_url)
    return TokenBucketLimiter()


def _bearer_token(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" and token.strip() else None
    return None


def client_address(scope: Scope) -> str:
    """The client's address as the server saw it (behind a proxy, run uvicorn with
    `--proxy-headers --forwarded-allow-ips` so this is the shopper's, not the proxy's)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class RateLimitMiddleware:
    """Applies the chat and session-start limits before the request reaches a route."""

    def __init__(
        self, app: ASGIApp, settings: Settings, limiter: RateLimiter | None = None
    ) -> None:
        self.app = app
        self.settings = settings
        self.limiter: RateLimiter = limiter or default_limiter(settings)

    def keys_for(self, scope: Scope) -> list[tuple[str, int]]:
        """The (bucket key, per-minute allowance) pairs this request counts against."""
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or not is_rate_limited(str(scope.get("method")), path):
            return []
        client_limit = self.settings.rate_limit_client_per_minute
        if _SESSION_PATH.match(path):
            return [(f"sessions:ip:{client_address(scope)}", client_limit)]
        if _EVENTS_PATH.match(path):
            return self._session_key(scope, "events", self.settings.rate_limit_events_per_minute)
        if not _CHAT_PATH.match(path):
            return []
        keys = [(f"chat:ip:{client_address(scope)}", client_limit)]
        keys += self._session_key(scope, "chat", self.settings.rate_limit_per_minute)
        return keys

    def _session_key(self, scope: Scope, name: str, per_minute: int) -> list[tuple[str, int]]:
        """The bucket of the request's shopper session, when its token names one."""
        token = _bearer_token(scope)
        if not token:
            return []
        try:
            session_id, _store = read_session_token(self.settings, token)
        except AuthenticationError:
            return []  # the route answers 401; nothing to count per session
        return [(f"{name}:session:{session_id}", per_minute)] if session_id else []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Let the request through, or answer 429 with Retry-After."""
        for key, per_minute in self.keys_for(scope):
            retry_after = await self.limiter.hit(key, per_minute)
            if retry_after is not None:
                scope_kind = "session" if ":session:" in key else "client"
                error = RateLimitedError(
                    f"too many requests from this {scope_kind}; retry in {retry_after} s",
                    retry_after=retry_after,
                )
                response = error_response(429, error.code, error.message, error.details)
                response.headers["Retry-After"] = str(retry_after)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
