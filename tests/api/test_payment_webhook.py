"""A payment provider's webhook: signed with the store's secret, applied once per event id, safe
in any order; it pays the order, commits its stock hold and confirms in the shopper's chat."""

from __future__ import annotations

import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from assistant.db import Database
from assistant.domain import Message, Order, PaymentEventRecord, WebhookDelivery
from assistant.domain.base import utcnow
from assistant.payment_events import AppliedEvent, apply_payment_event
from tests.api.conftest import SHOP, Shopper, admin
from tests.api.test_checkout_page import add, check_out, expire_hold, stock
from tools.order_lifecycle import release_expired_reservations
from tools.payment_events import (
    PAYMENT_SIGNATURE_HEADER,
    PaymentEvent,
    event_body,
    sign_event_body,
)

WEBHOOK = f"/v1/stores/{SHOP}/payments/webhook"


@pytest.fixture
def secret(client: TestClient, stores: dict[str, str]) -> str:
    response = client.post(
        f"/v1/stores/{SHOP}/settings/payment-webhook-secret", headers=admin(stores)
    )
    assert response.status_code == 200, response.text
    value: str = response.json()["secret"]
    return value


def event_for(
    order: dict[str, Any],
    kind: str = "payment.succeeded",
    *,
    event_id: str | None = None,
    amount: int | None = None,
    currency: str | None = None,
) -> PaymentEvent:
    return PaymentEvent(
        id=event_id or f"evt_{uuid.uuid4().hex}",
        type=kind,
        order_number=order["order_number"],
        amount_minor=order["total"]["amount_minor"] if amount is None else amount,
        currency=currency or order["total"]["currency"],
        created_at=utcnow(),
    )


def send(
    client: TestClient, secret: str, event: PaymentEvent, *, timestamp: int | None = None
) -> Any:
    body = event_body(event)
    signature = sign_event_body(secret, body, timestamp)
    return client.post(
        WEBHOOK,
        content=body,
        headers={PAYMENT_SIGNATURE_HEADER: signature, "Content-Type": "application/json"},
    )


def order_status(database: Database, number: str) -> str:
    with database.session() as session:
        return session.scalars(select(Order.status).where(Order.number == number)).one()


def confirmations(database: Database, number: str) -> int:
    with database.session() as session:
        count = session.scalar(
            select(func.count(Message.id)).where(
                Message.author == "checkout", Message.content.contains(number)
            )
        )
        return int(count or 0)


def recorded(database: Database) -> list[tuple[str, str]]:
    with database.session() as session:
        rows = session.execute(
            select(PaymentEventRecord.type, PaymentEventRecord.outcome).order_by(
                PaymentEventRecord.id
            )
        )
        return [(kind, outcome) for kind, outcome in rows]


def test_a_signed_success_pays_the_order_and_confirms_in_the_chat(
    shopper: Shopper, client: TestClient, database: Database, secret: str
) -> None:
    add(shopper, "BOOT-TRAIL-42", 2)
    order = check_out(shopper)
    response = send(client, secret, event_for(order, event_id="evt_1"))
    assert response.status_code == 200, response.text
    assert response.json() == {
        "event_id": "evt_1",
        "type": "payment.succeeded",
        "outcome": "paid",
        "order_number": order["order_number"],
        "needs_attention": False,
        "note": None,
    }
    assert order_status(database, order["order_number"]) == "paid"
    assert stock(database, "BOOT-TRAIL-42") == (1, 0)
    messages = shopper.get("/chat/messages").json()["messages"]
    assert messages[-1]["content"] == (
        f"Payment received for order {order['order_number']}: {order['total']['display']}. "
        "Thank you for your order!"
    )


def test_the_secret_is_shown_once_and_the_settings_say_it_exists(
    client: TestClient, stores: dict[str, str], secret: str
) -> None:
    read = client.get(f"/v1/stores/{SHOP}/settings", headers=admin(stores)).json()
    assert read["payment_webhook_secret_set"] is True
    assert secret not in str(read)
    rotated = client.post(
        f"/v1/stores/{SHOP}/settings/payment-webhook-secret", headers=admin(stores)
    ).json()
    assert rotated["secret"] != secret
    assert rotated["signature_header"] == "Payment-Signature"


def test_the_secret_needs_an_admin_key(client: TestClient, stores: dict[str, str]) -> None:
    response = client.post(f"/v1/stores/{SHOP}/settings/payment-webhook-secret")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("missing", "missing"),
        ("malformed", "must read t=<unix seconds>,v1=<hex digest>"),
        ("expired", "more than 300 s from now"),
        ("wrong_secret", "does not match"),
        ("changed_body", "does not match"),
    ],
)
def test_a_bad_signature_is_400_with_the_reason_and_changes_nothing(
    shopper: Shopper,
    client: TestClient,
    database: Database,
    secret: str,
    case: str,
    reason: str,
) -> None:
    add(shopper, "BOOT-TRAIL-42", 1)
    order = check_out(shopper)
    body = event_body(event_for(order))
    now = int(time.time())
    signatures = {
        "missing": None,
        "malformed": "v1=abc",
        "expired": sign_event_body(secret, body, now - 301),
        "wrong_secret": sign_event_body("pwhsec_other", body, now),
        "changed_body": sign_event_body(secret, body.replace(b"USD", b"EUR"), now),
    }
    headers = {"Content-Type": "application/json"}
    if signatures[case] is not None:
        headers[PAYMENT_SIGNATURE_HEADER] = str(signatures[case])
    response = client.post(WEBHOOK, content=body, headers=headers)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_signature"
    assert reason in error["message"]
    assert order_status(database, order["order_number"]) == "pending_payment"
    assert recorded(database) == []


def test_a_store_without_a_secret_refuses_every_event(shopper: Shopper, client: TestClient) -> None:
    add(shopper, "SOCK-WOOL-M")
    order = check_out(shopper)
    response = send(client, "pwhsec_guess", event_for(order))
    assert response.status_code == 400
    assert "no payment webhook secret" in response.json()["error"]["message"]


def test_a_signed_body_that_is_no_event_is_422(client: TestClient, secret: str) -> None:
    for body in (b"not json", b'{"id": "evt_1", "type": "payment.won"}', b"\xff\xfe"):
        signature = sign_event_body(secret, body)
        response = client.post(WEBHOOK, content=body, headers={PAYMENT_SIGNATURE_HEADER: signature})
        assert response.status_code == 422, body
        assert response.json()["error"]["code"] == "invalid_input"


def test_a_header_with_foreign_characters_is_400_not_500(client: TestClient, secret: str) -> None:
    body = b"{}"
    header = f"t={int(time.time())},v1=\u00e9\u00e9".encode("latin-1")
    response = client.post(WEBHOOK, content=body, headers=[(PAYMENT_SIGNATURE_HEADER, header)])
    assert response.status_code == 400


def test_an_unknown_store_is_404(client: TestClient, secret: str) -> None:
    response = client.post("/v1/stores/nowhere/payments/webhook", content=b"{}")
    assert response.status_code == 404


def test_twenty_parallel_replays_in_shuffled_order_pay_once(
    shopper: Shopper, client: TestClient, database: Database, secret: str
) -> None:
    add(shopper, "BOOT-TRAIL-42", 2)
    order = check_out(shopper)
    success = event_for(order, event_id="evt_paid")
    failure = event_for(order, "payment.failed", event_id="evt_declined")
    deliveries = [success] * 20 + [failure] * 3
    random.Random(17).shuffle(deliveries)
    with ThreadPoolExecutor(max_workers=len(deliveries)) as pool:
        responses = list(pool.map(lambda event: send(client, secret, event), deliveries))
    assert [response.status_code for response in responses] == [200] * len(deliveries)
    answers = {response.json()["event_id"]: set() for response in responses}
    for response in responses:
        answers[response.json()["event_id"]].add(response.json()["outcome"])
    assert answers["evt_paid"] == {"paid"}  # every replay answers like the first delivery
    assert len(answers["evt_declined"]) == 1  # failed before or after: never both
    assert order_status(database, order["order_number"]) == "paid"
    assert stock(database, "BOOT-TRAIL-42") == (1, 0)  # committed once: 3 on hand, 2 sold
    assert confirmations(database, order["order_number"]) == 1
    assert sorted(recorded(database)) == sorted(
        [("payment.succeeded", "paid"), ("payment.failed", next(iter(answers["evt_declined"])))]
    )


def test_a_failure_after_the_success_does_not_unpay(
    shopper: Shopper, client: TestClient, database: Database, secret: str
) -> None:
    add(shopper, "SOCK-WOOL-M", 1)
    order = check_out(shopper)
    assert send(client, secret, event_for(order)).json()["outcome"] == "paid"
    late = send(client, secret, event_for(order, "payment.failed")).json()
    assert late["outcome"] == "ignored"
    assert order_status(database, order["order_number"]) == "paid"


def test_a_failure_before_the_success_leaves_the_order_payable(
    shopper: Shopper, client: TestClient, database: Database, secret: str
) -> None:
    add(shopper, "SOCK-WOOL-M", 1)
    order = check_out(shopper)
    first = send(client, secret, event_for(order, "payment.failed")).json()
    assert first["outcome"] == "payment_failed"
    assert order_status(database, order["order_number"]) == "pending_payment"
    assert send(client, secret, event_for(order)).json()["outcome"] == "paid"


def test_a_late_success_for_a_released_order_is_flagged_not_resurrected(
    shopper: Shopper, client: TestClient, database: Database, secret: str
) -> None:
    add(shopper, "BOOT-TRAIL-42", 2)
    order = check_out(shopper)
    expire_hold(database, order["order_number"])
    assert release_expired_reservations(database, utcnow()) == [order["order_number"]]
    assert stock(database, "BOOT-TRAIL-42") == (3, 0)
    late = send(client, secret, event_for(order)).json()
    assert late["outcome"] == "refund_needed"
    assert late["needs_attention"] is True
    assert order_status(database, order["order_number"]) == "cancelled"
    assert stock(database, "BOOT-TRAIL-42") == (3, 0)
    assert confirmations(database, order["order_number"]) == 0
    with database.session() as session:
        row = session.scalars(select(PaymentEventRecord)).one()
        assert (row.outcome, row.needs_attention) == ("refund_needed", True)


def test_a_success_after_the_hold_ran_out_but_before_the_release_still_pays(
    shopper: Shopper, client: TestClient, database: Database, secret: str
) -> None:
    add(shopper, "BOOT-TRAIL-42", 1)
    order = check_out(shopper)
    expire_hold(database, order["order_number"])
    assert send(client, secret, event_for(order)).json()["outcome"] == "paid"
    assert stock(database, "BOOT-TRAIL-42") == (2, 0)
    assert release_expired_reservations(database, utcnow()) == []


@pytest.mark.parametrize(("amount", "currency"), [(1, None), (None, "EUR")])
def test_a_wrong_amount_or_currency_is_refused_and_recorded(
    shopper: Shopper,
    client: TestClient,
    database: Database,
    secret: str,
    amount: int | None,
    currency: str | None,
) -> None:
    add(shopper, "BOOT-TRAIL-42", 1)
    order = check_out(shopper)
    answer = send(client, secret, event_for(order, amount=amount, currency=currency)).json()
    assert answer["outcome"] == "amount_mismatch"
    assert answer["needs_attention"] is True
    assert order["total"]["display"] in answer["note"]
    assert order_status(database, order["order_number"]) == "pending_payment"
    assert stock(database, "BOOT-TRAIL-42") == (3, 1)
    assert recorded(database) == [("payment.succeeded", "amount_mismatch")]


def test_an_event_for_an_unknown_order_is_recorded_and_flagged(
    client: TestClient, database: Database, secret: str
) -> None:
    fake = {"order_number": "SA-NOSUCH00", "total": {"amount_minor": 100, "currency": "USD"}}
    answer = send(client, secret, event_for(fake)).json()
    assert (answer["outcome"], answer["needs_attention"]) == ("unknown_order", True)


def test_the_order_may_be_named_by_its_checkout_token(
    shopper: Shopper, client: TestClient, database: Database, secret: str
) -> None:
    add(shopper, "SOCK-WOOL-M", 1)
    order = check_out(shopper)
    token = order["checkout_url"].rsplit("/", 1)[1]
    event = event_for(order).model_copy(update={"order_number": None, "order_token": token})
    answer = send(client, secret, event).json()
    assert (answer["outcome"], answer["order_number"]) == ("paid", order["order_number"])


def test_a_refund_moves_a_paid_order_to_refunded(
    shopper: Shopper, client: TestClient, database: Database, secret: str
) -> None:
    add(shopper, "SOCK-WOOL-M", 1)
    order = check_out(shopper)
    send(client, secret, event_for(order))
    assert send(client, secret, event_for(order, "payment.refunded")).json()["outcome"] == (
        "refunded"
    )
    assert order_status(database, order["order_number"]) == "refunded"


def test_a_refund_that_arrives_before_its_success_keeps_the_order_unpaid(
    shopper: Shopper, client: TestClient, database: Database, secret: str
) -> None:
    add(shopper, "SOCK-WOOL-M", 1)
    order = check_out(shopper)
    assert send(client, secret, event_for(order, "payment.refunded")).json()["outcome"] == (
        "ignored"
    )
    assert send(client, secret, event_for(order)).json()["outcome"] == "ignored"
    assert order_status(database, order["order_number"]) == "pending_payment"
    assert confirmations(database, order["order_number"]) == 0


def test_a_paid_order_queues_the_stores_order_paid_webhook(
    shopper: Shopper, client: TestClient, database: Database, stores: dict[str, str], secret: str
) -> None:
    patched = client.patch(
        f"/v1/stores/{SHOP}/settings",
        json={"webhook_url": "https://shop.example/hooks"},
        headers=admin(stores),
    )
    assert patched.status_code == 200, patched.text
    add(shopper, "SOCK-WOOL-M", 1)
    order = check_out(shopper)
    send(client, secret, event_for(order, event_id="evt_42"))
    send(client, secret, event_for(order, event_id="evt_42"))
    with database.session() as session:
        queued = session.scalars(select(WebhookDelivery)).all()
    assert [(row.event, row.payload["order_number"]) for row in queued] == [
        ("order.paid", order["order_number"])
    ]
    assert queued[0].payload["payment_event_id"] == "evt_42"


def test_twenty_threads_applying_one_event_at_the_same_moment_pay_once(
    shopper: Shopper, client: TestClient, database: Database
) -> None:
    add(shopper, "BOOT-TRAIL-42", 2)
    order = check_out(shopper)
    event = event_for(order, event_id="evt_race")
    start = threading.Barrier(20)

    def deliver(_: int) -> AppliedEvent:
        start.wait()
        return apply_payment_event(database, SHOP, "demo", event, utcnow())

    with ThreadPoolExecutor(max_workers=20) as pool:
        applied = list(pool.map(deliver, range(20)))
    assert {result.outcome for result in applied} == {"paid"}
    assert sum(not result.replayed for result in applied) == 1
    assert stock(database, "BOOT-TRAIL-42") == (1, 0)
    assert confirmations(database, order["order_number"]) == 1
