"""Events reach the bus after their transaction commits, and never when it rolls back."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator

import pytest

from assistant.conversations import current_conversation, request_handoff
from assistant.db import Database
from assistant.live import LiveBus, LiveEvent, MemoryBus, announce, attach_publisher
from tests.factories import make_shopper_session, make_store
from tests.live.conftest import event, next_event, run


class RecordingBus(MemoryBus):
    """Keeps what was published, as `publish` saw it, in batches."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[str]] = []

    def publish(self, events: Iterable[LiveEvent]) -> None:
        batch = [item.kind for item in events]
        if batch:
            self.batches.append(batch)


class Boom(Exception):
    pass


@pytest.fixture
def bus(database: Database) -> Iterator[RecordingBus]:
    recording = RecordingBus()
    detach = attach_publisher(database.sessions, recording)
    yield recording
    detach()


def test_events_are_published_once_after_the_commit(database: Database, bus: RecordingBus) -> None:
    with database.transaction() as session:
        announce(session, event("queue.entered"))
        announce(session, event("conversation.state"))
        session.flush()
        assert bus.batches == []
    assert bus.batches == [["queue.entered", "conversation.state"]]


def test_a_rollback_publishes_nothing(database: Database, bus: RecordingBus) -> None:
    with pytest.raises(Boom), database.transaction() as session:
        announce(session, event("queue.entered"))
        raise Boom
    assert bus.batches == []


def test_events_of_a_rolled_back_transaction_do_not_ride_on_the_next_commit(
    database: Database, bus: RecordingBus
) -> None:
    with database.sessions() as session:
        session.begin()
        announce(session, event("queue.entered"))
        session.rollback()
        session.begin()
        announce(session, event("message.created"))
        session.commit()
    assert bus.batches == [["message.created"]]


def test_a_session_closed_without_commit_publishes_nothing(
    database: Database, bus: RecordingBus
) -> None:
    session = database.sessions()
    session.begin()
    announce(session, event("queue.entered"))
    session.close()
    session.begin()
    session.commit()
    assert bus.batches == []


def test_a_rolled_back_savepoint_drops_only_its_own_events(
    database: Database, bus: RecordingBus
) -> None:
    with database.transaction() as session:
        announce(session, event("before"))
        savepoint = session.begin_nested()
        announce(session, event("inside"))
        savepoint.rollback()
        with session.begin_nested():
            announce(session, event("kept"))
        announce(session, event("after"))
    assert bus.batches == [["before", "kept", "after"]]


def test_a_detached_bus_hears_nothing(database: Database) -> None:
    recording = RecordingBus()
    detach = attach_publisher(database.sessions, recording)
    detach()
    with database.transaction() as session:
        announce(session, event("queue.entered"))
    assert recording.batches == []


def test_a_handoff_committed_in_a_worker_thread_reaches_a_subscriber(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, "shop")
        shopper_id = make_shopper_session(session, "shop")

    def hand_off() -> str:
        with database.transaction() as session:
            conversation = current_conversation(session, "shop", shopper_id)
            request_handoff(
                session, conversation, reason="asked_for_human", confidence=0.9, summary="help"
            )
            return conversation.id

    async def scenario(bus: LiveBus) -> tuple[str, list[tuple[str, dict[str, object]]]]:
        await bus.start()
        detach = attach_publisher(database.sessions, bus)
        async with bus.subscribe("shop") as events:
            conversation_id = await asyncio.to_thread(hand_off)
            received = [await next_event(events), await next_event(events)]
        detach()
        await bus.stop()
        assert {item.conversation_id for item in received} == {conversation_id}
        return conversation_id, [(item.kind, item.data) for item in received]

    _conversation_id, received = run(scenario(MemoryBus()))
    assert received == [
        ("conversation.state", {"from": "bot", "to": "waiting", "actor": "assistant"}),
        ("queue.entered", {"reason": "asked_for_human", "priority": 0}),
    ]
