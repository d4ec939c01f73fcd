"""Checkout in a real browser: a shopper adds a product in the widget, checks out, follows the
link to the built-in checkout page, pays, and sees the confirmation in the chat; or a payment
provider's signed webhook pays the order and the open chat shows the same confirmation."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Store
from assistant.domain.base import utcnow
from tests.api.conftest import make_app
from tests.e2e.conftest import LiveServer, free_port, store_key
from tests.e2e.test_widget import BOOTS_ANSWER, ask, open_chat
from tools.payment_events import PAYMENT_SIGNATURE_HEADER, PaymentEvent, event_body, sign_event_body


@pytest.fixture
def shop_server(
    sqlite_settings: Settings, e2e_database: Database, e2e_model: ScriptedChatModel
) -> Iterator[LiveServer]:
    """The server at a port known before the app is built, so checkout links point at it."""
    port = free_port()
    settings = sqlite_settings.model_copy(update={"public_base_url": f"http://127.0.0.1:{port}"})
    with LiveServer(make_app(settings, e2e_database, e2e_model), port=port) as server:
        yield server


def test_a_shopper_checks_out_pays_and_sees_the_confirmation_in_the_chat(
    browser: Any,
    shop_server: LiveServer,
    e2e_model: ScriptedChatModel,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    e2e_model.add(tool_call("search_products", query="boot"), reply(BOOTS_ANSWER))
    e2e_model.add(tool_call("start_checkout"), reply("Your order is ready to pay."))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watched_pages.append(page)
    page.set_default_timeout(20_000)
    open_chat(page, shop_server)

    ask(page, "Do you have hiking boots?")
    card = page.locator(".sa-card", has_text="Trail Boot")
    card.get_by_role("button", name="Add to cart: Trail Boot", exact=False).click()
    expect(page.locator(".sa-cart-count")).to_have_text("1", timeout=30_000)

    ask(page, "check out please")
    pay_link = page.locator(".sa-assistant .sa-pay")
    expect(pay_link).to_have_text("Pay $100.00 now", timeout=30_000)
    page.screenshot(path=str(artifacts / "checkout-01-link.png"))

    with context.expect_page() as opened:
        pay_link.click()
    checkout = opened.value
    watched_pages.append(checkout)
    checkout.set_default_timeout(20_000)
    expect(checkout.locator("h1")).to_have_text(re.compile(r"^Order SA-[0-9A-Z]{8}$"))
    expect(checkout.locator(".line h2")).to_have_text(["Trail Boot"])
    expect(checkout.locator(".totals .total")).to_contain_text("$100.00")
    checkout.screenshot(path=str(artifacts / "checkout-02-page.png"))

    checkout.get_by_role("button", name="Pay $100.00").click()
    expect(checkout.locator(".notice")).to_have_text(
        "Thank you! Your payment was received. You can return to the chat."
    )
    checkout.screenshot(path=str(artifacts / "checkout-03-paid.png"))

    number = checkout.locator("h1").inner_text().removeprefix("Order ")
    page.bring_to_front()
    expect(page.locator(".sa-assistant", has_text="Payment received")).to_have_text(
        f"Payment received for order {number}: $100.00. Thank you for your order!",
        timeout=30_000,
    )
    page.screenshot(path=str(artifacts / "checkout-04-confirmed.png"))


def order_through_the_api(server: LiveServer, sku: str, quantity: int) -> dict[str, Any]:
    """An order awaiting payment, made the way a merchant's own front end would."""
    with httpx.Client(base_url=f"{server.url}/v1/stores/shop") as client:
        token = client.post("/sessions", json={}).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        added = client.post(
            "/cart/items",
            json={"sku": sku, "quantity": quantity},
            headers={**auth, "Idempotency-Key": uuid.uuid4().hex},
        )
        assert added.status_code == 200, added.text
        order = client.post("/checkout", headers={**auth, "Idempotency-Key": uuid.uuid4().hex})
        assert order.status_code == 201, order.text
        body: dict[str, Any] = order.json()
        return body


def test_the_checkout_page_fits_a_phone_and_speaks_the_stores_language(
    browser: Any,
    shop_server: LiveServer,
    e2e_database: Database,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    with e2e_database.transaction() as session:
        session.get_one(Store, "shop").locale = "zh-CN"
    order = order_through_the_api(shop_server, "SOCK-WOOL-M", 3)
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    watched_pages.append(page)
    page.set_default_timeout(20_000)
    page.goto(order["checkout_url"])
    expect(page.locator("h1")).to_have_text(f"订单 {order['order_number']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    button = page.get_by_role("button", name=f"支付 {order['total']['display']}")
    box = button.bounding_box()
    assert box is not None and box["width"] >= 300 and box["height"] >= 44
    page.screenshot(path=str(artifacts / "checkout-05-phone-zh.png"))

    button.click()
    expect(page.locator(".notice")).to_have_text("谢谢！已收到您的付款。您可以回到聊天窗口。")
    page.go_back()
    page.reload()
    expect(page.locator(".notice")).to_have_text("此订单已付款，不会重复扣款。")
    expect(page.get_by_role("button")).to_have_count(0)


def test_a_providers_webhook_pays_and_the_open_chat_shows_the_confirmation(
    browser: Any,
    shop_server: LiveServer,
    e2e_database: Database,
    e2e_model: ScriptedChatModel,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    e2e_model.add(tool_call("search_products", query="boot"), reply(BOOTS_ANSWER))
    e2e_model.add(tool_call("start_checkout"), reply("Your order is ready to pay."))
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    watched_pages.append(page)
    page.set_default_timeout(20_000)
    open_chat(page, shop_server)
    ask(page, "Do you have hiking boots?")
    card = page.locator(".sa-card", has_text="Trail Boot")
    card.get_by_role("button", name="Add to cart: Trail Boot", exact=False).click()
    expect(page.locator(".sa-cart-count")).to_have_text("1", timeout=30_000)
    ask(page, "check out please")
    pay_link = page.locator(".sa-assistant .sa-pay")
    expect(pay_link).to_have_text("Pay $100.00 now", timeout=30_000)
    token = (pay_link.get_attribute("href") or "").rsplit("/", 1)[-1]

    admin = {"Authorization": f"Bearer {store_key(e2e_database, 'payments', ['admin'])}"}
    with httpx.Client(base_url=f"{shop_server.url}/v1/stores/shop") as client:
        secret = client.post("/settings/payment-webhook-secret", headers=admin).json()["secret"]
        event = PaymentEvent(
            id="evt_e2e_1",
            type="payment.succeeded",
            order_token=token,
            amount_minor=10_000,
            currency="USD",
            created_at=utcnow(),
        )
        body = event_body(event)
        answer = client.post(
            "/payments/webhook",
            content=body,
            headers={PAYMENT_SIGNATURE_HEADER: sign_event_body(secret, body)},
        )
    assert answer.status_code == 200, answer.text
    number = answer.json()["order_number"]
    assert answer.json()["outcome"] == "paid"
    expect(page.locator(".sa-assistant", has_text="Payment received")).to_have_text(
        f"Payment received for order {number}: $100.00. Thank you for your order!",
        timeout=30_000,
    )
    page.screenshot(path=str(artifacts / "checkout-06-webhook-confirmed.png"))
