"""The HTTP middleware stack, outermost first: security headers, request context (id, access
log, metrics, last resort 500), per-store CORS, body caps, rate limits."""

from __future__ import annotations

from fastapi import FastAPI

from assistant.api.metrics import Metrics
from assistant.api.middleware.body_limit import BodyLimitMiddleware
from assistant.api.middleware.cors import StoreCorsMiddleware, StoreOrigins
from assistant.api.middleware.json_logging import install_json_logging
from assistant.api.middleware.rate_limit import RateLimiter, RateLimitMiddleware
from assistant.api.middleware.request_context import RequestContextMiddleware
from assistant.api.middleware.security_headers import SecurityHeadersMiddleware
from assistant.config import Settings


def install_middleware(
    app: FastAPI,
    settings: Settings,
    metrics: Metrics,
    origins: StoreOrigins,
    limiter: RateLimiter | None = None,
) -> None:
    """Add the stack to the app; the metrics and the origins cache are the app's services
    (`AppServices`), which routes read too."""
    install_json_logging(settings.log_level)
    # Starlette wraps in reverse order of addition: the last one added runs first.
    app.add_middleware(RateLimitMiddleware, settings=settings, limiter=limiter)
    app.add_middleware(BodyLimitMiddleware, settings=settings)
    app.add_middleware(StoreCorsMiddleware, origins=origins)
    app.add_middleware(RequestContextMiddleware, metrics=metrics)
    app.add_middleware(
        SecurityHeadersMiddleware,
        docs_paths=(app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url),
    )
