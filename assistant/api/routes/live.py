"""Live updates as Server-Sent Events: the store's events for the agents' console, and one
conversation's events, filtered, for the shopper who owns it.

Every frame is `event: <kind>` with `data: <LiveEvent JSON>`; a `: ping` comment comes every
15 s so proxies keep the connection open, and a `: connected` comment opens the stream once the
subscription is in place. Events say what changed, not what it is: clients re-read through the
other endpoints, which apply the usual authorisation. A stream ends when the client goes away or
the server shuts down; clients reconnect and re-read what they show.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
from fastapi import APIRouter
from sse_starlette import EventSourceResponse, ServerSentEvent

from assistant.api.chat_transcript import own_conversation
from assistant.api.deps import AgentOfStore, DatabaseDep, LiveBusDep
from assistant.api.routes.chat import ConversationPath, errors
from assistant.api.shopper_auth import ShopperDep
from assistant.live import LiveBus, LiveEvent

HEARTBEAT_S = 15
SHUTDOWN_GRACE_S = 2.0
SHOPPER_HIDDEN_ROLES = frozenset({"note", "tool", "system"})
_SHOPPER_FIELDS = {
    "message.created": ("message_id", "role"),
    "conversation.state": ("from", "to"),
    "queue.updated": ("status",),
}

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["live updates"])

_STREAM: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/event-stream": {}},
        "description": "Frames `event: <kind>` / `data: {kind, store_id, conversation_id, data}` "
        "for `message.created`, `conversation.state`, `queue.entered` and `queue.updated`; "
        "a comment every 15 s.",
    }
}


def shopper_view(event: LiveEvent) -> LiveEvent | None:
    """What a shopper may see of an event: none of the agents' notes or internal traffic, and
    no agent ids; `None` when the shopper sees nothing of it."""
    fields = _SHOPPER_FIELDS.get(event.kind)
    if fields is None:
        return None
    if event.kind == "message.created" and event.data.get("role") in SHOPPER_HIDDEN_ROLES:
        return None
    data = {name: event.data[name] for name in fields if name in event.data}
    return LiveEvent(event.kind, event.store_id, event.conversation_id, data)


async def event_frames(
    bus: LiveBus,
    store_id: str,
    conversation_id: str | None,
    view: Callable[[LiveEvent], LiveEvent | None],
    shutdown: anyio.Event | None = None,
) -> AsyncIterator[ServerSentEvent]:
    """The SSE frames of one subscription, until the client leaves, the server shuts down
    (`shutdown` is set) or the bus stops."""
    async with bus.subscribe(store_id, conversation_id) as events:

        async def end_on_shutdown() -> None:
            if shutdown is not None:
                await shutdown.wait()
                events.close()

        watcher = asyncio.create_task(end_on_shutdown())
        try:
            yield ServerSentEvent(comment="connected")
            async for event in events:
                shown = view(event)
                if shown is not None:
                    yield ServerSentEvent(data=shown.to_json(), event=shown.kind)
        finally:
            watcher.cancel()


def stream(
    bus: LiveBus,
    store_id: str,
    conversation_id: str | None,
    view: Callable[[LiveEvent], LiveEvent | None],
) -> EventSourceResponse:
    """The SSE response; on shutdown the stream ends itself, so the response completes."""
    shutdown = anyio.Event()
    return EventSourceResponse(
        event_frames(bus, store_id, conversation_id, view, shutdown),
        ping=HEARTBEAT_S,
        shutdown_event=shutdown,
        shutdown_grace_period=SHUTDOWN_GRACE_S,
    )


def _everything(event: LiveEvent) -> LiveEvent:
    return event


@router.get(
    "/console/events",
    summary="Stream the store's live events (Server-Sent Events)",
    response_class=EventSourceResponse,
    responses={**_STREAM, **errors(401, 404)},
)
def console_events(store_id: str, _key: AgentOfStore, bus: LiveBusDep) -> EventSourceResponse:
    """Every event of the store: queue changes, state transitions and new messages (notes
    included). Send the agent key in the Authorization header (read it with fetch())."""
    return stream(bus, store_id, None, _everything)


@router.get(
    "/chat/conversations/{conversation_id}/events",
    summary="Stream one of the session's conversations (Server-Sent Events)",
    response_class=EventSourceResponse,
    responses={**_STREAM, **errors(401, 403, 404)},
)
def shopper_events(
    conversation_id: ConversationPath,
    shopper: ShopperDep,
    database: DatabaseDep,
    bus: LiveBusDep,
) -> EventSourceResponse:
    """New visible messages (`message_id`, `role`), state changes (`from`, `to`) and handoff
    updates (`status`) of a conversation of this session; re-read the transcript on each."""
    with database.session() as session:
        own_conversation(session, shopper, conversation_id)
    return stream(bus, shopper.store_id, conversation_id, shopper_view)
