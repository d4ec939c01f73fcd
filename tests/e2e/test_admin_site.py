"""The admin page's site sync panel in a real browser, against a little shop site on loopback:
a bad URL refused next to its field, the sitemap and schedule saved, a dry run previewed
without writing anything, then a sync run now and followed to its counts and failures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from assistant.agent.models.scripted import ScriptedChatModel
from assistant.api.app import create_app
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Document, SiteSyncRun, SiteSyncState, Store
from assistant.domain.store_settings import settings_of
from retrieval.knowledge import KnowledgeBase
from tests.api.conftest import scripted_agent
from tests.e2e.conftest import LiveServer, new_page, sign_in_to, store_key
from tests.retrieval.conftest import HashingEmbedder
from tests.retrieval.site_sync import conftest as site_fixtures
from tests.retrieval.site_sync.conftest import MAX_PAGE_BYTES, Site

elsewhere = site_fixtures.elsewhere
shop = site_fixtures.shop
site = site_fixtures.site

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site_server(
    sqlite_settings: Settings, e2e_database: Database, e2e_model: ScriptedChatModel
) -> Iterator[LiveServer]:
    """The app allowed to read the loopback shop, with no delay between requests."""
    settings = sqlite_settings.model_copy(
        update={
            "site_sync_allowed_hosts": ["127.0.0.1", "127.0.0.2"],
            "site_sync_delay_s": 0.0,
            "site_sync_max_page_bytes": MAX_PAGE_BYTES,
        }
    )
    knowledge = KnowledgeBase(settings, e2e_database, embedder=HashingEmbedder())
    app = create_app(
        settings,
        e2e_database,
        agent=scripted_agent(settings, e2e_database, e2e_model),
        knowledge=knowledge,
    )
    with LiveServer(app) as server:
        yield server


def site_sources(database: Database) -> set[str]:
    with database.session() as session:
        sources = session.scalars(select(Document.source).where(Document.store_id == "shop"))
        return {source for source in sources if source.startswith("http")}


def test_the_site_is_set_up_previewed_and_synced_from_the_admin_page(
    browser: Any,
    site_server: LiveServer,
    e2e_database: Database,
    watched_pages: list[Any],
    artifacts: Path,
    site: Site,
) -> None:
    page = new_page(browser, watched_pages, viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in_to(
        page, f"{site_server.url}/admin", "Admin key", store_key(e2e_database, "O", ["admin"])
    )
    page.locator("#a-app").wait_for(state="visible")
    page.get_by_role("link", name="Site sync").click()
    page.locator("#a-site-runs-empty").wait_for(state="visible")

    sitemap = page.get_by_label("Sitemap URL (e.g. https://shop.example/sitemap.xml)")
    sitemap.fill("ftp://example.com/sitemap.xml")
    page.get_by_role("button", name="Save site sync").click()
    field_error = page.locator("#a-site-err-sitemap_url")
    field_error.wait_for(state="visible")
    assert "http(s)" in field_error.inner_text()

    sitemap.fill(site.url("/sitemap.xml"))
    page.get_by_label("Sync every (hours; empty: only when you ask)").fill("24")
    page.get_by_role("button", name="Save site sync").click()
    page.locator("#a-site-saved", has_text="Site sync saved.").wait_for()
    assert field_error.is_hidden()
    with e2e_database.session() as session:
        saved = settings_of(session.get_one(Store, "shop")).site_sync
    assert saved is not None
    assert (saved.sitemap_url, saved.interval_hours) == (site.url("/sitemap.xml"), 24)

    page.get_by_role("button", name="Dry run").click()
    dry = page.locator(".a-site-run[data-status='succeeded']", has_text="dry run")
    dry.wait_for()
    assert "4 would be added" in dry.locator(".a-site-counts").inner_text()
    assert site_sources(e2e_database) == set()  # a dry run writes nothing
    page.screenshot(path=str(artifacts / "admin-site-01-dry-run.png"), full_page=True)

    page.get_by_role("button", name="Sync now").click()
    synced = page.locator(".a-site-run[data-status='succeeded']", has_text="sync · manual")
    synced.wait_for()
    assert "4 added" in synced.locator(".a-site-counts").inner_text()
    synced.locator(".a-site-failed summary").click()
    failures = synced.locator(".a-site-failed").inner_text()
    assert "Failed (kept as they were) (2)" in failures
    assert "not on the store's hosts" in failures
    synced.locator(".a-site-skipped summary").click()
    assert "disallowed by robots.txt" in synced.locator(".a-site-skipped").inner_text()
    page.locator("#a-site-next", has_text="Next scheduled sync").wait_for()
    assert site.url("/returns") in site_sources(e2e_database)
    page.locator("#a-documents-body tr", has_text=site.url("/returns")).wait_for()
    assert bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
    page.screenshot(path=str(artifacts / "admin-site-02-synced.png"), full_page=True)
    with e2e_database.session() as session:
        runs = session.scalars(select(SiteSyncRun).order_by(SiteSyncRun.created_at)).all()
    assert [(run.dry_run, run.status) for run in runs] == [
        (True, "succeeded"),
        (False, "succeeded"),
    ]


def test_a_second_sync_while_one_runs_is_explained(
    browser: Any,
    site_server: LiveServer,
    e2e_database: Database,
    watched_pages: list[Any],
    site: Site,
) -> None:
    with e2e_database.transaction() as session:
        store = session.get_one(Store, "shop")
        store.settings = {**store.settings, "site_sync": {"sitemap_url": site.url("/sitemap.xml")}}
    with e2e_database.transaction() as session:
        session.add(SiteSyncState(store_id="shop", active_run_id="0" * 32))
    page = new_page(browser, watched_pages)
    sign_in_to(
        page, f"{site_server.url}/admin", "Admin key", store_key(e2e_database, "O", ["admin"])
    )
    page.locator("#a-app").wait_for(state="visible")
    assert page.get_by_label("Sitemap URL (e.g. https://shop.example/sitemap.xml)").input_value()

    page.get_by_role("button", name="Sync now").click()

    error = page.locator("#a-site-error")
    error.wait_for(state="visible")
    assert "already running" in error.inner_text()
    assert site.requests == []
