"""Request body caps (413) and rate limits (429 with Retry-After)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel, reply
from assistant.api.middleware.rate_limit import TokenBucketLimiter
from assistant.config import Settings
from assistant.db import Database
from tests.api.conftest import Shopper, make_app


@pytest.fixture
def limited_client(
    settings: Settings, database: Database, stores: dict[str, str], model: ScriptedChatModel
) -> Iterator[TestClient]:
    limited = settings.model_copy(
        update={"rate_limit_per_minute": 2, "rate_limit_client_per_minute": 5}
    )
    with TestClient(make_app(limited, database, model)) as client:
        yield client


def test_a_body_over_the_cap_is_413_before_it_is_read(shopper: Shopper) -> None:
    response = shopper.send("x" * 300_000)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_a_streamed_body_without_a_length_is_cut_off_at_the_cap(
    client: TestClient, shopper: Shopper
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"message": "'
        for _ in range(40):
            yield b"x" * 10_000
        yield b'"}'

    response = client.post(
        "/v1/stores/shop/chat/messages",
        content=chunks(),
        headers={**shopper.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_the_session_rate_limit_answers_429_with_retry_after(
    limited_client: TestClient, model: ScriptedChatModel
) -> None:
    model.add(reply("One."), reply("Two."))
    shopper = Shopper(limited_client)
    assert [shopper.send(text).status_code for text in ("one", "two")] == [200, 200]
    refused = shopper.send("three")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["error"]["code"] == "rate_limited"


def test_the_session_limit_counts_streamed_messages_too(
    limited_client: TestClient, model: ScriptedChatModel
) -> None:
    model.add(reply("One."), reply("Two."))
    shopper = Shopper(limited_client)
    shopper.stream("one")
    shopper.stream("two")
    assert shopper.stream("three").status_code == 429


def test_another_session_has_its_own_allowance(
    limited_client: TestClient, model: ScriptedChatModel
) -> None:
    model.add(reply("One."), reply("Two."), reply("Three."))
    first = Shopper(limited_client)
    first.send("one")
    first.send("two")
    assert Shopper(limited_client).send("hello").status_code == 200


def test_the_client_limit_covers_new_sessions_from_one_address(limited_client: TestClient) -> None:
    statuses = [
        limited_client.post("/v1/stores/shop/sessions", json={}).status_code for _ in range(6)
    ]
    assert statuses == [201] * 5 + [429]


def test_reading_the_transcript_is_not_rate_limited(
    limited_client: TestClient, model: ScriptedChatModel
) -> None:
    shopper = Shopper(limited_client)
    assert {shopper.get("/chat/messages").status_code for _ in range(10)} == {200}


def test_a_token_bucket_refills_at_the_per_minute_rate() -> None:
    now = [0.0]
    limiter = TokenBucketLimiter(clock=lambda: now[0])
    assert [limiter.take("k", 2) for _ in range(3)] == [None, None, 30]
    now[0] = 30.0
    assert limiter.take("k", 2) is None


def test_token_buckets_are_independent_per_key() -> None:
    limiter = TokenBucketLimiter(clock=lambda: 0.0)
    assert limiter.take("a", 1) is None
    assert limiter.take("a", 1) == 60
    assert limiter.take("b", 1) is None
