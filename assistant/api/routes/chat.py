"""Chat endpoints for shoppers: send a message (JSON or streamed as Server-Sent Events) and read
the session's own transcript. Every endpoint needs the session token of the path's store."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from assistant.agent.loop import EventSink
from assistant.agent.turn import TurnResult
from assistant.api.chat_idempotency import Claim, StoredReply, claim_message
from assistant.api.chat_reply import build_reply
from assistant.api.chat_schemas import (
    ChatReply,
    ChatRequest,
    TicketCreated,
    TicketRequest,
    Transcript,
)
from assistant.api.chat_stream import (
    provider_failure,
    replayed_events,
    turn_events,
    turn_outcome,
)
from assistant.api.chat_transcript import latest_conversation, own_conversation, shopper_transcript
from assistant.api.deps import AgentDep, DatabaseDep, MetricsDep, SettingsDep
from assistant.api.errors import ErrorBody
from assistant.api.services import TurnRunner
from assistant.api.shopper_auth import ChatIdempotencyKeyDep, ShopperDep, ToolDepsDep
from assistant.config import Settings
from assistant.console.availability import leave_message, notify_if_unavailable
from assistant.db import Database
from assistant.domain.base import MAX_ROW_ID
from assistant.errors import InvalidInputError
from assistant.shopper_message import checked_message
from assistant.shopper_sessions import ShopperIdentity

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["chat"])

_ERRORS: dict[int, str] = {
    401: "Missing, invalid or expired session token.",
    403: "The token belongs to another store, or the page's origin is not allowed.",
    404: "No such conversation for this session.",
    409: "The Idempotency-Key's message is still being answered, or the key was used for "
    "another message.",
    413: "The request body is too large.",
    422: "Empty message, or longer than the configured limit (2,000 characters by default).",
    429: "Too many messages from this session or client; see Retry-After.",
    502: "The model provider failed; the conversation was handed to a person (see details).",
}
AfterQuery = Annotated[
    int | None,
    Query(ge=0, le=MAX_ROW_ID, description="Only messages with a larger id (for polling)."),
]
ConversationPath = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses of a chat endpoint."""
    return {code: {"model": ErrorBody, "description": _ERRORS[code]} for code in codes}


async def run_turn(
    agent: TurnRunner,
    shopper: ShopperIdentity,
    text: str,
    database: Database,
    settings: Settings,
    on_event: EventSink | None = None,
) -> TurnResult:
    """One turn; when it handed the conversation to a person while the store is closed, the
    shopper is told at once and offered to leave a message."""
    result = await agent.run_turn(
        shopper.store_id,
        shopper.session_id,
        text,
        customer_id=shopper.customer_id,
        on_event=on_event,
    )
    if result.handoff.reason is not None and result.handoff.state == "waiting":
        await run_in_threadpool(notify_if_unavailable, database, settings, result.conversation_id)
    return result


async def claimed(
    database: Database,
    shopper: ShopperIdentity,
    key: str | None,
    text: str,
    settings: Settings,
) -> Claim | StoredReply:
    """The right to run this message's turn, or the answer an earlier send already got."""
    return await run_in_threadpool(
        lambda: claim_message(database, shopper, key, text, turn_timeout_s=settings.turn_timeout_s)
    )


@router.post(
    "/chat/messages",
    summary="Send a message and get the whole reply",
    responses=errors(401, 403, 409, 413, 422, 429, 502),
)
async def send_message(
    body: ChatRequest,
    shopper: ShopperDep,
    deps: ToolDepsDep,
    agent: AgentDep,
    settings: SettingsDep,
    database: DatabaseDep,
    metrics: MetricsDep,
    key: ChatIdempotencyKeyDep = None,
) -> ChatReply:
    """The reply with citations, product cards, the cart after the turn, quick replies and the
    handoff state. While a person holds the conversation the reply is empty: their answer
    arrives in the transcript. A resend with the same `Idempotency-Key` replays the answer."""
    text = checked_message(body.message, settings)
    claim = await claimed(database, shopper, key, text, settings)
    if isinstance(claim, StoredReply):
        if claim.failed:
            raise provider_failure(claim.reply)
        return claim.reply
    try:
        result = await run_turn(agent, shopper, text, database, settings)
    except asyncio.CancelledError:
        metrics.turns.labels(outcome="cancelled").inc()
        claim.release()  # no awaiting once cancelled
        raise
    except Exception:
        metrics.turns.labels(outcome="failed").inc()
        await run_in_threadpool(claim.release)
        raise
    outcome = turn_outcome(result)
    metrics.record_turn(result, outcome)
    reply = await run_in_threadpool(build_reply, result, deps)
    await run_in_threadpool(lambda: claim.finish(reply, failed=outcome == "failed"))
    if outcome == "failed":
        raise provider_failure(reply)
    return reply


@router.post(
    "/chat/messages/stream",
    summary="Send a message and stream the reply (Server-Sent Events)",
    response_class=EventSourceResponse,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "Events `tool` {name, ok}, `token` {text}, `citation` {document_id, "
            "title, section, source, doc_type, snippet}, then `done` (a ChatReply) or `error` "
            "{code, message, details}.",
        },
        **errors(401, 403, 409, 413, 422, 429),
    },
)
async def stream_message(
    body: ChatRequest,
    shopper: ShopperDep,
    deps: ToolDepsDep,
    agent: AgentDep,
    settings: SettingsDep,
    database: DatabaseDep,
    metrics: MetricsDep,
    key: ChatIdempotencyKeyDep = None,
) -> EventSourceResponse:
    """The reply as it is produced. A client that disconnects cancels the turn. A resend with
    the same `Idempotency-Key` gets only the first answer's `done` (or `error`) event."""
    text = checked_message(body.message, settings)
    claim = await claimed(database, shopper, key, text, settings)
    if isinstance(claim, StoredReply):
        return EventSourceResponse(replayed_events(claim.reply, failed=claim.failed), ping=15)
    running = claim

    async def start(sink: EventSink) -> TurnResult:
        try:
            return await run_turn(agent, shopper, text, database, settings, on_event=sink)
        except BaseException:
            running.release()  # also on cancellation, where nothing more may be awaited
            raise

    async def reply_for(result: TurnResult) -> ChatReply:
        reply = await run_in_threadpool(build_reply, result, deps)
        failed = turn_outcome(result) == "failed"
        await run_in_threadpool(lambda: running.finish(reply, failed=failed))
        return reply

    events = turn_events(start, reply_for, metrics)
    return EventSourceResponse(events, ping=15)


@router.get(
    "/chat/messages",
    summary="Read the session's conversation",
    responses=errors(401, 403),
)
def read_transcript(
    shopper: ShopperDep, database: DatabaseDep, after: AfterQuery = None
) -> Transcript:
    """The session's latest conversation: the shopper's messages, the assistant's answers and a
    person's replies. Poll with `after` while a person holds the conversation."""
    with database.session() as session:
        return shopper_transcript(session, latest_conversation(session, shopper), after=after)


@router.get(
    "/conversations/{conversation_id}/messages",
    summary="Read one of the session's conversations",
    responses=errors(401, 403, 404),
)
def read_conversation(
    conversation_id: ConversationPath,
    shopper: ShopperDep,
    database: DatabaseDep,
    after: AfterQuery = None,
) -> Transcript:
    """A conversation of this session; another shopper's is not found (404), never forbidden."""
    with database.session() as session:
        conversation = own_conversation(session, shopper, conversation_id)
        return shopper_transcript(session, conversation, after=after)


@router.post(
    "/chat/conversations/{conversation_id}/ticket",
    status_code=201,
    summary="Leave a message when no one can chat now",
    responses={
        **errors(401, 403, 404),
        409: {"model": ErrorBody, "description": "The conversation is not waiting for a person."},
    },
)
def leave_ticket(
    conversation_id: ConversationPath,
    body: TicketRequest,
    shopper: ShopperDep,
    database: DatabaseDep,
) -> TicketCreated:
    """The message is kept in the conversation and the team answers by email; the conversation
    stays in the agents' queue as a ticket."""
    text = body.message.strip()
    if not text:
        raise InvalidInputError("the message is empty")
    with database.transaction() as session:
        conversation = own_conversation(session, shopper, conversation_id)
        leave_message(session, conversation, text, body.email.strip())
        return TicketCreated(conversation_id=conversation.id)
