"""What each stream sends: the shopper's filtered view, and the end of a stream at shutdown."""

from __future__ import annotations

import pytest

from assistant.api.routes.live import event_frames, shopper_view
from assistant.live import LiveEvent, MemoryBus
from tests.live.conftest import event, run


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        (
            event("message.created", message_id=4, role="agent"),
            {"message_id": 4, "role": "agent"},
        ),
        (event("message.created", message_id=5, role="user"), {"message_id": 5, "role": "user"}),
        (
            event("conversation.state", **{"from": "waiting", "to": "human", "actor": "sak_1"}),
            {"from": "waiting", "to": "human"},
        ),
        (event("queue.updated", status="unavailable"), {"status": "unavailable"}),
    ],
)
def test_the_shopper_sees_what_changed_and_no_agent_ids(
    sent: LiveEvent, shown: dict[str, object]
) -> None:
    view = shopper_view(sent)
    assert view is not None
    assert (view.kind, view.conversation_id, view.data) == (sent.kind, "c1", shown)


@pytest.mark.parametrize(
    "sent",
    [
        event("message.created", message_id=6, role="note"),
        event("message.created", message_id=7, role="tool"),
        event("message.created", message_id=8, role="system"),
        event("queue.entered", reason="complaint", priority=2),
    ],
)
def test_the_shopper_sees_nothing_of_notes_tool_traffic_or_the_queue(sent: LiveEvent) -> None:
    assert shopper_view(sent) is None


def test_a_stream_says_it_is_connected_then_ends_when_the_bus_stops() -> None:
    async def scenario() -> tuple[str, str, str, list[object]]:
        bus = MemoryBus()
        await bus.start()
        frames = event_frames(bus, "shop", None, lambda item: item)
        connected = await anext(frames)
        bus.publish([event("queue.entered", reason="complaint")])
        first = await anext(frames)
        await bus.stop()
        rest = [frame async for frame in frames]
        return connected.comment, first.event, first.data, rest

    comment, kind, data, rest = run(scenario())
    assert (comment, kind, rest) == ("connected", "queue.entered", [])
    assert LiveEvent.from_json(data) == event("queue.entered", reason="complaint")
