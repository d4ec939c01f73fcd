"""Unpaid orders release their stock on a schedule every API process runs; how long an order
holds its stock is the store's `payment_timeout_minutes`."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from assistant.agent.models.scripted import ScriptedChatModel
from assistant.api.deps import services_of
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Order
from assistant.domain.base import utcnow
from tests.api.conftest import SHOP, Shopper, admin, make_app
from tests.api.test_checkout_page import add, check_out, expire_hold, stock
from tools.order_lifecycle import release_expired_reservations


def set_timeout(client: TestClient, stores: dict[str, str], minutes: object) -> dict[str, object]:
    response = client.patch(
        f"/v1/stores/{SHOP}/settings",
        json={"payment_timeout_minutes": minutes},
        headers=admin(stores),
    )
    return {"status": response.status_code, **response.json()}


def hold_of(order: dict[str, object]) -> timedelta:
    expires = datetime.fromisoformat(str(order["reservation_expires_at"]))
    placed = datetime.fromisoformat(str(order["placed_at"]))
    return expires - placed


def test_the_stores_payment_timeout_sets_a_new_orders_hold(
    shopper: Shopper, client: TestClient, stores: dict[str, str], settings: Settings
) -> None:
    add(shopper, "SOCK-WOOL-M")
    assert hold_of(check_out(shopper)) == timedelta(seconds=settings.reservation_ttl_s)
    changed = set_timeout(client, stores, 45)
    assert (changed["status"], changed["payment_timeout_minutes"]) == (200, 45)
    add(shopper, "SOCK-WOOL-M")
    assert hold_of(check_out(shopper)) == timedelta(minutes=45)


@pytest.mark.parametrize("minutes", [0, -5, 7 * 24 * 60 + 1, "soon", 2.5])
def test_a_payment_timeout_out_of_range_is_422(
    client: TestClient, stores: dict[str, str], minutes: object
) -> None:
    assert set_timeout(client, stores, minutes)["status"] == 422


def test_null_puts_the_payment_timeout_back_to_the_service_default(
    client: TestClient, stores: dict[str, str]
) -> None:
    set_timeout(client, stores, 10)
    assert set_timeout(client, stores, None)["payment_timeout_minutes"] is None


def test_the_apps_background_job_releases_an_expired_hold(
    settings: Settings, database: Database, stores: dict[str, str]
) -> None:
    quick = settings.model_copy(update={"payment_release_interval_s": 0.05})
    app = make_app(quick, database, ScriptedChatModel())
    assert "payment-holds" in [job.name for job in services_of(app).jobs.jobs]
    with TestClient(app) as client:
        shopper = Shopper(client)
        add(shopper, "BOOT-TRAIL-42", 2)
        order = check_out(shopper)
        assert stock(database, "BOOT-TRAIL-42") == (3, 2)
        expire_hold(database, order["order_number"])
        deadline = time.monotonic() + 30
        while stock(database, "BOOT-TRAIL-42") != (3, 0) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert stock(database, "BOOT-TRAIL-42") == (3, 0)
    with database.session() as session:
        released = session.scalars(select(Order).where(Order.number == order["order_number"])).one()
        assert released.status == "cancelled"
        assert [step.status for step in released.history] == ["pending_payment", "cancelled"]


def test_two_release_runners_at_once_release_each_order_once(
    client: TestClient, database: Database, stores: dict[str, str]
) -> None:
    numbers = []
    for _ in range(6):
        shopper = Shopper(client)
        add(shopper, "SOCK-WOOL-M", 2)
        numbers.append(check_out(shopper)["order_number"])
    assert stock(database, "SOCK-WOOL-M") == (50, 12)
    for number in numbers:
        expire_hold(database, number)
    start = threading.Barrier(2)
    released: list[list[str]] = [[], []]

    def run(index: int) -> None:
        start.wait()
        released[index] = release_expired_reservations(database, utcnow())

    runners = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    assert sorted(released[0] + released[1]) == sorted(numbers)
    assert not set(released[0]) & set(released[1])
    assert stock(database, "SOCK-WOOL-M") == (50, 0)
