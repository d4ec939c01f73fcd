"""The built-in checkout page: the order from its record, paid once with a plain form, the hold
committed, the confirmation in the shopper's conversation; nothing opens without the token."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.api.deps import services_of
from assistant.db import Database
from assistant.domain import Conversation, Message, Order, Store, Variant
from assistant.domain.base import utcnow
from assistant.live import LiveEvent
from tests.api.conftest import SHOP, Shopper, admin
from tests.tools.conftest import key


def add(shopper: Shopper, sku: str, quantity: int = 1) -> None:
    response = shopper.client.post(
        shopper.url("/cart/items"),
        json={"sku": sku, "quantity": quantity},
        headers={**shopper.headers, "Idempotency-Key": key()},
    )
    assert response.status_code == 200, response.text


def check_out(shopper: Shopper) -> dict[str, Any]:
    response = shopper.client.post(
        shopper.url("/checkout"), headers={**shopper.headers, "Idempotency-Key": key()}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def page_path(order: dict[str, Any]) -> str:
    return urlsplit(order["checkout_url"]).path


def pay(client: TestClient, order: dict[str, Any], **headers: str) -> Any:
    return client.post(page_path(order) + "/pay", headers=headers)


def stock(database: Database, sku: str) -> tuple[int, int]:
    with database.session() as session:
        variant = session.scalars(
            select(Variant).where(Variant.store_id == SHOP, Variant.sku == sku)
        ).one()
        return variant.stock_on_hand, variant.stock_reserved


def expire_hold(database: Database, number: str) -> None:
    """Let the order's stock hold run out (as if its payment time had passed)."""
    with database.transaction() as session:
        session.execute(
            update(Order)
            .where(Order.number == number)
            .values(reservation_expires_at=utcnow() - timedelta(seconds=1))
        )


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_the_checkout_link_opens_a_page_with_the_orders_lines_and_totals(
    shopper: Shopper, client: TestClient
) -> None:
    add(shopper, "BOOT-TRAIL-42", 2)
    add(shopper, "SOCK-WOOL-M", 3)
    order = check_out(shopper)
    response = client.get(page_path(order))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    text = text_of(response.text)
    assert f"Order {order['order_number']}" in text
    for line in order["lines"]:
        assert line["title"] in text
        assert f"Quantity {line['quantity']} × {line['unit_price']['display']}" in text
        assert line["line_total"]["display"] in text
    assert f"Total (USD) {order['total']['display']}" in text
    assert f"Pay {order['total']['display']}" in text
    assert re.search(r'<form method="post" action="/checkout/[^"]+/pay">', response.text)


def test_the_link_carries_a_secret_not_the_order_number(shopper: Shopper) -> None:
    add(shopper, "SOCK-WOOL-M")
    order = check_out(shopper)
    assert order["order_number"] not in order["checkout_url"]
    assert len(page_path(order).rsplit("/", 1)[1]) >= 32


def test_a_wrong_token_or_an_order_number_is_404(shopper: Shopper, client: TestClient) -> None:
    add(shopper, "SOCK-WOOL-M")
    order = check_out(shopper)
    token = page_path(order).rsplit("/", 1)[1]
    for path in (
        f"/checkout/{token[:-1]}x",
        f"/checkout/{order['order_number']}",
        f"/checkout/{token * 4}",
        f"/checkout/{token}x/pay",
    ):
        response = client.get(path) if not path.endswith("/pay") else client.post(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("text/html")
        assert order["order_number"] not in response.text


def test_paying_marks_the_order_paid_and_commits_the_stock_hold(
    shopper: Shopper, client: TestClient, database: Database
) -> None:
    add(shopper, "BOOT-TRAIL-42", 2)
    order = check_out(shopper)
    assert stock(database, "BOOT-TRAIL-42") == (3, 2)
    response = pay(client, order)
    assert response.status_code == 200
    assert "Your payment was received" in response.text
    assert "<form" not in response.text
    assert stock(database, "BOOT-TRAIL-42") == (1, 0)
    with database.session() as session:
        row = session.scalars(select(Order).where(Order.number == order["order_number"])).one()
        assert row.status == "paid"
        assert [step.status for step in row.history] == ["pending_payment", "paid"]


def test_paying_twice_charges_once_and_says_it_is_already_paid(
    shopper: Shopper, client: TestClient, database: Database
) -> None:
    add(shopper, "BOOT-TRAIL-42", 2)
    order = check_out(shopper)
    assert pay(client, order).status_code == 200
    again = pay(client, order)
    assert again.status_code == 200
    assert "This order is already paid" in again.text
    assert stock(database, "BOOT-TRAIL-42") == (1, 0)
    visit = client.get(page_path(order))
    assert "This order is already paid" in visit.text
    assert "<form" not in visit.text


def test_an_order_whose_hold_ran_out_cannot_be_paid(
    shopper: Shopper, client: TestClient, database: Database
) -> None:
    add(shopper, "BOOT-TRAIL-42", 1)
    order = check_out(shopper)
    expire_hold(database, order["order_number"])
    visit = client.get(page_path(order))
    assert "can no longer be paid" in visit.text
    assert "<form" not in visit.text
    response = pay(client, order)
    assert response.status_code == 409
    assert "the time to pay ran out" in response.text
    assert stock(database, "BOOT-TRAIL-42") == (3, 1)  # the expiry job releases it, not a sale


def test_a_cancelled_order_cannot_be_paid(
    shopper: Shopper, client: TestClient, database: Database
) -> None:
    add(shopper, "SOCK-WOOL-M")
    order = check_out(shopper)
    with database.transaction() as session:
        session.execute(
            update(Order).where(Order.number == order["order_number"]).values(status="cancelled")
        )
    response = pay(client, order)
    assert response.status_code == 409
    assert "it was cancelled" in response.text


def test_the_confirmation_is_posted_in_the_shoppers_conversation(
    shopper: Shopper, client: TestClient, database: Database
) -> None:
    add(shopper, "BOOT-TRAIL-42", 2)
    order = check_out(shopper)
    pay(client, order)
    pay(client, order)  # the second click posts nothing more
    transcript = shopper.get("/chat/messages").json()
    confirmations = [m for m in transcript["messages"] if order["order_number"] in m["content"]]
    assert [(m["role"], m["content"]) for m in confirmations] == [
        (
            "assistant",
            f"Payment received for order {order['order_number']}: {order['total']['display']}. "
            "Thank you for your order!",
        )
    ]
    with database.session() as session:
        stored = session.scalars(select(Message).where(Message.author == "checkout")).one()
        assert stored.store_id == SHOP


def test_the_confirmation_is_announced_on_the_conversations_live_stream(
    shopper: Shopper, client: TestClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(shopper, "SOCK-WOOL-M")
    order = check_out(shopper)
    published: list[LiveEvent] = []
    bus = services_of(client.app).live_bus
    monkeypatch.setattr(bus, "publish", lambda events: published.extend(events))
    pay(client, order)
    with database.session() as session:
        conversation = session.scalars(
            select(Conversation).where(Conversation.session_id == shopper.session_id)
        ).one()
    created = [event for event in published if event.kind == "message.created"]
    assert [(event.conversation_id, event.data["role"]) for event in created] == [
        (conversation.id, "assistant")
    ]


def test_a_chinese_store_shows_the_page_in_chinese(
    shopper: Shopper, client: TestClient, database: Database
) -> None:
    with database.transaction() as session:
        session.get_one(Store, SHOP).locale = "zh-CN"
    add(shopper, "SOCK-WOOL-M", 1)
    order = check_out(shopper)
    page = client.get(page_path(order)).text
    assert '<html lang="zh-CN">' in page
    assert f"订单 {order['order_number']}" in page
    assert f"支付 {order['total']['display']}" in page
    pay(client, order)
    messages = shopper.get("/chat/messages").json()["messages"]
    assert messages[-1]["content"].startswith(f"订单 {order['order_number']} 已付款")


def test_the_page_has_the_storefront_headers_and_no_script(
    shopper: Shopper, client: TestClient
) -> None:
    add(shopper, "SOCK-WOOL-M")
    order = check_out(shopper)
    response = client.get(page_path(order))
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy  # nothing inline may run
    assert re.search(r"style-src 'self' 'sha256-[^']+'", policy)
    assert "form-action 'self'" in policy
    assert "<script" not in response.text
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["cache-control"] == "no-store"
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in response.text


def test_a_payment_sent_from_another_site_is_refused(
    shopper: Shopper, client: TestClient, database: Database
) -> None:
    add(shopper, "SOCK-WOOL-M")
    order = check_out(shopper)
    assert pay(client, order, origin="https://evil.example").status_code == 403
    assert pay(client, order, **{"sec-fetch-site": "cross-site"}).status_code == 403
    assert stock(database, "SOCK-WOOL-M") == (50, 1)
    assert pay(client, order, origin="http://testserver").status_code == 200


def test_a_store_checkout_template_replaces_the_built_in_page(
    shopper: Shopper, client: TestClient, stores: dict[str, str]
) -> None:
    template = "https://shop.example/pay?order={order_number}&t={token}"
    response = client.patch(
        f"/v1/stores/{SHOP}/settings",
        json={"checkout_url_template": template},
        headers=admin(stores),
    )
    assert response.status_code == 200, response.text
    assert response.json()["checkout_url_template"] == template
    add(shopper, "SOCK-WOOL-M")
    order = check_out(shopper)
    assert re.fullmatch(
        rf"https://shop\.example/pay\?order={order['order_number']}&t=[A-Za-z0-9_-]{{32}}",
        order["checkout_url"],
    )


def test_a_store_checkout_template_must_be_https_with_known_placeholders(
    client: TestClient, stores: dict[str, str]
) -> None:
    for bad in (
        "http://shop.example/pay/{token}",
        "https://shop.example/pay/{order_id}",
        "https://shop.example/pay",
        "https://{token}.example/pay",
        "javascript:alert(1)//{token}",
    ):
        response = client.patch(
            f"/v1/stores/{SHOP}/settings",
            json={"checkout_url_template": bad},
            headers=admin(stores),
        )
        assert response.status_code == 422, bad


def test_a_chat_reply_that_checked_out_carries_the_link_to_pay(
    shopper: Shopper, client: TestClient, model: ScriptedChatModel
) -> None:
    add(shopper, "SOCK-WOOL-M", 2)
    model.add(tool_call("start_checkout"), reply("Your order is ready to pay."))
    body = shopper.send("check out").json()
    link = body["checkout"]
    assert link["total"]["display"] == "$20.00"
    page = client.get(urlsplit(link["url"]).path)
    assert f"Order {link['order_number']}" in text_of(page.text)
    model.add(reply("You're welcome."))
    assert shopper.send("thanks").json()["checkout"] is None
