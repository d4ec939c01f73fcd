"""How `serve` runs uvicorn: connection limits, and the configurations it refuses to start.

uvicorn closes a kept-alive connection after `timeout_keep_alive`, but only once a response has
been sent: a connection that never completes its first request's headers (opened and left idle,
or fed one header byte at a time) is held for as long as the client likes, and uvicorn 0.54 has
no option for it. ASGI middleware cannot help, since the app hears of a request only once its
headers are complete. So `serve` runs uvicorn's own HTTP protocol (httptools when installed,
else h11) with one addition, a header deadline: from the moment a connection opens, or its
previous response ends, the client has `server_header_timeout_s` to finish the next request's
headers, and may send at most `server_max_header_bytes` before they are complete; otherwise the
connection is closed. A request being handled (a long stream included) is never cut.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from assistant.config import Settings, get_settings
from assistant.errors import ConfigurationError

# The mixin's hooks call the protocol's own; to the type checker it is one of uvicorn's.
if TYPE_CHECKING:
    _Protocol = H11Protocol
else:
    _Protocol = object


class _HeaderDeadline(_Protocol):
    """The header deadline, mixed into one of uvicorn's HTTP protocols (see the module doc)."""

    transport: asyncio.Transport
    cycle: Any
    loop: asyncio.AbstractEventLoop

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline_setup()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the clock for the first request's headers."""
        super().connection_made(transport)
        self._arm_header_deadline()

    def data_received(self, data: bytes) -> None:
        """Parse as uvicorn does, then count what is still waiting for complete headers."""
        super().data_received(data)
        self._count_header_bytes(len(data))

    def on_response_complete(self) -> None:
        """Start the clock for the next request's headers."""
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock."""
        self._cancel_header_deadline()
        super().connection_lost(exc)

    def _deadline_setup(self) -> None:
        settings = get_settings()
        self._header_timeout_s = settings.server_header_timeout_s
        self._max_header_bytes = settings.server_max_header_bytes
        self._header_timer: asyncio.TimerHandle | None = None
        self._header_bytes = 0

    def _handling_a_request(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _arm_header_deadline(self) -> None:
        self._cancel_header_deadline()
        self._header_bytes = 0
        self._header_timer = self.loop.call_later(self._header_timeout_s, self._header_deadline)

    def _cancel_header_deadline(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_deadline(self) -> None:
        self._header_timer = None
        if self._handling_a_request() or self.transport.is_closing():
            return
        protocol: object = self.transport.get_protocol()
        if protocol is self:  # not handed over to a WebSocket
            self.transport.close()

    def _count_header_bytes(self, size: int) -> None:
        if self._handling_a_request():
            self._header_bytes = 0
            return
        self._header_bytes += size
        if self._header_bytes > self._max_header_bytes and not self.transport.is_closing():
            self.transport.close()


class H11DeadlineProtocol(_HeaderDeadline, H11Protocol):
    """uvicorn's h11 protocol with the header deadline."""


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools is optional; h11 always comes with uvicorn
    HTTP_PROTOCOL = "assistant.serving:H11DeadlineProtocol"
else:

    class HttpToolsDeadlineProtocol(_HeaderDeadline, HttpToolsProtocol):  # type: ignore[misc]
        """uvicorn's httptools protocol with the header deadline."""

    HTTP_PROTOCOL = "assistant.serving:HttpToolsDeadlineProtocol"


def uvicorn_limits(settings: Settings) -> dict[str, Any]:
    """The keyword arguments of `uvicorn.run` that bound connections."""
    return {
        "http": HTTP_PROTOCOL,
        "timeout_keep_alive": settings.server_keep_alive_s,
        "limit_concurrency": settings.server_max_concurrency,
        "h11_max_incomplete_event_size": settings.server_max_header_bytes,
    }


def check_workers(settings: Settings, workers: int) -> None:
    """Refuse several worker processes with a part that lives in one process only.

    Embedded Chroma is not safe across processes, in-process live events never reach a stream
    held by another worker, and in-process rate limits give each worker its own budget.
    """
    if workers <= 1 or settings.allow_unsafe_multiprocess:
        return
    problems = []
    if settings.chroma_url is None:
        problems.append(
            "embedded Chroma is not safe across processes: set SALES_ASSISTANT_CHROMA_URL"
        )
    if settings.resolved_live_backend == "memory":
        problems.append(
            "live events stay in one process: set SALES_ASSISTANT_LIVE_BACKEND to postgres or "
            "redis (or SALES_ASSISTANT_REDIS_URL)"
        )
    if settings.redis_url is None:
        problems.append("rate limits would count per process: set SALES_ASSISTANT_REDIS_URL")
    if problems:
        raise ConfigurationError(f"{workers} workers need shared services; " + "; ".join(problems))
