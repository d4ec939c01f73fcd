"""A shopper who closes the page mid-stream: the turn is cancelled, the model call stops, and
only the shopper's message is stored for that turn."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult
from pydantic import PrivateAttr
from sqlalchemy import select

from assistant.agent.models.scripted import ScriptedChatModel, tool_call
from assistant.api.deps import services_of
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Message
from tests.api.conftest import Shopper, make_app


class HangingModel(ScriptedChatModel):
    """Plays its script, then waits forever on the next call (a slow provider)."""

    _waiting: bool = PrivateAttr(default=False)
    _cancelled: bool = PrivateAttr(default=False)

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        if self._position < len(self.script):
            return self._generate(messages, stop, None, **kwargs)
        self._waiting = True
        try:
            await asyncio.Event().wait()
        finally:
            self._cancelled = True
        raise AssertionError("unreachable")


async def stream_until_the_model_hangs(app: FastAPI, model: HangingModel, token: str) -> bytes:
    """POST to the stream endpoint; disconnect once a `tool` event arrived and the next model
    call is under way."""
    body = json.dumps({"message": "Find me boots"}).encode()
    saw_tool = asyncio.Event()
    received: list[bytes] = []
    request_sent = False

    async def receive() -> dict[str, Any]:
        nonlocal request_sent
        if not request_sent:
            request_sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await saw_tool.wait()
        while not model._waiting:
            await asyncio.sleep(0.01)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            received.append(message.get("body", b""))
            if b"event: tool" in b"".join(received):
                saw_tool.set()

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/stores/shop/chat/messages/stream",
        "raw_path": b"/v1/stores/shop/chat/messages/stream",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"authorization", f"Bearer {token}".encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    await asyncio.wait_for(app(scope, receive, send), timeout=60)
    return b"".join(received)


def test_a_disconnect_mid_stream_cancels_the_turn_and_keeps_only_the_message(
    settings: Settings, database: Database, stores: dict[str, str]
) -> None:
    model = HangingModel(script=[tool_call("search_products", query="boot")])
    app = make_app(settings, database, model)
    with TestClient(app) as client:
        token = Shopper(client).token
    streamed = asyncio.run(stream_until_the_model_hangs(app, model, token))

    assert b"event: tool" in streamed and b"event: done" not in streamed
    assert model._cancelled
    with database.session() as session:
        stored = session.scalars(select(Message).order_by(Message.id)).all()
        assert [(m.role, m.content) for m in stored] == [("user", "Find me boots")]
    assert 'sales_assistant_chat_turns_total{outcome="cancelled"} 1.0' in (
        services_of(app).metrics.render().decode()
    )
