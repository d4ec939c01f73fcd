"""Running one turn for a streaming client: the agent's progress as Server-Sent Events.

Events, in order: `tool` (a tool call finished: name, ok), `token` (a piece of the reply, after
the grounding guard checked it), `citation` (a cited passage), then exactly one of `done` (the
whole `ChatReply`) or `error` (a `StreamError`: the turn failed). When the client goes away the
turn's task is cancelled: the model call stops and nothing more is written for that turn than
the shopper's message, which was committed before the model ran.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import anyio
from sse_starlette import JSONServerSentEvent, ServerSentEvent

from assistant.agent.loop import EventSink, TurnEvent
from assistant.agent.turn import TurnResult
from assistant.api.chat_schemas import ChatReply, StreamError
from assistant.api.metrics import Metrics
from assistant.errors import SalesAssistantError, UpstreamError

log = logging.getLogger("assistant.api.chat")
CANCEL_GRACE_S = 5.0
_END = object()

ReplyBuilder = Callable[[TurnResult], Awaitable[ChatReply]]


def turn_outcome(result: TurnResult) -> str:
    """answered, handoff, silent (a person holds the conversation) or failed (provider error)."""
    if result.handoff.reason == "provider_error":
        return "failed"
    if result.handoff.reason is not None:
        return "handoff"
    if not result.reply and result.handoff.state in ("waiting", "human"):
        return "silent"
    return "answered"


def provider_failure(reply: ChatReply) -> UpstreamError:
    """The error a turn whose model call failed ends with; it still carries the handoff."""
    return UpstreamError(
        "the assistant could not answer just now; a person has been asked to follow up",
        details={
            "conversation_id": reply.conversation_id,
            "reply": reply.reply,
            "handoff": reply.handoff.model_dump(mode="json"),
        },
    )


def error_event(error: SalesAssistantError) -> ServerSentEvent:
    """The typed `error` event that ends a failed stream."""
    body = StreamError(code=error.code, message=error.message, details=error.details or None)
    return JSONServerSentEvent(body.model_dump(mode="json", exclude_none=True), event="error")


async def replayed_events(reply: ChatReply, *, failed: bool) -> AsyncIterator[ServerSentEvent]:
    """A resent message's stream: only the first answer's `done`, or its provider `error`."""
    if failed:
        yield error_event(provider_failure(reply))
    else:
        yield JSONServerSentEvent(reply.model_dump(mode="json"), event="done")


def _public(event: TurnEvent) -> dict[str, Any]:
    if event.kind == "tool":
        return {"name": event.data.get("name"), "ok": bool(event.data.get("ok"))}
    return event.data


async def turn_events(
    start: Callable[[EventSink], Awaitable[TurnResult]],
    build_reply: ReplyBuilder,
    metrics: Metrics,
) -> AsyncIterator[ServerSentEvent]:
    """Run the turn in a task and yield its events; the caller's cancellation cancels the turn."""
    queue: asyncio.Queue[Any] = asyncio.Queue()

    async def sink(event: TurnEvent) -> None:
        await queue.put(event)

    task = asyncio.ensure_future(start(sink))
    task.add_done_callback(lambda _task: queue.put_nowait(_END))
    completed = False
    try:
        while (item := await queue.get()) is not _END:
            if item.kind != "done":  # replaced by the richer ChatReply below
                yield JSONServerSentEvent(_public(item), event=item.kind)
        try:
            result = task.result()
            outcome = turn_outcome(result)
            metrics.record_turn(result, outcome)
            reply = await build_reply(result)
        except SalesAssistantError as exc:
            metrics.turns.labels(outcome="failed").inc()
            error: SalesAssistantError = exc
        except Exception:
            log.exception("a streamed turn failed")
            metrics.turns.labels(outcome="failed").inc()
            error = SalesAssistantError("something went wrong on our side")
        else:
            if outcome != "failed":
                completed = True
                yield JSONServerSentEvent(reply.model_dump(mode="json"), event="done")
                return
            error = provider_failure(reply)
        metrics.errors.labels(status="stream", code=error.code).inc()
        completed = True
        yield error_event(error)
    finally:
        if not task.done():
            task.cancel()
            with anyio.move_on_after(CANCEL_GRACE_S, shield=True):
                await asyncio.wait({task})
        if not completed:
            metrics.turns.labels(outcome="cancelled").inc()
