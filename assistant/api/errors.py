"""Maps the project's error hierarchy onto HTTP responses with one stable JSON body (a small
HTML page instead on the service's HTML pages, see `html_errors`)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from assistant.api.html_errors import html_error, is_html_page
from assistant.errors import RateLimitedError, SalesAssistantError

log = logging.getLogger("assistant.api")
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


class ErrorDetail(BaseModel):
    """The stable error body's inner object."""

    code: str
    message: str
    details: dict[str, Any] | list[Any] | None = Field(
        default=None,
        description="An object for domain errors; for invalid input (422) a list of "
        "{loc, message}, one per problem.",
    )


class ErrorBody(BaseModel):
    """Every error response: `{"error": {"code", "message", "details"?}}`."""

    error: ErrorDetail


def error_response(
    status_code: int,
    code: str,
    message: str,
    details: object = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """The body every error takes: `{"error": {"code", "message", "details"?}}`."""
    body: dict[str, object] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status_code, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route answers at this path: Starlette's 405 names only the first
    matching route's, and the GET and POST of one path are often two routes."""
    routes = request.app.router.routes
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes
        )
    ]


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers; call once when building the app."""

    @app.exception_handler(SalesAssistantError)
    async def _domain_error(request: Request, exc: SalesAssistantError) -> Response:
        if exc.status_code >= 500:
            log.error("request failed: %s", exc.message)
        if is_html_page(request) and not isinstance(exc, RateLimitedError):
            shown = exc.message if exc.status_code < 500 else "Please try again in a moment."
            return html_error(exc.status_code, shown)
        response = JSONResponse(exc.to_body(), status_code=exc.status_code)
        if isinstance(exc, RateLimitedError):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"loc": list(error.get("loc", ())), "message": error.get("msg", "")}
            for error in exc.errors()
        ]
        return error_response(422, "invalid_input", "the request is not valid", problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {
            400: "bad_request",
            404: "not_found",
            405: "method_not_allowed",
            413: "payload_too_large",
        }.get(exc.status_code, "http_error")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return error_response(exc.status_code, code, str(exc.detail), headers=headers)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return error_response(500, "internal_error", "something went wrong on our side")
