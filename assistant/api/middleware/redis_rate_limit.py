"""Rate limits shared by every API process through Redis: the same token bucket as the
in-process limiter, kept in one Redis hash per key and updated atomically by a Lua script on
Redis's own clock, so N workers or instances spend one budget instead of N.

If Redis cannot be reached the request is let through (and a warning logged): a limiter that
fails closed would turn a Redis outage into a chat outage.
"""

from __future__ import annotations

import logging
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

KEY_PREFIX = "sales-assistant:rate:"

# KEYS[1] bucket; ARGV[1] allowance per minute. Returns 0 when a token was taken, else the
# whole seconds until one will be there. A bucket idle for a minute is full again, so it may
# expire then: forgetting it changes nothing.
_TAKE = """
local capacity = tonumber(ARGV[1])
local rate = capacity / 60.0
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1]) or capacity
local updated = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.max(1, math.ceil((1 - tokens) / rate))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('EXPIRE', KEYS[1], 61)
return wait
"""


class RedisTokenBucketLimiter:
    """A token bucket per key in Redis, shared by every process that uses the same server."""

    timeout_s = 0.5

    def __init__(self, redis_url: str, *, prefix: str = KEY_PREFIX) -> None:
        self._url = redis_url
        self.prefix = prefix
        self._client: Redis | None = None
        self._script: Any = None

    def _take(self) -> Any:
        if self._client is None:
            # Short timeouts and no retries: a chat message must not wait on a slow Redis.
            self._client = Redis.from_url(
                self._url,
                socket_connect_timeout=self.timeout_s,
                socket_timeout=self.timeout_s,
                retry=Retry(NoBackoff(), 0),
                client_name="sales-assistant-rate-limits",
            )
            self._script = self._client.register_script(_TAKE)
        return self._script

    async def hit(self, key: str, per_minute: int) -> int | None:
        """Take one token for `key`, or say how many seconds until there is one."""
        try:
            wait = int(await self._take()(keys=[self.prefix + key], args=[per_minute]))
        except (RedisError, OSError) as exc:
            log.warning("rate limits unavailable, letting the request through: %s", exc)
            return None
        return wait or None

    async def aclose(self) -> None:
        """Close the connection pool."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None
