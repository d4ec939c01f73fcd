"""A server asked to stop (SIGTERM) ends its open event streams properly and exits promptly."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from assistant.db import Database
from assistant.stores import create_api_key
from tests.factories import make_store
from tests.live.conftest import SseStream
from tests.live.test_multi_instance import environment, start_instance


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_shutting_down_ends_open_streams_with_a_complete_response(
    settings: Settings, database: Database, tmp_path: Path
) -> None:
    with database.transaction() as session:
        make_store(session, "shop")
        key = create_api_key(session, "shop", "Ana", ["agent"])[1]
    assert settings.database_url is not None
    server = start_instance(
        "solo", environment(settings.database_url, tmp_path / "solo", {}), tmp_path
    )
    try:
        server.wait_ready()
        with (
            httpx.Client(base_url=server.url, timeout=httpx.Timeout(30.0)) as client,
            client.stream(
                "GET", "/v1/stores/shop/console/events", headers={"Authorization": f"Bearer {key}"}
            ) as response,
        ):
            stream = SseStream(response)
            stream.wait_connected()
            server.process.terminate()
            # The body ends with its final chunk: a cut-off response would raise here.
            rest = stream.remaining_lines()
        # uvicorn re-raises the signal it handled once it has shut down cleanly
        assert server.process.wait(timeout=30) in (0, -signal.SIGTERM)
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait(timeout=10)
    assert all(line == "" or line.startswith(":") for line in rest)
    assert "without completing response" not in server.log.read_text()
