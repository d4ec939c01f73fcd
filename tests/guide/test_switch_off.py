"""Switching the guide off is idempotent, also when the widget sends it twice at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from assistant.db import Database
from assistant.domain import GuideOptOut
from tests.guide.conftest import EventShopper

CALLS = 8


def all_at_once(client: TestClient, url: str, headers: dict[str, str]) -> list[int]:
    """POST `url` from CALLS threads released together; their status codes."""
    barrier = threading.Barrier(CALLS, timeout=60)

    def call(_: int) -> int:
        barrier.wait()
        return client.post(url, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=CALLS) as pool:
        return list(pool.map(call, range(CALLS)))


def opt_outs(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(GuideOptOut)) or 0)


def test_simultaneous_switch_offs_all_succeed_and_store_one_row(
    client: TestClient, shopper: EventShopper, database: Database
) -> None:
    url = shopper.url("/guide/switch-off")
    answers = all_at_once(client, url, shopper.headers)
    assert answers == [204] * CALLS
    assert opt_outs(database) == 1


def test_switching_off_again_later_keeps_one_row(
    client: TestClient, shopper: EventShopper, database: Database
) -> None:
    url = shopper.url("/guide/switch-off")
    assert client.post(url, headers=shopper.headers).status_code == 204
    assert client.post(url, headers=shopper.headers).status_code == 204
    assert opt_outs(database) == 1
