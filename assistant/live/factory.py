"""Choosing the live bus from Settings: Redis when configured, PostgreSQL NOTIFY when the
database is PostgreSQL, otherwise in-process delivery."""

from __future__ import annotations

import logging

from assistant.config import Settings
from assistant.live.bus import LiveBus, MemoryBus

log = logging.getLogger("assistant.live")


def build_live_bus(settings: Settings) -> LiveBus:
    """The bus `settings.live_backend` asks for (adapters are imported only when chosen)."""
    backend = settings.resolved_live_backend
    if backend == "redis":
        from assistant.live.redis_bus import RedisBus

        assert settings.redis_url is not None  # checked by Settings
        return RedisBus(settings.redis_url)
    if backend == "postgres":
        from assistant.live.postgres_bus import PostgresBus

        return PostgresBus(settings.resolved_database_url)
    if settings.workers > 1:
        log.warning(
            "live events stay inside each of the %d worker processes; set "
            "SALES_ASSISTANT_REDIS_URL or use PostgreSQL so every worker sees them",
            settings.workers,
        )
    return MemoryBus()
