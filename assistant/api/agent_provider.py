"""The process's chat agent for the HTTP edge: injected by whoever builds the app (tests set
`app.state.agent`), otherwise built on first use from Settings (the configured brain, the
commerce tools and the knowledge base)."""

from __future__ import annotations

import threading
from typing import Annotated, Protocol

from fastapi import Depends, Request

from assistant.agent.factory import build_agent
from assistant.agent.loop import EventSink
from assistant.agent.turn import TurnResult
from assistant.api.routes.documents import knowledge_base

_lock = threading.Lock()


class TurnRunner(Protocol):
    """What the chat endpoints need of an agent (`assistant.agent.loop.ChatAgent` is one)."""

    async def run_turn(
        self,
        store_id: str,
        shopper_session_id: str,
        text: str,
        *,
        customer_id: int | None = None,
        on_event: EventSink | None = None,
    ) -> TurnResult:
        """Answer one shopper message."""
        ...


def chat_agent(request: Request) -> TurnRunner:
    """The app's agent, built once (loading the models takes a moment) and shared."""
    state = request.app.state
    agent: TurnRunner | None = getattr(state, "agent", None)
    if agent is None:
        knowledge = knowledge_base(request)
        with _lock:
            agent = getattr(state, "agent", None)
            if agent is None:
                agent = build_agent(state.settings, state.database, knowledge)
                state.agent = agent
    return agent


AgentDep = Annotated[TurnRunner, Depends(chat_agent)]
