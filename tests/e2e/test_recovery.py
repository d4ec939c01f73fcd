"""Cart recovery in a real browser: an identified customer leaves a cart, the job runs on a
clock moved a day on, and the next visit shows the reminder with its coupon, once; the e-mail
opt-in ticked in the cart is stored as consent from the widget."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from playwright.sync_api import expect
from sqlalchemy import select

from assistant.agent.models.scripted import ScriptedChatModel
from assistant.api.deps import services_of
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import ConsentRecord, Customer, Store
from assistant.domain.base import utcnow
from assistant.recovery.sweep import run_cart_recovery
from assistant.shopper_sessions import start_session
from tests.api.conftest import make_app
from tests.e2e.conftest import LiveServer
from tests.recovery.conftest import configure
from tools.cart import add_to_cart


def test_the_reminder_appears_on_the_next_visit_and_consent_is_stored(
    browser: Any,
    sqlite_settings: Settings,
    e2e_database: Database,
    e2e_model: ScriptedChatModel,
    artifacts: Path,
) -> None:
    database = e2e_database
    configure(database)
    app = make_app(sqlite_settings, database, e2e_model)
    clock = {"now": utcnow()}
    services = services_of(app)
    services.tools = replace(services.tools, now=lambda: clock["now"])
    with database.transaction() as session:
        secret = session.get_one(Store, "shop").customer_token_secret
        customer_token = jwt.encode(
            {"sub": "cust-e2e", "exp": datetime.now(UTC) + timedelta(days=30)},
            secret,
            algorithm="HS256",
        )
        issued = start_session(session, sqlite_settings, "shop", customer_token=customer_token)
    deps = services.tools.for_shopper(
        "shop", issued.identity.session_id, customer_id=issued.identity.customer_id
    )
    add_to_cart(deps, "BOOT-TRAIL-42", 1, idempotency_key=uuid.uuid4().hex)
    clock["now"] += timedelta(hours=26)  # a day later: the 5% step is due
    report = run_cart_recovery(services.tools)
    assert report.widget == 1 and report.coupons == 1

    stored = {
        "store_id": "shop",
        "session_id": issued.identity.session_id,
        "token": issued.token,
        "expires_at": issued.expires_at.isoformat(),
        "identified": True,
    }
    with LiveServer(app) as server:
        context = browser.new_context()
        context.add_init_script(
            "window.localStorage.setItem('sales-assistant:shop:session', "
            f"{json.dumps(json.dumps(stored))});"
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{server.url}/store/shop")
        reminder = page.locator(".sa-reminder")
        expect(reminder).to_contain_text("You left something in your cart")
        expect(reminder).to_contain_text("Trail Boot")
        expect(reminder).to_contain_text("$100.00")
        expect(reminder).to_contain_text("5% off")
        page.screenshot(path=str(artifacts / "recovery-01-reminder.png"))

        reminder.get_by_role("button", name="Back to my cart").click()
        expect(page.locator(".sa-cart-total")).to_have_text("Total: $95.00")
        page.get_by_label("Email me about my cart and offers", exact=False).check()
        page.screenshot(path=str(artifacts / "recovery-02-cart-and-consent.png"))

        expect(page.locator(".sa-cart-total")).to_have_text("Total: $95.00")
        page.reload()
        page.get_by_role("button", name="Chat with us").click()
        page.locator(".sa-panel").wait_for(state="visible")
        page.wait_for_timeout(500)
        assert page.locator(".sa-reminder").count() == 0  # shown once
        context.close()

    with database.session() as session:
        customer = session.scalars(select(Customer)).one()
        records = session.scalars(select(ConsentRecord)).all()
    assert customer.marketing_consent and customer.marketing_consent_source == "widget"
    assert [(r.granted, r.source) for r in records] == [(True, "widget")]
    assert records[0].wording and records[0].wording.startswith("Email me about my cart")


def test_an_anonymous_shopper_whose_token_expired_sees_the_reminder_on_return(
    browser: Any,
    sqlite_settings: Settings,
    e2e_database: Database,
    e2e_model: ScriptedChatModel,
    artifacts: Path,
) -> None:
    database = e2e_database
    configure(database)
    app = make_app(sqlite_settings, database, e2e_model)
    left_at = utcnow() - timedelta(hours=27)
    services = services_of(app)
    with database.transaction() as session:
        issued = start_session(session, sqlite_settings, "shop", now=left_at)
    then = replace(services.tools, now=lambda: left_at)
    deps = then.for_shopper("shop", issued.identity.session_id)
    add_to_cart(deps, "BOOT-TRAIL-42", 1, idempotency_key=uuid.uuid4().hex)
    assert run_cart_recovery(services.tools).widget == 1

    # What the widget stored a day ago: the token expired since.
    stored = {
        "store_id": "shop",
        "session_id": issued.identity.session_id,
        "token": issued.token,
        "expires_at": issued.expires_at.isoformat(),
        "identified": False,
    }
    with LiveServer(app) as server:
        context = browser.new_context()
        context.add_init_script(
            "if (!window.sessionStorage.getItem('seeded')) {"
            "window.sessionStorage.setItem('seeded', '1');"
            "window.localStorage.setItem('sales-assistant:shop:session', "
            f"{json.dumps(json.dumps(stored))});}}"
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{server.url}/store/shop")
        reminder = page.locator(".sa-reminder")
        expect(reminder).to_contain_text("You left something in your cart")
        expect(reminder).to_contain_text("Trail Boot")
        expect(reminder).to_contain_text("5% off")
        page.screenshot(path=str(artifacts / "recovery-03-reminder-after-expiry.png"))
        renewed = page.evaluate(
            "JSON.parse(window.localStorage.getItem('sales-assistant:shop:session'))"
        )
        assert renewed["session_id"] != issued.identity.session_id
        page.reload()
        page.get_by_role("button", name="Chat with us").click()
        page.locator(".sa-panel").wait_for(state="visible")
        page.wait_for_timeout(500)
        assert page.locator(".sa-reminder").count() == 0  # shown once
        context.close()
