"""Request body caps: 413 before the body is read when Content-Length says it is too big, and
while reading when a body without a length grows past the cap.

Multipart uploads (documents, catalogs) get the upload cap plus room for the form's framing;
every other body gets `Settings.max_request_bytes`.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import error_response
from assistant.config import Settings
from assistant.errors import PayloadTooLargeError

MULTIPART_OVERHEAD_BYTES = 64 * 1024


class BodyTooLargeError(HTTPException):
    """Raised from `receive` when a streamed body passes the cap.

    An HTTPException, so FastAPI's body parsing lets it through to the error handlers instead
    of reporting a malformed body.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"the request body is larger than {limit} bytes")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class BodyLimitMiddleware:
    """Refuses request bodies over the configured caps with 413 and the stable error body."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.request_limit = settings.max_request_bytes
        self.upload_limit = settings.max_upload_bytes + MULTIPART_OVERHEAD_BYTES

    def limit_for(self, scope: Scope) -> int:
        """The cap for this request: uploads are multipart, everything else is small."""
        content_type = (_header(scope, b"content-type") or "").lower()
        if content_type.startswith("multipart/form-data"):
            return self.upload_limit
        return self.request_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count what arrives."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        await self.app(scope, counting_receive, send)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        error = PayloadTooLargeError(
            f"the request body is larger than {limit} bytes", details={"limit": limit}
        )
        body = error.to_body()["error"]
        response = error_response(413, body["code"], body["message"], body.get("details"))
        response.headers["Connection"] = "close"
        await response(scope, receive, send)
