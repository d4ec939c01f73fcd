"""The live bus of one process: committed events in, per-subscriber queues out.

Publishing is called from whatever thread committed (request handlers run in a thread pool), so
`publish` only hands the events to the event loop and returns; it never raises. On the loop the
bus either delivers them at once (`MemoryBus`) or sends them to a broker that every API process
listens to (`BrokeredBus`: PostgreSQL or Redis), whose one listener connection per process fans
them out to the subscribers here.

A subscriber gets a bounded queue: one that reads too slowly loses its oldest events rather than
growing the process's memory. Events are hints to re-read through the API, so a lost one costs a
refresh, never data.
"""

from __future__ import annotations

import asyncio
import logging
import random
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from assistant.live.events import LiveEvent
from assistant.tasks import cancel_and_wait

log = logging.getLogger("assistant.live")

SUBSCRIBER_QUEUE_SIZE = 256
_CLOSED = None


class Subscription:
    """The events one subscriber asked for (a store, or one conversation of it), in order."""

    def __init__(
        self, store_id: str, conversation_id: str | None, maxsize: int = SUBSCRIBER_QUEUE_SIZE
    ) -> None:
        self.store_id = store_id
        self.conversation_id = conversation_id
        self.dropped = 0
        self._queue: asyncio.Queue[LiveEvent | None] = asyncio.Queue(maxsize)
        self._closed = False

    def wants(self, event: LiveEvent) -> bool:
        """True when the event is about this subscriber's store (and conversation)."""
        if event.store_id != self.store_id:
            return False
        return self.conversation_id is None or event.conversation_id == self.conversation_id

    def offer(self, event: LiveEvent | None) -> None:
        """Queue an event (call on the event loop); when full, the oldest one gives way."""
        if self._closed:
            return
        if self._queue.full():
            self._queue.get_nowait()
            self.dropped += 1
        self._queue.put_nowait(event)

    def close(self) -> None:
        """End the iteration after the events already queued."""
        self.offer(_CLOSED)
        self._closed = True

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> LiveEvent:
        event = await self._queue.get()
        if event is None:
            self._queue.put_nowait(_CLOSED)  # later readers end too
            raise StopAsyncIteration
        return event


class LiveBus(ABC):
    """Carries committed events to the subscribers of every API process that can see them."""

    backend: str = "abstract"

    def __init__(self, *, subscriber_queue_size: int = SUBSCRIBER_QUEUE_SIZE) -> None:
        self._subscriber_queue_size = subscriber_queue_size
        self._subscriptions: set[Subscription] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def running(self) -> bool:
        """True between `start` and `stop`."""
        return self._loop is not None

    async def start(self) -> None:
        """Begin carrying events; called once from the app's lifespan."""
        self._loop = asyncio.get_running_loop()
        await self._open()

    async def stop(self) -> None:
        """Stop carrying events and end every subscription."""
        self._loop = None
        await self._close()
        for subscription in list(self._subscriptions):
            subscription.close()

    def publish(self, events: Iterable[LiveEvent]) -> None:
        """Send committed events from any thread; never blocks on I/O and never raises."""
        try:
            batch = list(events)
            loop = self._loop
            if not batch:
                return
            if loop is None:
                log.debug("live bus not running: %d event(s) dropped", len(batch))
                return
            loop.call_soon_threadsafe(self._dispatch, batch)
        except Exception:  # the request that committed must not fail for a lost hint
            log.warning("could not publish live events; dropped", exc_info=True)

    @asynccontextmanager
    async def subscribe(
        self, store_id: str, conversation_id: str | None = None
    ) -> AsyncIterator[Subscription]:
        """Receive the store's events (or one conversation's) while the block runs."""
        subscription = Subscription(store_id, conversation_id, self._subscriber_queue_size)
        self._subscriptions.add(subscription)
        try:
            yield subscription
        finally:
            self._subscriptions.discard(subscription)
            if subscription.dropped:
                log.info(
                    "a slow live subscriber of store %s lost %d event(s)",
                    store_id,
                    subscription.dropped,
                )

    @property
    def subscriber_count(self) -> int:
        """How many subscriptions are open in this process."""
        return len(self._subscriptions)

    def deliver(self, event: LiveEvent) -> None:
        """Hand an event to the local subscribers that want it (call on the event loop)."""
        for subscription in list(self._subscriptions):
            if subscription.wants(event):
                subscription.offer(event)

    def _dispatch(self, events: list[LiveEvent]) -> None:
        try:
            self._send(events)
        except Exception:
            log.warning("could not dispatch live events; dropped", exc_info=True)

    @abstractmethod
    def _send(self, events: list[LiveEvent]) -> None:
        """Carry events on (runs on the event loop; must not block)."""

    @abstractmethod
    async def _open(self) -> None:
        """Connect whatever the backend needs."""

    @abstractmethod
    async def _close(self) -> None:
        """Release whatever `_open` connected."""


class MemoryBus(LiveBus):
    """Events reach the subscribers of this process only: one process, or tests."""

    backend = "memory"

    async def _open(self) -> None:
        """Nothing to connect."""

    async def _close(self) -> None:
        """Nothing to release."""

    def _send(self, events: list[LiveEvent]) -> None:
        for event in events:
            self.deliver(event)


class Backoff:
    """Growing, jittered waits between reconnection attempts, reset after a success."""

    def __init__(self, first_s: float = 0.2, cap_s: float = 10.0) -> None:
        self.first_s = first_s
        self.cap_s = cap_s
        self._next_s = first_s

    def reset(self) -> None:
        """Back to the shortest wait."""
        self._next_s = self.first_s

    def next_wait(self) -> float:
        """The wait before the next attempt; each failure doubles it up to the cap."""
        wait = self._next_s
        self._next_s = min(self._next_s * 2, self.cap_s)
        return wait * random.uniform(0.8, 1.2)


class BrokeredBus(LiveBus):
    """Events go through a broker, so every process's subscribers see every process's events.

    One task sends this process's events (after their commit) to the broker, one task listens
    on a single connection and delivers what arrives to the local subscribers. Both reconnect
    with backoff when their connection fails; while the sender is cut off the outbox holds the
    newest events (bounded, oldest dropped first).
    """

    max_payload_bytes = 1_000_000
    outbox_size = 1_000
    connect_wait_s = 5.0

    def __init__(self, *, subscriber_queue_size: int = SUBSCRIBER_QUEUE_SIZE) -> None:
        super().__init__(subscriber_queue_size=subscriber_queue_size)
        self._outbox: asyncio.Queue[str] | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._listening = asyncio.Event()
        self.reconnects = 0

    @property
    def listening(self) -> bool:
        """True while the listener connection is subscribed to the broker."""
        return self._listening.is_set()

    async def _open(self) -> None:
        self._outbox = asyncio.Queue(self.outbox_size)
        self._listening = asyncio.Event()
        self._tasks = [
            asyncio.create_task(self._listen_forever(), name=f"live-{self.backend}-listen"),
            asyncio.create_task(self._send_forever(), name=f"live-{self.backend}-send"),
        ]
        # Wait a moment for the listener, so events committed right after start-up are seen;
        # if the broker is down the app still starts and the listener keeps retrying.
        try:
            await asyncio.wait_for(self._listening.wait(), self.connect_wait_s)
        except TimeoutError:
            log.warning("live %s listener not connected yet; retrying in the background", self)

    async def _close(self) -> None:
        await cancel_and_wait(self._tasks)
        self._tasks = []
        self._listening.clear()
        await self._disconnect()

    def _send(self, events: list[LiveEvent]) -> None:
        outbox = self._outbox
        if outbox is None:
            return
        for event in events:
            payload = event.to_json()
            if len(payload.encode()) > self.max_payload_bytes:
                log.warning("live event %s too large for %s; dropped", event.kind, self)
                continue
            if outbox.full():
                outbox.get_nowait()
                log.warning("live %s outbox full; the oldest event was dropped", self)
            outbox.put_nowait(payload)

    def _received(self, payload: str) -> None:
        try:
            event = LiveEvent.from_json(payload)
        except (ValueError, KeyError, TypeError):
            log.warning("ignored a malformed live event from %s", self)
            return
        self.deliver(event)

    def _mark_listening(self) -> None:
        """Adapters call this once their listener is subscribed."""
        self._listening.set()

    async def _listen_forever(self) -> None:
        backoff = Backoff()
        while True:
            try:
                async for payload in self._listen():
                    backoff.reset()
                    self._received(payload)
                raise ConnectionError("the listener stopped")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._listening.clear()
                self.reconnects += 1
                wait = backoff.next_wait()
                log.warning("live %s listener lost (%s); reconnecting in %.1f s", self, exc, wait)
                await asyncio.sleep(wait)

    async def _send_forever(self) -> None:
        assert self._outbox is not None
        backoff = Backoff()
        while True:
            payload = await self._outbox.get()
            while True:
                try:
                    await self._publish(payload)
                    backoff.reset()
                    break
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    wait = backoff.next_wait()
                    log.warning("live %s publish failed (%s); retrying in %.1f s", self, exc, wait)
                    await asyncio.sleep(wait)

    @abstractmethod
    def _listen(self) -> AsyncIterator[str]:
        """Connect, subscribe (then call `_mark_listening`) and yield payloads as they arrive;
        raise when the connection is lost."""

    @abstractmethod
    async def _publish(self, payload: str) -> None:
        """Send one payload to the broker, (re)connecting the sender as needed; raise on failure
        after dropping a broken connection, so the next attempt reconnects."""

    @abstractmethod
    async def _disconnect(self) -> None:
        """Close the sender's connection, if open."""
