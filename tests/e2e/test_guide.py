"""The proactive guide in a real browser: on a product page the opener appears once the store's
rule fires, a second one waits for the daily cap, and a shopper who switches it off sees none."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect
from sqlalchemy import func, select

from assistant.db import Database
from assistant.domain import Event, Store
from tests.e2e.conftest import LiveServer


def enable_guide(database: Database, max_per_day: int) -> None:
    with database.transaction() as session:
        store = session.get(Store, "shop")
        assert store is not None
        store.settings = {
            **(store.settings or {}),
            "proactive": {
                "enabled": True,
                "rules": [{"kind": "dwell", "seconds": 5}],
                "max_openers_per_day": max_per_day,
            },
        }


def product_page(page: Any, server: LiveServer, handle: str) -> None:
    page.goto(f"{server.url}/store/shop/products/{handle}")


def dwell_events(database: Database) -> int:
    with database.session() as session:
        return int(
            session.scalar(select(func.count(Event.id)).where(Event.kind == "product.dwell")) or 0
        )


def test_the_opener_appears_and_the_reply_continues_the_conversation(
    browser: Any, live_server: LiveServer, e2e_database: Database
) -> None:
    enable_guide(e2e_database, max_per_day=1)
    page = browser.new_page()
    product_page(page, live_server, "summit-boot")
    opener = page.locator(".sa-opener")
    expect(opener).to_contain_text("Still deciding on the Summit Boot?", timeout=30_000)
    expect(opener).to_contain_text("$150.00")
    opener.get_by_role("button", name="Reply").click()
    expect(page.locator(".sa-assistant", has_text="Summit Boot")).to_be_visible(timeout=20_000)

    # The cap of one a day: a second product page reports its time but opens nothing.
    before = dwell_events(e2e_database)
    product_page(page, live_server, "trail-boot")
    page.wait_for_timeout(12_000)
    assert dwell_events(e2e_database) > before
    assert page.locator(".sa-opener").count() == 0


def test_a_shopper_who_switches_it_off_sees_no_more(
    browser: Any, live_server: LiveServer, e2e_database: Database
) -> None:
    enable_guide(e2e_database, max_per_day=5)
    page = browser.new_page()
    product_page(page, live_server, "summit-boot")
    opener = page.locator(".sa-opener")
    expect(opener).to_be_visible(timeout=30_000)
    opener.get_by_role("button", name="No more tips").click()
    expect(opener).to_have_count(0)

    before = dwell_events(e2e_database)
    product_page(page, live_server, "trail-boot")
    page.wait_for_timeout(12_000)
    assert dwell_events(e2e_database) > before
    assert page.locator(".sa-opener").count() == 0
