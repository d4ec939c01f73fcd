"""Builds the FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from assistant import __version__
from assistant.api import metrics as metrics_routes
from assistant.api import shopper_auth
from assistant.api.background import BackgroundJobs
from assistant.api.errors import install_error_handlers
from assistant.api.middleware import install_middleware
from assistant.api.routes import (
    cart,
    catalog,
    chat,
    documents,
    health,
    orders,
    search,
    store_settings,
    storefront,
)
from assistant.config import Settings, get_settings
from assistant.db import Database


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """The application; tests pass their own Settings and Database."""
    settings = settings or get_settings()
    owns_database = database is None
    database = database or Database(settings)
    jobs = BackgroundJobs()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        jobs.start()
        try:
            yield
        finally:
            await jobs.stop()
            if owns_database:
                database.dispose()

    app = FastAPI(
        title="sales-assistant",
        version=__version__,
        description="Grounded shopping assistant: chat, catalog, cart, orders and handoff.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.jobs = jobs
    install_error_handlers(app)
    install_middleware(app, settings, database)
    app.include_router(health.router)
    app.include_router(shopper_auth.router)
    app.include_router(catalog.router)
    app.include_router(cart.router)
    app.include_router(orders.router)
    app.include_router(documents.router)
    app.include_router(search.router)
    app.include_router(chat.router)
    app.include_router(store_settings.router)
    app.include_router(metrics_routes.router)
    app.include_router(storefront.router)
    return app


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory` (used by `serve` with several workers)."""
    return create_app()
