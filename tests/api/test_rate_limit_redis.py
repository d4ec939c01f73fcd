"""With a Redis URL, every instance spends one rate-limit budget (against the local Redis)."""

from __future__ import annotations

import asyncio
import uuid

from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.middleware.redis_rate_limit import RedisTokenBucketLimiter
from assistant.config import Settings
from assistant.db import Database
from tests.factories import make_store
from tests.live.conftest import redis_url  # noqa: F401 - the fixture that finds the local Redis


def test_two_limiters_on_one_redis_share_a_bucket(redis_url: str) -> None:  # noqa: F811
    prefix = f"test:{uuid.uuid4().hex}:"
    first, second = (RedisTokenBucketLimiter(redis_url, prefix=prefix) for _ in range(2))

    async def hits() -> list[int | None]:
        results = [
            await first.hit("chat:ip:1", 3),
            await second.hit("chat:ip:1", 3),
            await first.hit("chat:ip:1", 3),
            await second.hit("chat:ip:1", 3),
            await second.hit("chat:ip:2", 3),
        ]
        await first.aclose()
        await second.aclose()
        return results

    *allowed, refused, other_key = asyncio.run(hits())
    assert allowed == [None, None, None]
    assert refused is not None and refused >= 1
    assert other_key is None


def test_without_redis_requests_are_let_through() -> None:
    limiter = RedisTokenBucketLimiter("redis://127.0.0.1:1/0")
    assert asyncio.run(limiter.hit("chat:ip:1", 1)) is None


def test_two_instances_share_the_session_start_limit(
    settings: Settings,
    database: Database,
    redis_url: str,  # noqa: F811
) -> None:
    with database.transaction() as session:
        make_store(session, "shop")
    shared = settings.model_copy(update={"redis_url": redis_url, "rate_limit_client_per_minute": 3})
    # A client address of its own, so no other test's bucket is in the way.
    client_address = (f"shopper-{uuid.uuid4().hex}", 4000)
    with (
        TestClient(create_app(shared, database), client=client_address) as one,
        TestClient(create_app(shared, database), client=client_address) as two,
    ):
        statuses = [
            client.post("/v1/stores/shop/sessions", json={}).status_code
            for client in (one, two, one, two)
        ]
    assert statuses == [201, 201, 201, 429]
