"""The in-process bus: fan-out by store and conversation, bounded queues, thread-safe publishing."""

from __future__ import annotations

import asyncio
import logging
import threading

import pytest

from assistant.live import MemoryBus
from tests.live.conftest import event, next_event, run


def test_a_subscriber_gets_its_stores_events_and_no_others() -> None:
    async def scenario() -> list[str]:
        bus = MemoryBus()
        await bus.start()
        async with bus.subscribe("shop") as events:
            bus.publish(
                [event("queue.entered", "rival", "r1"), event("queue.entered", "shop", "c1")]
            )
            bus.publish([event("message.created", "shop", "c2", message_id=7, role="user")])
            received = [await next_event(events), await next_event(events)]
        await bus.stop()
        return [f"{item.kind}:{item.conversation_id}" for item in received]

    assert run(scenario()) == ["queue.entered:c1", "message.created:c2"]


def test_a_conversation_subscriber_gets_that_conversation_only() -> None:
    async def scenario() -> list[str | None]:
        bus = MemoryBus()
        await bus.start()
        async with bus.subscribe("shop", "c2") as events:
            bus.publish(
                [event("message.created", "shop", "c1"), event("message.created", "shop", "c2")]
            )
            bus.publish(
                [event("queue.updated", "shop", None), event("queue.updated", "shop", "c2")]
            )
            received = [await next_event(events), await next_event(events)]
        await bus.stop()
        return [item.conversation_id for item in received]

    assert run(scenario()) == ["c2", "c2"]


def test_every_subscriber_gets_its_own_copy() -> None:
    async def scenario() -> tuple[str, str]:
        bus = MemoryBus()
        await bus.start()
        async with bus.subscribe("shop") as first, bus.subscribe("shop", "c1") as second:
            bus.publish([event("queue.entered")])
            got = (await next_event(first)).kind, (await next_event(second)).kind
        await bus.stop()
        return got

    assert run(scenario()) == ("queue.entered", "queue.entered")


def test_events_published_from_worker_threads_arrive_in_order() -> None:
    async def scenario() -> list[int]:
        bus = MemoryBus()
        await bus.start()
        async with bus.subscribe("shop") as events:

            def commit_in_a_worker() -> None:
                for number in range(20):
                    bus.publish([event("message.created", message_id=number, role="user")])

            worker = threading.Thread(target=commit_in_a_worker)
            worker.start()
            received = [(await next_event(events)).data["message_id"] for _ in range(20)]
            worker.join()
        await bus.stop()
        return received

    assert run(scenario()) == list(range(20))


def test_a_slow_subscriber_loses_its_oldest_events_instead_of_growing() -> None:
    async def scenario() -> tuple[list[int], int]:
        bus = MemoryBus(subscriber_queue_size=3)
        await bus.start()
        async with bus.subscribe("shop") as events:
            for number in range(5):
                bus.publish([event("message.created", message_id=number)])
            await asyncio.sleep(0)  # let the loop run the deliveries queued by publish
            await asyncio.sleep(0)
            received = [(await next_event(events)).data["message_id"] for _ in range(3)]
            dropped = events.dropped
        await bus.stop()
        return received, dropped

    assert run(scenario()) == ([2, 3, 4], 2)


def test_stopping_the_bus_ends_every_subscription() -> None:
    async def scenario() -> list[str]:
        bus = MemoryBus()
        await bus.start()
        async with bus.subscribe("shop") as events:
            bus.publish([event("queue.entered")])
            await asyncio.sleep(0)
            await bus.stop()
            return [item.kind async for item in events]

    assert run(scenario()) == ["queue.entered"]


def test_a_subscription_leaves_the_bus_when_its_block_ends() -> None:
    async def scenario() -> tuple[int, int]:
        bus = MemoryBus()
        await bus.start()
        async with bus.subscribe("shop"):
            inside = bus.subscriber_count
        after = bus.subscriber_count
        await bus.stop()
        return inside, after

    assert run(scenario()) == (1, 0)


def test_publishing_without_a_running_bus_drops_the_events_without_raising(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bus = MemoryBus()
    bus.publish([event("queue.entered")])  # never started

    async def start_and_forget() -> None:
        await bus.start()  # the loop ends without stop(): later publishes find it closed

    run(start_and_forget())
    with caplog.at_level(logging.WARNING, logger="assistant.live"):
        bus.publish([event("queue.entered")])
    assert "could not publish live events; dropped" in caplog.text
