"""The admin's "try it": ask the assistant a question as a shopper and see everything the turn
did, including the tools it called (which the shopper-facing reply leaves out). The turn runs in
a shopper session made for it and deleted afterwards, so it reaches no queue and no transcript."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import AdminOfStore, AgentDep, DatabaseDep, SettingsDep
from assistant.api.errors import ErrorBody
from assistant.api.try_it_schemas import TryItRequest, TryItResult
from assistant.config import Settings
from assistant.db import Database
from assistant.shopper_message import checked_message
from assistant.shopper_sessions import end_session, start_session

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["admin"])


def _open_session(database: Database, settings: Settings, store_id: str) -> str:
    with database.transaction() as session:
        return start_session(session, settings, store_id).identity.session_id


def _close_session(database: Database, session_id: str) -> None:
    with database.transaction() as session:
        end_session(session, session_id)


@router.post(
    "/admin/try-it",
    summary="Ask the assistant a question as a shopper",
    responses={
        422: {"model": ErrorBody, "description": "Empty message, or longer than the limit."},
    },
)
async def try_it(
    store_id: str,
    body: TryItRequest,
    _key: AdminOfStore,
    agent: AgentDep,
    database: DatabaseDep,
    settings: SettingsDep,
) -> TryItResult:
    """One turn in a throwaway shopper session: the reply, citations, confidence, the tools
    called with their arguments and results, the guards' verdicts and the handoff it would have
    made. The session and its conversation are deleted when the turn ends."""
    text = checked_message(body.message, settings)
    session_id = await run_in_threadpool(_open_session, database, settings, store_id)
    try:
        result = await agent.run_turn(store_id, session_id, text)
    finally:
        await run_in_threadpool(_close_session, database, session_id)
    return TryItResult.of(result)
