"""The Redis bus against the server on 127.0.0.1:6379 (skipped when it is not running): PUBLISH
from one process reaches the subscribers of another, and the listener survives a killed link."""

from __future__ import annotations

import asyncio
import uuid

from redis.asyncio import Redis

from assistant.live.redis_bus import RedisBus
from tests.live.conftest import event, eventually, next_event, run


def fresh_bus(redis_url: str, channel: str, name: str) -> RedisBus:
    return RedisBus(redis_url, channel=channel, client_name=name)


def test_an_event_published_in_one_process_reaches_every_process(redis_url: str) -> None:
    channel = f"sales-assistant:test:{uuid.uuid4().hex}"

    async def scenario() -> tuple[str, str, dict[str, object]]:
        instance_a = fresh_bus(redis_url, channel, "live-test-a")
        instance_b = fresh_bus(redis_url, channel, "live-test-b")
        await instance_a.start()
        await instance_b.start()
        try:
            async with instance_a.subscribe("shop") as on_a, instance_b.subscribe("shop") as on_b:
                instance_b.publish([event("rival.event", "rival"), event("queue.entered")])
                from_a = await next_event(on_a)
                from_b = await next_event(on_b)
        finally:
            await instance_a.stop()
            await instance_b.stop()
        return from_a.kind, from_b.kind, from_a.data

    assert run(scenario()) == ("queue.entered", "queue.entered", {})


def test_the_listener_reconnects_after_its_connection_is_killed(redis_url: str) -> None:
    channel = f"sales-assistant:test:{uuid.uuid4().hex}"
    name = f"live-test-{uuid.uuid4().hex[:8]}"

    async def kill_our_connections() -> int:
        admin = Redis.from_url(redis_url, decode_responses=True)
        try:
            killed = 0
            for client in await admin.client_list():
                if client.get("name", "").startswith(name):
                    await admin.client_kill_filter(_id=client["id"])
                    killed += 1
            return killed
        finally:
            await admin.aclose()

    async def scenario() -> tuple[int, str]:
        bus = fresh_bus(redis_url, channel, name)
        await bus.start()
        try:
            async with bus.subscribe("shop") as events:
                bus.publish([event("before")])
                assert (await next_event(events)).kind == "before"
                killed = await kill_our_connections()
                await eventually(lambda: bus.reconnects >= 1 and bus.listening)
                bus.publish([event("after")])
                return killed, (await next_event(events)).kind
        finally:
            await bus.stop()

    killed, kind = run(scenario())
    assert killed == 2  # the listener and the sender
    assert kind == "after"


def test_an_unreachable_server_does_not_stop_the_app_from_starting() -> None:
    async def scenario() -> tuple[bool, int]:
        bus = RedisBus("redis://127.0.0.1:1/0")  # nothing listens on port 1
        bus.connect_wait_s = 0.5
        await bus.start()
        bus.publish([event("queue.entered")])  # kept in the outbox, never raised
        await asyncio.sleep(0)
        listening = bus.listening
        await eventually(lambda: bus.reconnects >= 1)
        await bus.stop()
        return listening, bus.subscriber_count

    assert run(scenario()) == (False, 0)
