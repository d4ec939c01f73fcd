"""Structured logs: one JSON object per line, with the request id, and secrets redacted.

The handler sits on the `assistant` logger, so everything the service logs goes through it;
its filter redacts the record in place, so any handler further up (a test's capture, an
operator's own) sees the redacted text too.
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

from assistant.api.middleware.redaction import redact

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else was passed through `extra=` and is logged.
_STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime"}
)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {str(key): _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return redact(str(value))


class RedactingFilter(logging.Filter):
    """Rewrites the record's message with secrets masked (and keeps it as a plain string)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact in place; never drops a record."""
        if not getattr(record, "_redacted", False):
            record.msg = redact(record.getMessage())
            record.args = None
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = redact(record.exc_text)
            record._redacted = True
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", ...extra}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key in _STANDARD_ATTRIBUTES or key.startswith("_") or key in entry:
                continue
            if value is not None:
                entry[key] = _clean(value)
        if record.exc_text:
            entry["exception"] = redact(record.exc_text)
        elif record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class JsonLogHandler(logging.Handler):
    """Writes JSON lines with secrets redacted, to `stream` or else the current `sys.stderr`."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__()
        self.stream = stream
        self.setFormatter(JsonFormatter())
        self.addFilter(RedactingFilter())

    def emit(self, record: logging.LogRecord) -> None:
        """Format and write one line; a failing stream never breaks the request."""
        try:
            line = self.format(record)
            stream = self.stream or sys.stderr
            stream.write(line + "\n")
            stream.flush()
        except Exception:
            self.handleError(record)


def install_json_logging(level: str, stream: TextIO | None = None) -> JsonLogHandler:
    """Attach the JSON handler to the `assistant` logger once; returns the handler in place."""
    logger = logging.getLogger("assistant")
    logger.setLevel(level)
    for handler in logger.handlers:
        if isinstance(handler, JsonLogHandler):
            return handler
    handler = JsonLogHandler(stream)
    logger.addHandler(handler)
    return handler
