"""The project's one error hierarchy.

Domain code raises these; the API edge maps each class to a status code and a stable JSON body
(`{"error": {"code": ..., "message": ..., "details": ...}}`), the CLI prints the message.

    SalesAssistantError                 500 internal_error
    ├── ConfigurationError              500 configuration_error (start-up: one line, no traceback)
    ├── InvalidInputError               422 invalid_input
    │   ├── IngestFormatError           422 ingest_format_error (file, line, column)
    │   ├── UnsupportedMediaTypeError   415 unsupported_media_type
    │   ├── PayloadTooLargeError        413 payload_too_large
    │   └── DestinationRefusedError     422 destination_refused (webhook to a non-public address)
    ├── InvalidSignatureError           400 invalid_signature (a webhook that does not verify)
    ├── AuthenticationError             401 unauthenticated
    ├── PermissionDeniedError           403 forbidden
    ├── NotFoundError                   404 not_found
    ├── ConflictError                   409 conflict
    │   └── IdempotencyConflictError    409 idempotency_conflict (same key, other request)
    ├── RateLimitedError                429 rate_limited (retry_after seconds)
    └── UpstreamError                   502 upstream_error (model provider, Chroma server)
"""

from __future__ import annotations

from typing import Any, ClassVar


class SalesAssistantError(Exception):
    """Root of every error the project raises on purpose."""

    status_code: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"

    def __init_subclass__(
        cls, *, status_code: int | None = None, code: str | None = None, **kwargs: Any
    ) -> None:
        """A subclass names what it maps to in its header: `class X(Base, status_code=404,
        code="x")`; what it leaves out it inherits."""
        super().__init_subclass__(**kwargs)
        if status_code is not None:
            cls.status_code = status_code
        if code is not None:
            cls.code = code

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}

    def to_body(self) -> dict[str, Any]:
        """The stable JSON body an API client receives."""
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return {"error": body}


class ConfigurationError(SalesAssistantError, code="configuration_error"):
    """A setting is missing or invalid; the message names it."""


class InvalidInputError(SalesAssistantError, status_code=422, code="invalid_input"):
    """The caller sent something that cannot be accepted as it is."""


class IngestFormatError(InvalidInputError, code="ingest_format_error"):
    """A file to ingest is malformed; details carry file, line and column."""


class UnsupportedMediaTypeError(InvalidInputError, status_code=415, code="unsupported_media_type"):
    """A file type the ingestion pipeline does not read."""


class PayloadTooLargeError(InvalidInputError, status_code=413, code="payload_too_large"):
    """A body or upload above the configured limit."""


class DestinationRefusedError(InvalidInputError, code="destination_refused"):
    """An outgoing request (a webhook) would reach a loopback, private or metadata address."""


class InvalidSignatureError(SalesAssistantError, status_code=400, code="invalid_signature"):
    """A signed request (a payment provider's webhook) whose signature is missing, malformed,
    stale or wrong; the message says which."""


class AuthenticationError(SalesAssistantError, status_code=401, code="unauthenticated"):
    """No credentials, or credentials that do not verify."""


class PermissionDeniedError(SalesAssistantError, status_code=403, code="forbidden"):
    """Valid credentials without the scope the action needs."""


class NotFoundError(SalesAssistantError, status_code=404, code="not_found"):
    """The thing does not exist in the caller's store (or the caller may not see it)."""


class ConflictError(SalesAssistantError, status_code=409, code="conflict"):
    """The request clashes with the current state."""


class IdempotencyConflictError(ConflictError, code="idempotency_conflict"):
    """An idempotency key was reused for a different request."""


class RateLimitedError(SalesAssistantError, status_code=429, code="rate_limited"):
    """Too many requests; retry after the given number of seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, details={"retry_after": retry_after})
        self.retry_after = retry_after


class UpstreamError(SalesAssistantError, status_code=502, code="upstream_error"):
    """A service the project depends on (model provider, vector server) failed."""
