"""The OpenAPI document, completed so it matches what the service answers.

Routes declare their own successes and the errors particular to them (409 out of stock, 502
provider failure). What every operation can answer for the same reasons is added here, once,
from what the operation is: 401 and 403 where it needs credentials, 404 where its path names
a store or a thing in it, 400 and 413 where it takes a body, 422 where it takes input, 429 where the
rate limits apply. Every error response carries the stable body (`ErrorBody`), validation
errors included (FastAPI's default `HTTPValidationError` is not what the handlers send).

Limits that come from settings (`max_message_chars`, `max_line_quantity`) are written into the
schema from the running configuration: a field marks the setting it is bounded by with
`x-limit-setting`, and its `maxLength` or `maximum` is set to the configured value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from assistant.api.errors import ErrorBody
from assistant.api.middleware.rate_limit import is_rate_limited
from assistant.config import Settings

LIMIT_SETTING = "x-limit-setting"
ERROR_SCHEMA = "ErrorBody"
_ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")
_HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

GENERIC_ERRORS: dict[int, str] = {
    400: "The body could not be read: not UTF-8 text, or a broken form.",
    401: "Missing, invalid or expired credentials (an API key or a session token).",
    403: "The credentials belong to another store or lack the scope, or the page's origin is "
    "not allowed.",
    404: "No such store, or nothing with this id in the store.",
    413: "The request body is larger than the configured limit.",
    422: "Invalid input; `details` lists each problem with its location.",
    429: "Too many requests; retry after the seconds in the Retry-After header.",
}


def limit_of(setting: str) -> dict[str, Any]:
    """`json_schema_extra` for a field bounded by a setting: the document shows its value."""
    return {LIMIT_SETTING: setting}


def install_openapi(app: FastAPI, settings: Settings) -> None:
    """Replace `app.openapi` with one that completes the generated document once."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            complete_document(schema, settings)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def complete_document(schema: dict[str, Any], settings: Settings) -> None:
    """Add the shared error responses and the configured limits, in place."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(error_schema.pop("$defs", {}))
    components[ERROR_SCHEMA] = error_schema
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method in _HTTP_METHODS:
                _document_errors(path, method, operation)
    for name in _FASTAPI_VALIDATION_SCHEMAS:
        components.pop(name, None)
    _apply_limits(schema, settings)


def error_statuses(path: str, method: str, operation: dict[str, Any]) -> set[int]:
    """The statuses an operation can answer whatever it does."""
    statuses: set[int] = set()
    if operation.get("security"):
        statuses |= {401, 403}
    if "{" in path:
        statuses.add(404)
    if operation.get("parameters") or "requestBody" in operation:
        statuses.add(422)
    if "requestBody" in operation:
        statuses |= {400, 413}
    if is_rate_limited(method.upper(), path):
        statuses.add(429)
    return statuses


def _document_errors(path: str, method: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status in sorted(error_statuses(path, method, operation)):
        responses.setdefault(str(status), {"description": GENERIC_ERRORS[status]})
    for code, response in responses.items():
        if code.isdigit() and int(code) >= 400:
            if response.get("description") == "Validation Error":
                response["description"] = GENERIC_ERRORS[422]
            response["content"] = {"application/json": {"schema": dict(_ERROR_REF)}}
            if code == "429":
                response["headers"] = {
                    "Retry-After": {
                        "description": "Seconds until a request is allowed again.",
                        "schema": {"type": "integer"},
                    }
                }


def _apply_limits(node: Any, settings: Settings) -> None:
    if isinstance(node, list):
        for item in node:
            _apply_limits(item, settings)
        return
    if not isinstance(node, dict):
        return
    setting = node.get(LIMIT_SETTING)
    if isinstance(setting, str):
        value = getattr(settings, setting)
        node["maxLength" if node.get("type") == "string" else "maximum"] = value
    for child in node.values():
        _apply_limits(child, settings)
