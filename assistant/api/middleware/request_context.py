"""The outermost layer: a request id for every request, one structured access-log line, request
metrics, and a stable 500 body for anything that escaped the error handlers.

`X-Request-ID` is taken from the caller when it looks like an id (so a proxy's id follows the
request through), otherwise made here; it is returned on every response and logged with every
line the request writes.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import error_response
from assistant.api.metrics import Metrics
from assistant.api.middleware.json_logging import request_id_var

REQUEST_ID_HEADER = "x-request-id"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_ERROR_BODY_PEEK = 4_096

access_log = logging.getLogger("assistant.access")
log = logging.getLogger("assistant.api")


def incoming_request_id(scope: Scope) -> str:
    """The caller's request id when it is well-formed, else a new one."""
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER.encode():
            candidate = str(value.decode("latin-1")).strip()
            if _VALID_REQUEST_ID.match(candidate):
                return candidate
    return uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    """The matched route's path template (bounded label values), or 'unmatched'."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    if isinstance(path, str):
        return path
    return "unmatched"


def _error_code(body: bytes) -> str:
    try:
        parsed = json.loads(body)
    except ValueError:
        return "unknown"
    error = parsed.get("error") if isinstance(parsed, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, str) and len(code) <= 64 else "unknown"


class RequestContextMiddleware:
    """Request id, access log, metrics and a last-resort 500 for one ASGI app."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap one HTTP request; other scopes pass through."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = incoming_request_id(scope)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        response_started = False
        error_body = b""

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started, error_body
            if message["type"] == "http.response.start":
                response_started = True
                status = int(message["status"])
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() != REQUEST_ID_HEADER.encode()
                ]
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message = {**message, "headers": headers}
            elif (
                message["type"] == "http.response.body"
                and status >= 400
                and len(error_body) < _ERROR_BODY_PEEK
            ):
                error_body += message.get("body", b"")[:_ERROR_BODY_PEEK]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error")
            if response_started:
                raise
            response = error_response(500, "internal_error", "something went wrong on our side")
            await response(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = route_template(scope)
            method = str(scope.get("method", ""))
            self.metrics.requests.labels(method=method, route=route, status=str(status)).inc()
            self.metrics.latency.labels(method=method, route=route).observe(elapsed)
            if status >= 400:
                self.metrics.errors.labels(status=str(status), code=_error_code(error_body)).inc()
            client = scope.get("client")
            access_log.info(
                "%s %s %s",
                method,
                scope.get("path", ""),
                status,
                extra={
                    "method": method,
                    "path": scope.get("path", ""),
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "client": client[0] if client else None,
                },
            )
            request_id_var.reset(token)
