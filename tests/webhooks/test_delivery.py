"""Sending queued deliveries to a real HTTP receiver on loopback."""

import json
import threading
from datetime import timedelta

from sqlalchemy import update

from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Store, WebhookDelivery
from assistant.domain.base import utcnow
from assistant.webhooks import deliver_due, verify_signature
from tests.webhooks.conftest import (
    SECRET,
    Receiver,
    add_store,
    deliveries,
    handoff_of,
    queue_conversation,
)


def test_a_delivery_is_signed_and_carries_the_handoff(
    database: Database, settings: Settings, receiver: Receiver
) -> None:
    add_store(database, webhook_url=receiver.url, webhook_secret=SECRET)
    conversation_id = queue_conversation(database)
    _conversation, handoff = handoff_of(database, conversation_id)

    report = deliver_due(database, settings)

    assert (report.delivered, report.retried, report.failed) == (1, 0, 0)
    [request] = receiver.requests
    [row] = deliveries(database)
    assert verify_signature(SECRET, request.headers["x-sales-assistant-signature"], request.body)
    assert request.headers["x-sales-assistant-event"] == "conversation.queued"
    assert request.headers["x-sales-assistant-delivery"] == str(row.id)
    assert request.headers["content-type"] == "application/json"
    assert request.json() == {
        "event": "conversation.queued",
        "delivery_id": row.id,
        "store_id": "shop",
        "conversation_id": conversation_id,
        "reason": "complaint",
        "confidence": 0.42,
        "summary": "Boots leaked on day one; wants a refund",
        "language": "en",
        "priority": 2,
        "queued_at": handoff.requested_at.isoformat(),
        "console_url": f"{settings.public_base_url}/console#{conversation_id}",
    }
    assert (row.status, row.attempts, row.last_error) == ("delivered", 1, None)
    assert row.delivered_at is not None


def test_a_delivered_row_is_not_sent_again(
    database: Database, settings: Settings, receiver: Receiver
) -> None:
    add_store(database, webhook_url=receiver.url, webhook_secret=SECRET)
    queue_conversation(database)
    deliver_due(database, settings)
    later = deliver_due(database, settings, now=utcnow() + timedelta(days=1))
    assert later.attempted == 0
    assert len(receiver.requests) == 1


def test_a_500_is_retried_with_growing_waits(
    database: Database, settings: Settings, receiver: Receiver
) -> None:
    add_store(database, webhook_url=receiver.url, webhook_secret=SECRET)
    queue_conversation(database)
    receiver.statuses.extend([500, 500, 503])
    now = utcnow() + timedelta(seconds=1)

    waits = []
    for _ in range(3):
        assert deliver_due(database, settings, now=now).retried == 1
        [row] = deliveries(database)
        waits.append(row.next_attempt_at - now)
        early = row.next_attempt_at - timedelta(seconds=1)
        assert deliver_due(database, settings, now=early).attempted == 0
        now = row.next_attempt_at

    assert waits == [timedelta(seconds=10), timedelta(seconds=30), timedelta(minutes=2)]
    assert row.last_error == "HTTP 503: receiver says no"
    assert deliver_due(database, settings, now=now).delivered == 1
    [row] = deliveries(database)
    assert (row.status, row.attempts, row.last_error) == ("delivered", 4, None)
    assert len(receiver.requests) == 4


def test_a_timeout_is_retried(database: Database, settings: Settings, receiver: Receiver) -> None:
    add_store(database, webhook_url=receiver.url, webhook_secret=SECRET)
    queue_conversation(database)
    receiver.delay_s = 1.0
    now = utcnow() + timedelta(seconds=1)

    report = deliver_due(database, settings.model_copy(update={"webhook_timeout_s": 0.1}), now=now)

    assert report.retried == 1
    [row] = deliveries(database)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_attempt_at == now + timedelta(seconds=10)
    assert row.last_error == "no answer within 0.1 s"


def test_it_fails_for_good_after_the_last_attempt(
    database: Database, settings: Settings, receiver: Receiver
) -> None:
    settings = settings.model_copy(update={"webhook_max_attempts": 3})
    add_store(database, webhook_url=receiver.url, webhook_secret=SECRET)
    queue_conversation(database)
    receiver.statuses.extend([500] * 10)
    now = utcnow() + timedelta(seconds=1)

    outcomes = []
    for _ in range(3):
        report = deliver_due(database, settings, now=now)
        outcomes.append((report.retried, report.failed))
        now += timedelta(hours=2)

    assert outcomes == [(1, 0), (1, 0), (0, 1)]
    [row] = deliveries(database)
    assert (row.status, row.attempts, row.last_error) == ("failed", 3, "HTTP 500: receiver says no")
    assert deliver_due(database, settings, now=now + timedelta(days=1)).attempted == 0
    assert len(receiver.requests) == 3


def test_without_a_secret_nothing_is_sent_unsigned(
    database: Database, settings: Settings, receiver: Receiver
) -> None:
    add_store(database, webhook_url=receiver.url)
    queue_conversation(database)
    assert deliver_due(database, settings).retried == 1
    [row] = deliveries(database)
    assert row.last_error is not None and "signing secret" in row.last_error
    assert receiver.requests == []


def test_retries_follow_a_changed_url_and_secret(
    database: Database, settings: Settings, receiver: Receiver
) -> None:
    add_store(database, webhook_url="https://old.example/hooks", webhook_secret="whsec_old")
    queue_conversation(database)
    with database.transaction() as session:
        store = session.get(Store, "shop")
        assert store is not None
        store.settings = {**store.settings, "webhook_url": receiver.url, "webhook_secret": SECRET}

    assert deliver_due(database, settings).delivered == 1
    [request] = receiver.requests
    assert verify_signature(SECRET, request.headers["x-sales-assistant-signature"], request.body)
    assert deliveries(database)[0].url == receiver.url


def test_a_row_being_sent_is_not_claimed_again(
    database: Database, settings: Settings, receiver: Receiver
) -> None:
    add_store(database, webhook_url=receiver.url, webhook_secret=SECRET)
    queue_conversation(database)
    reports = []
    # While the first process waits for the receiver, a second one looks for due rows.
    receiver.on_request = lambda: reports.append(deliver_due(database, settings))

    assert deliver_due(database, settings).delivered == 1
    assert [report.attempted for report in reports] == [0]
    assert len(receiver.requests) == 1


def test_a_claim_left_by_a_dead_process_is_retried_after_its_lease(
    database: Database, settings: Settings, receiver: Receiver
) -> None:
    add_store(database, webhook_url=receiver.url, webhook_secret=SECRET)
    queue_conversation(database)
    now = utcnow() + timedelta(seconds=1)
    # A process claimed the row the way deliver_due does, then died before recording anything.
    with database.transaction() as session:
        lease = now + timedelta(seconds=settings.webhook_timeout_s + 60)
        session.execute(update(WebhookDelivery).values(next_attempt_at=lease, attempts=1))

    assert deliver_due(database, settings, now=now).attempted == 0
    assert deliver_due(database, settings, now=lease).delivered == 1
    [row] = deliveries(database)
    assert (row.status, row.attempts) == ("delivered", 2)


def test_two_processes_deliver_each_row_once(
    database: Database, settings: Settings, receiver: Receiver
) -> None:
    add_store(database, webhook_url=receiver.url, webhook_secret=SECRET)
    for _ in range(12):
        queue_conversation(database)
    receiver.delay_s = 0.02
    start = threading.Barrier(2)
    reports = []

    def worker() -> None:
        own = Database(settings)  # its own engine and connections, like another API process
        try:
            start.wait()
            reports.append(deliver_due(own, settings))
        finally:
            own.dispose()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    ids = sorted(json.loads(request.body)["delivery_id"] for request in receiver.requests)
    assert ids == sorted(row.id for row in deliveries(database))
    assert len(ids) == 12
    assert sum(report.delivered for report in reports) == 12
    assert {row.status for row in deliveries(database)} == {"delivered"}
