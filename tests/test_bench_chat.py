"""The chat benchmark's conversations: the script in order, with shoppers' pauses when asked."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from assistant.agent.turn import TurnResult
from assistant.db import Database
from assistant.demo import DEMO_STORE_ID
from benchmarks import chat as bench
from tests.factories import make_store


class EchoAgent:
    """Answers at once and remembers who said what."""

    def __init__(self) -> None:
        self.heard: list[tuple[str, str]] = []

    async def run_turn(self, store_id: str, session_id: str, text: str) -> TurnResult:
        self.heard.append((session_id, text))
        return TurnResult(conversation_id=session_id, reply=text, latency_ms=1.0)


@pytest.fixture
def demo_store(database: Database) -> Database:
    with database.transaction() as session:
        make_store(session, DEMO_STORE_ID)
    return database


def test_every_conversation_plays_the_whole_script(demo_store: Database) -> None:
    agent = EchoAgent()
    _, turns = asyncio.run(bench._run(agent, demo_store, 3))  # type: ignore[arg-type]
    assert len(turns) == 3 * len(bench.SCRIPT)
    sessions = {session for session, _ in agent.heard}
    assert len(sessions) == 3
    for session in sessions:
        assert [text for who, text in agent.heard if who == session] == list(bench.SCRIPT)


def test_shoppers_pause_between_messages_only_when_asked(
    demo_store: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    pauses: list[float] = []
    real_sleep = asyncio.sleep

    async def record(seconds: float, *args: Any) -> None:
        pauses.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr(asyncio, "sleep", record)
    asyncio.run(bench._run(EchoAgent(), demo_store, 2))  # type: ignore[arg-type]
    assert pauses == []
    asyncio.run(bench._run(EchoAgent(), demo_store, 2, think_s=1.5))  # type: ignore[arg-type]
    assert len(pauses) == 2 * len(bench.SCRIPT)
    assert all(pause > 0 for pause in pauses)
    assert 0.3 < sum(pauses) / len(pauses) < 6.0  # exponential around the 1.5 s mean
