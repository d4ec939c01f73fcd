"""Builds the FastAPI application and its services (`AppServices`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from assistant import __version__
from assistant.analytics.rollups import roll_up
from assistant.api import shopper_auth
from assistant.api.background import PeriodicJob
from assistant.api.errors import install_error_handlers
from assistant.api.middleware import install_middleware
from assistant.api.openapi import install_openapi
from assistant.api.routes import (
    admin_page,
    analytics,
    bargaining,
    cart,
    catalog,
    catalog_preview,
    chat,
    checkout_page,
    console,
    console_library,
    console_page,
    csat,
    documents,
    health,
    live,
    metrics,
    orders,
    payments,
    personalisation,
    recovery,
    search,
    shopper_events,
    site_sync,
    store_settings,
    storefront,
    try_it,
    unsubscribe_page,
)
from assistant.api.services import AppServices, TurnRunner
from assistant.config import Settings, get_settings
from assistant.console.availability import sweep_unattended
from assistant.csat import close_idle_chats
from assistant.db import Database
from assistant.domain.base import utcnow
from assistant.live import attach_publisher
from assistant.recovery.sweep import run_cart_recovery
from assistant.webhooks import deliver_due
from retrieval.jobs import interrupt_expired
from retrieval.knowledge import KnowledgeBase
from tools.order_lifecycle import release_expired_reservations


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    *,
    agent: TurnRunner | None = None,
    knowledge: KnowledgeBase | None = None,
) -> FastAPI:
    """The application; tests pass their own Settings and Database, and may pass the agent or
    the knowledge base (otherwise built from Settings on first use)."""
    settings = settings or get_settings()
    owns_database = database is None
    database = database or Database(settings)
    services = AppServices(settings, database, agent=agent, knowledge=knowledge)
    jobs, live_bus = services.jobs, services.live_bus

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await live_bus.start()
        detach_live = attach_publisher(database.sessions, live_bus)
        jobs.start()
        try:
            yield
        finally:
            await jobs.stop()
            detach_live()
            await live_bus.stop()
            await asyncio.to_thread(services.close)
            if owns_database:
                database.dispose()

    app = FastAPI(
        title="sales-assistant",
        version=__version__,
        description="Grounded shopping assistant: chat, catalog, cart, orders and handoff.",
        lifespan=lifespan,
    )
    app.state.services = services
    jobs.add(
        PeriodicJob(
            "handoff-availability",
            settings.handoff_sweep_interval_s,
            lambda: sweep_unattended(database, settings),
        )
    )
    jobs.add(
        PeriodicJob(
            "webhooks", settings.webhook_poll_interval_s, lambda: deliver_due(database, settings)
        )
    )
    jobs.add(
        PeriodicJob(
            "ingest-leases", settings.ingest_lease_s / 2, lambda: interrupt_expired(database)
        )
    )
    jobs.add(
        PeriodicJob(
            "payment-holds",
            settings.payment_release_interval_s,
            lambda: release_expired_reservations(database, utcnow()),
        )
    )
    jobs.add(
        PeriodicJob(
            "cart-recovery",
            settings.cart_recovery_interval_s,
            lambda: run_cart_recovery(services.tools),
        )
    )
    jobs.add(
        PeriodicJob(
            "site-sync",
            settings.site_sync_poll_interval_s,
            lambda: services.site_sync.start_due(),
        )
    )
    jobs.add(
        PeriodicJob(
            "idle-chats",
            settings.idle_chat_sweep_interval_s,
            lambda: close_idle_chats(database, settings),
        )
    )
    jobs.add(
        PeriodicJob(
            "analytics-rollups",
            settings.analytics_rollup_interval_s,
            lambda: roll_up(database),
        )
    )
    install_error_handlers(app)
    install_middleware(app, settings, services.metrics, services.store_origins)
    install_openapi(app, settings)
    app.include_router(health.router)
    app.include_router(shopper_auth.router)
    app.include_router(catalog.router)
    app.include_router(cart.router)
    app.include_router(orders.router)
    app.include_router(documents.router)
    app.include_router(catalog_preview.router)
    app.include_router(search.router)
    app.include_router(chat.router)
    app.include_router(live.router)
    app.include_router(store_settings.router)
    app.include_router(bargaining.router)
    app.include_router(metrics.router)
    app.include_router(storefront.router)
    app.include_router(checkout_page.router)
    app.include_router(console.router)
    app.include_router(console_library.router)
    app.include_router(console_page.router)
    app.include_router(try_it.router)
    app.include_router(admin_page.router)
    app.include_router(payments.router)
    app.include_router(shopper_events.router)
    app.include_router(recovery.router)
    app.include_router(unsubscribe_page.router)
    app.include_router(site_sync.router)
    app.include_router(csat.router)
    app.include_router(analytics.router)
    app.include_router(personalisation.router)
    return app


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory` (used by `serve` with several workers)."""
    return create_app()
