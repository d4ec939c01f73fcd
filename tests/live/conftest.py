"""Helpers for the live-update tests: reading a subscription or an SSE stream with deadlines,
and the Redis server on loopback (tests that need it are skipped when it is not running)."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import pytest

from assistant.live import LiveEvent, Subscription

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
WAIT_S = 20.0
T = TypeVar("T")


def run(scenario: Awaitable[T], timeout_s: float = 60.0) -> T:
    """Run an async scenario to the end, failing (not hanging) after `timeout_s`."""

    async def bounded() -> T:
        return await asyncio.wait_for(scenario, timeout_s)

    return asyncio.run(bounded())


async def next_event(events: Subscription, timeout_s: float = WAIT_S) -> LiveEvent:
    """The subscription's next event; fails the test after `timeout_s`."""
    return await asyncio.wait_for(anext(events), timeout_s)


async def eventually(condition: Callable[[], bool], timeout_s: float = WAIT_S) -> None:
    """Wait until `condition()` holds; fails the test after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def wait_until(condition: Callable[[], bool], timeout_s: float = WAIT_S) -> None:
    """The blocking form of `eventually`, for tests that drive a server from outside."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def event(
    kind: str, store_id: str = "shop", conversation_id: str | None = "c1", **data: Any
) -> LiveEvent:
    return LiveEvent(kind, store_id, conversation_id, data)


@pytest.fixture
def redis_url() -> str:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            pass
    except OSError as exc:
        pytest.skip(
            f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT} ({exc}): start it to run these"
        )
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/0"


# --- Server-Sent Events over HTTP ------------------------------------------------------------


@dataclass
class Frame:
    event: str | None = None
    data: Any = None
    comments: list[str] = field(default_factory=list)


class SseStream:
    """Frames read one by one from an open streaming response, each read bounded in time."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._lines = response.iter_lines()

    def next_frame(self) -> Frame:
        frame = Frame()
        data: list[str] = []
        for line in self._lines:
            if line == "":
                if data or frame.comments or frame.event:
                    if data:
                        frame.data = json.loads("\n".join(data))
                    return frame
                continue
            if line.startswith(":"):
                frame.comments.append(line[1:].strip())
            elif line.startswith("event:"):
                frame.event = line[len("event:") :].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:") :].strip())
        raise AssertionError("the stream ended")

    def remaining_lines(self) -> list[str]:
        """Every line up to the end of the body (raises if the body is cut off)."""
        return list(self._lines)

    def wait_connected(self) -> None:
        """Read up to the comment the server sends once the subscription is in place."""
        frame = self.next_frame()
        assert "connected" in frame.comments, frame

    def next_event(self, kind: str | None = None, timeout_s: float = WAIT_S) -> Frame:
        """The next event frame (of `kind`, when given), skipping heartbeats and others."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            frame = self.next_frame()
            if frame.event is not None and (kind is None or frame.event == kind):
                return frame
        raise AssertionError(f"no {kind or 'event'} frame within {timeout_s} s")

    def events_until(self, kind: str, timeout_s: float = WAIT_S) -> list[Frame]:
        """Every event frame up to and including the first one of `kind`."""
        deadline = time.monotonic() + timeout_s
        frames: list[Frame] = []
        while time.monotonic() < deadline:
            frame = self.next_frame()
            if frame.event is not None:
                frames.append(frame)
                if frame.event == kind:
                    return frames
        raise AssertionError(f"no {kind} frame within {timeout_s} s")


@contextmanager
def sse(client: httpx.Client, url: str, headers: dict[str, str]) -> Iterator[SseStream]:
    """An open SSE stream whose subscription is in place (the `connected` comment was read)."""
    with client.stream("GET", url, headers=headers) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = SseStream(response)
        stream.wait_connected()
        yield stream
