"""A local OpenAI-compatible server that plays scripted chat completions over real HTTP.

Each POST to /v1/chat/completions takes the next scripted step: a reply, a tool call, an HTTP
error, or a delay (to provoke client timeouts). Streaming requests get server-sent events in the
same shape as the real API. Requests are recorded for assertions.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    """One scripted response."""

    content: str = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    delay_s: float = 0.0
    # Write the reply from the request instead: a model that repeats what its tools said.
    compose: Callable[[dict[str, Any]], str] | None = None


def say(text: str) -> Step:
    return Step(content=text)


def call(name: str, **arguments: Any) -> Step:
    return Step(tool_calls=[{"name": name, "arguments": arguments}])


def quote_passages() -> Step:
    """A credulous model: its reply repeats every passage its last tool result carried."""

    def compose(body: dict[str, Any]) -> str:
        tool = next(m for m in reversed(body["messages"]) if m.get("role") == "tool")
        result = json.loads(tool["content"])
        return " ".join(hit["text"] for hit in result.get("hits", []))

    return Step(compose=compose)


def fail(status: int = 500) -> Step:
    return Step(status=status)


def stall(seconds: float) -> Step:
    return Step(content="too late", delay_s=seconds)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out closes the socket mid-reply; that is the scenario under test.
        return


class ScriptedOpenAIServer:
    """Start with `running()`; `base_url` points a client at it."""

    def __init__(self, steps: list[Step]) -> None:
        self.steps = list(steps)
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def _next(self, body: dict[str, Any]) -> Step:
        with self._lock:
            self.requests.append(body)
            if not self.steps:
                return Step(status=500, content="script exhausted")
            return self.steps.pop(0)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                step = server._next(body)
                if step.compose is not None:
                    step = Step(content=step.compose(body))
                if step.delay_s:
                    time.sleep(step.delay_s)
                if step.status != 200:
                    self._send_json(step.status, {"error": {"message": "scripted failure"}})
                    return
                if body.get("stream"):
                    self._stream(body, step)
                else:
                    self._send_json(200, _completion(body, step))

            def _send_json(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, body: dict[str, Any], step: Step) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for chunk in _chunks(body, step):
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")

        return Handler

    @contextmanager
    def running(self) -> Iterator[ScriptedOpenAIServer]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()


def _tool_calls(step: Step) -> list[dict[str, Any]]:
    return [
        {
            "id": f"call_{index}",
            "type": "function",
            "function": {"name": c["name"], "arguments": json.dumps(c["arguments"])},
        }
        for index, c in enumerate(step.tool_calls)
    ]


def _completion(body: dict[str, Any], step: Step) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": step.content or None}
    if step.tool_calls:
        message["tool_calls"] = _tool_calls(step)
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "scripted"),
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": "tool_calls" if step.tool_calls else "stop",
            }
        ],
        "usage": {"prompt_tokens": 20, "completion_tokens": 5, "total_tokens": 25},
    }


def _chunks(body: dict[str, Any], step: Step) -> Iterator[dict[str, Any]]:
    base = {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": body.get("model", "scripted"),
    }
    if step.tool_calls:
        calls = _tool_calls(step)
        for index, tool_call in enumerate(calls):
            delta: dict[str, Any] = {"tool_calls": [{"index": index, **tool_call}]}
            yield {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
        yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}
        return
    for word in step.content.split(" "):
        delta = {"content": word + " "}
        yield {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
    yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
