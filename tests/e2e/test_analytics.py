"""The admin page's Analytics panel in a real browser at a phone's width: figures, server-drawn
charts, tables, the knowledge gaps and the CSV download, for today's traffic."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from assistant.db import Database
from assistant.domain import (
    Conversation,
    ConversationProduct,
    Feedback,
    Handoff,
    KnowledgeGap,
    Product,
    ShopperSession,
)
from assistant.domain.base import utcnow
from tests.e2e.conftest import LiveServer, store_key
from tests.e2e.test_admin import admin_server as admin_server
from tests.e2e.test_admin import fits_the_screen, phone_page, sign_in


def seed_today(database: Database) -> None:
    now = utcnow().replace(microsecond=0)
    with database.transaction() as session:
        boot = session.query(Product).filter_by(store_id="shop", handle="trail-boot").one()
        for index in range(3):
            session.add(
                ShopperSession(id=f"s{index}", store_id="shop", expires_at=now + timedelta(days=1))
            )
        session.flush()
        session.add_all(
            [
                Conversation(
                    id="c0",
                    store_id="shop",
                    session_id="s0",
                    state="resolved",
                    created_at=now,
                    resolved_at=now,
                ),
                Conversation(
                    id="c1", store_id="shop", session_id="s1", created_at=now, assisted_at=now
                ),
                Conversation(
                    id="c2",
                    store_id="shop",
                    session_id="s2",
                    state="waiting",
                    created_at=now,
                    handed_off_at=now,  # as request_handoff records it
                ),
            ]
        )
        session.flush()
        session.add_all(
            [
                Feedback(
                    store_id="shop",
                    conversation_id="c0",
                    rating=5,
                    resolver="bot",
                    resolved_by="assistant",
                ),
                Handoff(
                    store_id="shop", conversation_id="c2", reason="no_answer", requested_at=now
                ),
                ConversationProduct(
                    store_id="shop",
                    conversation_id="c1",
                    product_id=boot.id,
                    kind="card",
                    created_at=now,
                ),
                KnowledgeGap(
                    store_id="shop",
                    conversation_id="c2",
                    kind="handoff",
                    question="do u ship to iceland",
                    created_at=now,
                ),
                KnowledgeGap(
                    store_id="shop",
                    conversation_id="c1",
                    kind="not_stated",
                    question="do you ship to iceland?",
                    created_at=now,
                ),
            ]
        )


def test_the_panel_shows_todays_figures_charts_and_gaps_on_a_phone(
    browser: Any,
    admin_server: LiveServer,
    e2e_database: Database,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    seed_today(e2e_database)
    page = phone_page(browser, watched_pages)
    sign_in(page, admin_server, store_key(e2e_database, "Owner", ["admin"]))
    page.locator("#an-report").wait_for(state="visible")

    tiles = page.locator("#an-tiles")
    conversations = tiles.locator(".an-tile").filter(has_text="Conversations")
    assert conversations.locator("strong").inner_text() == "3"
    assert "33%" in tiles.locator(".an-tile").filter(has_text="Handoff rate").inner_text()
    assert "5.00" in tiles.locator(".an-tile").filter(has_text="CSAT bot").inner_text()

    charts = page.locator("#an-charts img")
    assert charts.count() == 4
    page.wait_for_function(
        "Array.from(document.querySelectorAll('#an-charts img'))"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    assert page.locator("[data-chart=top_products] img").get_attribute("alt") == (
        "Products shown most"
    )
    products = page.locator("table", has_text="Products shown most")
    assert "Trail Boot" in products.inner_text()
    reasons = page.locator("table", has_text="Handoff reasons")
    assert "no_answer" in reasons.inner_text()

    gap = page.locator("#an-gaps .an-gap").first
    assert "iceland" in gap.locator("strong").inner_text().lower()
    assert "asked 2 times" in gap.inner_text()

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    saved = artifacts / "analytics.csv"
    download.value.save_as(str(saved))
    text = saved.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "store_id,from,to,currency,section,metric,value"
    assert ",resolution,conversations,3" in text

    assert fits_the_screen(page)
    page.screenshot(path=str(artifacts / "analytics-phone.png"), full_page=True)


def test_a_reversed_range_is_explained(
    browser: Any, admin_server: LiveServer, e2e_database: Database, watched_pages: list[Any]
) -> None:
    page = phone_page(browser, watched_pages)
    sign_in(page, admin_server, store_key(e2e_database, "Owner", ["admin"]))
    page.locator("#an-report").wait_for(state="visible")
    page.locator("#an-from").fill("2026-11-05")
    page.locator("#an-to").fill("2026-11-01")
    page.get_by_role("button", name="Show").click()
    error = page.locator("#an-error")
    error.wait_for(state="visible")
    assert "'from' must not be after 'to'" in error.inner_text()
