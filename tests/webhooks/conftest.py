"""A real HTTP receiver on loopback, and stores whose conversations can be queued for a person.

Deliveries never go to this machine unless its names are listed in `webhook_allowed_hosts`, so
these tests' settings list them."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from assistant.config import Settings
from assistant.conversations import current_conversation, request_handoff
from assistant.db import Database
from assistant.domain import Conversation, Handoff, WebhookDelivery
from tests.factories import make_shopper_session, make_store

SECRET = "whsec_test-secret-for-signing"
LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1"]


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """The test's settings, with deliveries to this machine allowed (the receiver is here)."""
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        webhook_allowed_hosts=LOCAL_HOSTS,
        _env_file=None,
    )


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers POSTs with the queued statuses (200 once they run out), after `delay_s`."""

    statuses: deque[int] = field(default_factory=deque)
    delay_s: float = 0.0
    on_request: Callable[[], None] | None = None
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/sales"

    def answer(self, body: bytes, headers: dict[str, str]) -> int:
        with self.lock:
            self.requests.append(Received(headers, body))
            status = self.statuses.popleft() if self.statuses else 200
        if self.on_request is not None:
            self.on_request()
        if self.delay_s:
            time.sleep(self.delay_s)
        return status


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = receiver.answer(body, {k.lower(): v for k, v in self.headers.items()})
            payload = b"receiver says no" if status >= 300 else b"ok"
            try:
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the sender gave up waiting, which is what a timeout test wants

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


def add_store(database: Database, store_id: str = "shop", **webhook: Any) -> None:
    """A store; `webhook_url=` / `webhook_secret=` go into its settings."""
    with database.transaction() as session:
        make_store(session, store_id, settings=webhook)


def queue_conversation(
    database: Database,
    store_id: str = "shop",
    *,
    reason: str = "complaint",
    summary: str = "Boots leaked on day one; wants a refund",
) -> str:
    """A new shopper's conversation handed to a person; its id."""
    with database.transaction() as session:
        conversation = current_conversation(
            session, store_id, make_shopper_session(session, store_id)
        )
        conversation.language = "en"
        request_handoff(session, conversation, reason=reason, confidence=0.42, summary=summary)
        return conversation.id


def deliveries(database: Database) -> list[WebhookDelivery]:
    with database.session() as session:
        return list(session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def handoff_of(database: Database, conversation_id: str) -> tuple[Conversation, Handoff]:
    with database.session() as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None
        handoff = session.scalars(
            select(Handoff).where(Handoff.conversation_id == conversation_id)
        ).one()
        return conversation, handoff
