"""Choosing the live backend from Settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings, load_settings
from assistant.errors import ConfigurationError
from assistant.live import MemoryBus, build_live_bus
from assistant.live.postgres_bus import PostgresBus
from assistant.live.redis_bus import RedisBus

PG = "postgresql+psycopg://app@db.internal:5432/shop"
REDIS = "redis://cache.internal:6379/0"


def settings(tmp_path: Path, **values: object) -> Settings:
    return load_settings(data_dir=tmp_path, _env_file=None, **values)


@pytest.mark.parametrize(
    ("values", "backend", "bus_type"),
    [
        ({}, "memory", MemoryBus),
        ({"database_url": PG}, "postgres", PostgresBus),
        ({"database_url": PG, "redis_url": REDIS}, "redis", RedisBus),
        ({"redis_url": REDIS}, "redis", RedisBus),
        ({"database_url": PG, "live_backend": "memory"}, "memory", MemoryBus),
        (
            {"database_url": PG, "redis_url": REDIS, "live_backend": "postgres"},
            "postgres",
            PostgresBus,
        ),
    ],
)
def test_auto_picks_redis_then_postgres_then_memory(
    tmp_path: Path, values: dict[str, object], backend: str, bus_type: type
) -> None:
    chosen = settings(tmp_path, **values)
    assert chosen.resolved_live_backend == backend
    assert type(build_live_bus(chosen)) is bus_type


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"live_backend": "redis"}, "live_backend 'redis' needs redis_url"),
        ({"live_backend": "postgres"}, "needs a postgresql:// database_url"),
        ({"redis_url": "cache.internal:6379"}, "SALES_ASSISTANT_REDIS_URL"),
        ({"live_backend": "carrier-pigeon"}, "SALES_ASSISTANT_LIVE_BACKEND"),
    ],
)
def test_a_live_backend_without_its_server_is_refused(
    tmp_path: Path, values: dict[str, object], named: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        settings(tmp_path, **values)
    assert named in caught.value.message
