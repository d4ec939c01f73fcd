"""Live events through Redis pub/sub: chosen when `redis_url` is set, for deployments that
already run Redis or whose database is not PostgreSQL.

Each process keeps one pub/sub connection subscribed to the channel (pinged every
`probe_every_s` so a dead link is noticed) and a small client for PUBLISH.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from assistant.live.bus import SUBSCRIBER_QUEUE_SIZE, BrokeredBus

CHANNEL = "sales-assistant:live"


class RedisBus(BrokeredBus):
    """PUBLISH/SUBSCRIBE on one channel; every process filters by store itself."""

    backend = "redis"
    max_payload_bytes = 64_000
    probe_every_s = 30.0
    connect_timeout_s = 5.0

    def __init__(
        self,
        redis_url: str,
        *,
        channel: str = CHANNEL,
        client_name: str = "sales-assistant-live",
        subscriber_queue_size: int = SUBSCRIBER_QUEUE_SIZE,
    ) -> None:
        super().__init__(subscriber_queue_size=subscriber_queue_size)
        self._url = redis_url
        self.channel = channel
        self.client_name = client_name
        self._sender: Redis | None = None

    def __str__(self) -> str:
        return f"redis:{self.channel}"

    def _client(self, role: str) -> Redis:
        # No silent retries inside redis-py: a lost link must reach the bus, which reconnects
        # with backoff (and knows meanwhile that it is not listening).
        return Redis.from_url(
            self._url,
            decode_responses=True,
            socket_connect_timeout=self.connect_timeout_s,
            socket_keepalive=True,
            health_check_interval=int(self.probe_every_s),
            client_name=f"{self.client_name}-{role}",
            retry=Retry(NoBackoff(), 0),
        )

    async def _listen(self) -> AsyncIterator[str]:
        client = self._client("listener")
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(self.channel)
            self._mark_listening()
            while True:
                message = await pubsub.get_message(
                    ignore_subscribe_messages=True, timeout=self.probe_every_s
                )
                if message is not None and message.get("type") == "message":
                    yield str(message["data"])
        finally:
            await pubsub.aclose()  # type: ignore[no-untyped-call]  # unannotated in redis-py
            await client.aclose()

    async def _publish(self, payload: str) -> None:
        if self._sender is None:
            self._sender = self._client("sender")
        try:
            await self._sender.publish(self.channel, payload)
        except Exception:
            await self._disconnect()
            raise

    async def _disconnect(self) -> None:
        sender, self._sender = self._sender, None
        if sender is not None:
            await sender.aclose()
