"""The PostgreSQL bus against a real server: NOTIFY from one process reaches LISTEN in another,
after the commit, and the listener comes back after its connection is killed."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from assistant.db import Database, make_engine
from assistant.live import LiveBus, announce, attach_publisher
from assistant.live.postgres_bus import PostgresBus, libpq_conninfo
from tests.live.conftest import event, eventually, next_event, run

pytestmark = pytest.mark.postgres


def test_the_sqlalchemy_url_becomes_a_libpq_uri() -> None:
    assert (
        libpq_conninfo("postgresql+psycopg://app:s3cret@db.internal:5433/shop?sslmode=require")
        == "postgresql://app:s3cret@db.internal:5433/shop?sslmode=require"
    )


async def started(*buses: LiveBus) -> None:
    for bus in buses:
        await bus.start()


async def stopped(*buses: LiveBus) -> None:
    for bus in buses:
        await bus.stop()


def test_an_event_published_in_one_process_reaches_every_process(postgres_url: str) -> None:
    async def scenario() -> tuple[str, str, dict[str, object]]:
        instance_a, instance_b = PostgresBus(postgres_url), PostgresBus(postgres_url)
        await started(instance_a, instance_b)
        try:
            async with instance_a.subscribe("shop") as on_a, instance_b.subscribe("shop") as on_b:
                instance_a.publish([event("message.created", message_id=3, role="agent")])
                from_b = await next_event(on_b)
                from_a = await next_event(on_a)
        finally:
            await stopped(instance_a, instance_b)
        return from_a.kind, from_b.kind, from_b.data

    assert run(scenario()) == (
        "message.created",
        "message.created",
        {"message_id": 3, "role": "agent"},
    )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_commit_on_one_instance_notifies_the_other(database: Database) -> None:
    async def scenario() -> list[str]:
        publisher, listener = PostgresBus(database.url), PostgresBus(database.url)
        await started(publisher, listener)
        detach = attach_publisher(database.sessions, publisher)
        try:
            async with listener.subscribe("shop") as events:

                def commit_and_roll_back() -> None:
                    try:
                        with database.transaction() as session:
                            announce(session, event("rolled.back"))
                            raise RuntimeError("abort")
                    except RuntimeError:
                        pass
                    with database.transaction() as session:
                        announce(session, event("queue.entered"))

                await asyncio.to_thread(commit_and_roll_back)
                received = [(await next_event(events)).kind]
                # A marker sent after the commit arrives next: nothing else came in between.
                publisher.publish([event("marker")])
                received.append((await next_event(events)).kind)
        finally:
            detach()
            await stopped(publisher, listener)
        return received

    assert run(scenario()) == ["queue.entered", "marker"]


def test_the_listener_and_sender_reconnect_after_losing_their_connections(
    postgres_url: str,
) -> None:
    admin = make_engine(postgres_url, isolation_level="AUTOCOMMIT")

    def kill_live_connections() -> int:
        with admin.connect() as connection:
            killed = connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() "
                    "AND application_name LIKE 'sales-assistant live %'"
                )
            ).scalar_one()
        return int(killed)

    async def scenario() -> tuple[int, str]:
        instance_a, instance_b = PostgresBus(postgres_url), PostgresBus(postgres_url)
        await started(instance_a, instance_b)
        try:
            async with instance_b.subscribe("shop") as events:
                instance_a.publish([event("before")])  # opens instance A's sender connection
                assert (await next_event(events)).kind == "before"
                killed = await asyncio.to_thread(kill_live_connections)
                await eventually(lambda: instance_b.reconnects >= 1 and instance_b.listening)
                instance_a.publish([event("after")])
                return killed, (await next_event(events)).kind
        finally:
            await stopped(instance_a, instance_b)

    try:
        killed, kind = run(scenario())
    finally:
        admin.dispose()
    assert killed >= 3  # both listeners and A's sender
    assert kind == "after"


def test_an_event_too_large_for_notify_is_dropped_and_the_next_one_goes_through(
    postgres_url: str,
) -> None:
    async def scenario() -> list[str]:
        bus = PostgresBus(postgres_url)
        await bus.start()
        try:
            async with bus.subscribe("shop") as events:
                bus.publish([event("huge", blob="x" * 10_000), event("small")])
                return [(await next_event(events)).kind]
        finally:
            await bus.stop()

    assert run(scenario()) == ["small"]
