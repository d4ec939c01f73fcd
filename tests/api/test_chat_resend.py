"""Resending a chat message with the same `Idempotency-Key`: one turn, one stored message, the
first answer replayed; in-flight, reused and stale keys."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.agent.turn import TurnResult
from assistant.api.deps import get_agent
from assistant.db import Database
from assistant.domain import IdempotencyRecord, Message
from tests.api.conftest import Shopper, parse_sse
from tools.idempotency import request_fingerprint


def stored_messages(database: Database, role: str) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).where(Message.role == role)) or 0


def send(shopper: Shopper, text: str, key: str) -> Any:
    return shopper.client.post(
        shopper.url("/chat/messages"),
        json={"message": text},
        headers={**shopper.headers, "Idempotency-Key": key},
    )


def stream(shopper: Shopper, text: str, key: str) -> Any:
    return shopper.client.post(
        shopper.url("/chat/messages/stream"),
        json={"message": text},
        headers={**shopper.headers, "Idempotency-Key": key},
    )


def test_a_resend_replays_the_answer_and_runs_nothing(
    shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    model.add(
        tool_call("add_to_cart", sku="BOOT-TRAIL-42", quantity=1),
        reply("I added the Trail Boot in 42."),
    )
    first = send(shopper, "add the trail boot in 42", "k-1")
    again = send(shopper, "add the trail boot in 42", "k-1")
    assert first.status_code == again.status_code == 200, again.text
    assert again.json() == first.json()
    assert again.json()["cart"]["item_count"] == 1
    assert stored_messages(database, "user") == 1
    assert len(shopper.get("/chat/messages").json()["messages"]) == 2


def test_a_new_key_is_a_new_message(
    shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    model.add(reply("Hello!"), reply("Hello again!"))
    assert send(shopper, "hi", "k-1").json()["reply"] == "Hello!"
    assert send(shopper, "hi", "k-2").json()["reply"] == "Hello again!"
    assert stored_messages(database, "user") == 2


def test_no_key_keeps_every_send(
    shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    model.add(reply("One."), reply("Two."))
    shopper.send("hi")
    shopper.send("hi")
    assert stored_messages(database, "user") == 2


def test_the_same_key_with_another_message_is_a_conflict(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(reply("Hello!"))
    send(shopper, "hi", "k-1")
    response = send(shopper, "something else", "k-1")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_conflict"


def test_one_key_is_per_session(client: TestClient, model: ScriptedChatModel) -> None:
    model.add(reply("For the first."), reply("For the second."))
    first, second = Shopper(client), Shopper(client)
    assert send(first, "hi", "same").json()["reply"] == "For the first."
    assert send(second, "hi", "same").json()["reply"] == "For the second."


def test_a_stream_resend_gets_only_the_first_answer(
    shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    model.add(tool_call("search_products", query="boot"), reply("Two boots."))
    first = parse_sse(stream(shopper, "boots?", "s-1").text)
    again = parse_sse(stream(shopper, "boots?", "s-1").text)
    assert [event.event for event in again] == ["done"]
    assert again[0].data == first[-1].data
    assert stored_messages(database, "user") == 1


def test_a_failed_turn_is_replayed_as_the_same_failure(
    shopper: Shopper, database: Database
) -> None:
    first = send(shopper, "hello", "f-1")  # the empty script makes the model call fail
    again = send(shopper, "hello", "f-1")
    assert first.status_code == again.status_code == 502
    assert again.json() == first.json()
    assert stored_messages(database, "user") == 1


def test_a_turn_that_raised_lets_the_resend_run(
    app: FastAPI, shopper: Shopper, model: ScriptedChatModel
) -> None:
    class BrokenOnce:
        async def run_turn(self, *args: Any, **kwargs: Any) -> TurnResult:
            app.dependency_overrides.pop(get_agent)
            raise RuntimeError("bug")

    app.dependency_overrides[get_agent] = BrokenOnce
    assert send(shopper, "hi", "r-1").status_code == 500
    model.add(reply("Hello!"))
    response = send(shopper, "hi", "r-1")
    assert response.status_code == 200, response.text
    assert response.json()["reply"] == "Hello!"


def test_a_resend_while_the_first_is_answered_is_a_conflict(
    app: FastAPI, shopper: Shopper, model: ScriptedChatModel
) -> None:
    started, finish = threading.Event(), threading.Event()
    real = app.dependency_overrides.get(get_agent)

    class Slow:
        async def run_turn(self, *args: Any, **kwargs: Any) -> TurnResult:
            import anyio.to_thread

            started.set()
            await anyio.to_thread.run_sync(finish.wait, 10)
            raise RuntimeError("stopped")

    app.dependency_overrides[get_agent] = Slow
    outcome: dict[str, int] = {}
    first = threading.Thread(
        target=lambda: outcome.update(first=send(shopper, "hi", "w-1").status_code)
    )
    first.start()
    assert started.wait(10)
    response = send(shopper, "hi", "w-1")
    finish.set()
    first.join(10)
    if real is not None:
        app.dependency_overrides[get_agent] = real
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert outcome["first"] == 500


def test_a_claim_left_by_a_turn_that_never_finished_is_taken_over(
    shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    with database.transaction() as session:
        session.add(
            IdempotencyRecord(
                store_id=shopper.store,
                scope=f"chat:{shopper.session_id}",
                key="lost-1",
                operation="chat.message",
                request_hash=request_fingerprint("chat.message", {"message": "hi"}),
                response={},
            )
        )
    assert send(shopper, "hi", "lost-1").status_code == 409  # fresh: still in flight
    with database.transaction() as session:
        record = session.scalar(select(IdempotencyRecord).where(IdempotencyRecord.key == "lost-1"))
        assert record is not None
        record.created_at = record.created_at - timedelta(minutes=5)
    model.add(reply("Hello!"))
    response = send(shopper, "hi", "lost-1")
    assert response.status_code == 200, response.text
    assert send(shopper, "hi", "lost-1").json() == response.json()
