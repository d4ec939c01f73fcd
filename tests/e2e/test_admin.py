"""The store admin page in a real browser, at a phone's width: signing in with an admin key,
previewing a Shopify export and then importing it, reading a document's passages, a settings
change refused next to its field and then saved, an interrupted ingest job retried and followed
to the end, and a question tried as a shopper."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.api.app import create_app
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import IngestJob, IngestJobFile, Product, Store
from assistant.domain.store_settings import settings_of
from retrieval.knowledge import KnowledgeBase
from tests.api.conftest import scripted_agent
from tests.e2e.conftest import LiveServer, new_page, sign_in_to, store_key
from tests.retrieval.conftest import HashingEmbedder, markdown

SHOPIFY_EXPORT = (
    Path(__file__).resolve().parents[1] / "fixtures" / "catalogs" / "shopify_products.csv"
)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def admin_server(
    sqlite_settings: Settings, e2e_database: Database, e2e_model: ScriptedChatModel
) -> Iterator[LiveServer]:
    """The app with the scripted brain and a knowledge base that embeds without a model."""
    knowledge = KnowledgeBase(sqlite_settings, e2e_database, embedder=HashingEmbedder())
    app = create_app(
        sqlite_settings,
        e2e_database,
        agent=scripted_agent(sqlite_settings, e2e_database, e2e_model),
        knowledge=knowledge,
    )
    with LiveServer(app) as server:
        yield server


def phone_page(browser: Any, watched: list[Any]) -> Any:
    return new_page(browser, watched, viewport=PHONE, is_mobile=True, has_touch=True)


def sign_in(page: Any, server: LiveServer, key: str) -> None:
    sign_in_to(page, f"{server.url}/admin", "Admin key", key)


def signed_in(page: Any, server: LiveServer, database: Database) -> Any:
    sign_in(page, server, store_key(database, "Owner", ["admin"]))
    page.locator("#a-app").wait_for(state="visible")
    return page


def fits_the_screen(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_an_admin_key_signs_in_and_an_agent_key_does_not(
    browser: Any,
    admin_server: LiveServer,
    e2e_database: Database,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    page = phone_page(browser, watched_pages)
    sign_in(page, admin_server, store_key(e2e_database, "Desk", ["agent"]))
    error = page.locator("#a-signin-error")
    error.wait_for(state="visible")
    assert "admin key" in error.inner_text()
    assert page.locator("#a-app").is_hidden()

    sign_in(page, admin_server, store_key(e2e_database, "Owner", ["admin"]))
    page.locator("#a-app").wait_for(state="visible")
    assert "shop" in page.locator("#a-who").inner_text()
    assert fits_the_screen(page)
    page.screenshot(path=str(artifacts / "admin-01-signed-in.png"), full_page=True)

    page.reload()  # the key lasts as long as the tab
    page.locator("#a-app").wait_for(state="visible")
    page.get_by_role("button", name="Sign out").click()
    page.locator("#a-signin").wait_for(state="visible")


def test_a_catalog_is_previewed_then_imported_and_its_passages_are_listed(
    browser: Any,
    admin_server: LiveServer,
    e2e_database: Database,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    page = signed_in(phone_page(browser, watched_pages), admin_server, e2e_database)
    page.get_by_label("File to upload").set_input_files(str(SHOPIFY_EXPORT))
    assert page.get_by_role("button", name="Import", exact=True).is_disabled()
    page.get_by_role("button", name="Preview").click()

    page.locator("#a-preview-verdict", has_text="can be imported").wait_for()
    assert page.locator("#a-preview-profile").inner_text().startswith("shopify")
    assert page.locator("#a-preview-counts").inner_text().startswith("2 products")
    assert "Variant Barcode" in page.locator("#a-preview-ignored").inner_text()
    sku_row = page.locator("#a-preview-columns tr", has_text="Variant SKU")
    assert "sku" in sku_row.inner_text()
    with e2e_database.session() as session:  # a preview writes nothing
        assert session.scalar(select(Product).where(Product.handle == "summit-bottle-750")) is None
    assert fits_the_screen(page)  # the wide table scrolls inside its box
    page.screenshot(path=str(artifacts / "admin-02-preview.png"), full_page=True)

    page.get_by_role("button", name="Import", exact=True).click()
    result = page.locator("#a-import-result")
    result.wait_for(state="visible")
    assert "2 products added" in result.inner_text()
    with e2e_database.session() as session:
        assert session.scalar(select(Product).where(Product.handle == "summit-bottle-750"))

    row = page.locator("#a-documents-body tr", has_text="shopify_products")
    row.wait_for()
    row.get_by_role("button", name="Passages").click()
    page.locator("#a-passages-title", has_text="Passages of").wait_for()
    assert "Ridgeline Trail Runner" in page.locator("#a-passages-list").inner_text()


def test_a_refused_setting_is_shown_next_to_its_field_and_a_good_one_is_saved(
    browser: Any,
    admin_server: LiveServer,
    e2e_database: Database,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    page = signed_in(phone_page(browser, watched_pages), admin_server, e2e_database)
    page.get_by_label("Handoff threshold (0 to 1)").fill("1.5")
    page.get_by_label("Monday opens").fill("09:00")
    page.get_by_label("Monday closes").fill("17:00")
    page.get_by_role("button", name="Save settings").click()

    field_error = page.locator("#a-err-handoff_threshold")
    field_error.wait_for(state="visible")
    assert "less than or equal to 1" in field_error.inner_text()
    assert page.locator("#a-err-business_hours").is_hidden()
    page.screenshot(path=str(artifacts / "admin-03-settings-error.png"), full_page=True)

    page.get_by_label("Handoff threshold (0 to 1)").fill("0.5")
    page.get_by_label("Shop domains (one per line, e.g. shop.example)").fill("Shop.Example")
    page.get_by_role("button", name="Save settings").click()
    page.locator("#a-settings-saved").wait_for(state="visible")
    assert field_error.is_hidden()
    with e2e_database.session() as session:
        saved = settings_of(session.get_one(Store, "shop"))
    assert saved.handoff_threshold == 0.5
    assert list(saved.own_domains) == ["shop.example"]
    assert tuple(saved.business_hours["mon"] or ()) == ("09:00", "17:00")
    assert page.get_by_label("Shop domains (one per line, e.g. shop.example)").input_value() == (
        "shop.example"
    )


def test_a_question_tried_as_a_shopper_shows_the_answer_and_the_tools_called(
    browser: Any,
    admin_server: LiveServer,
    e2e_database: Database,
    e2e_model: ScriptedChatModel,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    e2e_model.add(tool_call("check_stock", sku="BOOT-TRAIL-42"), reply("Yes, 3 are in stock."))
    page = signed_in(phone_page(browser, watched_pages), admin_server, e2e_database)
    page.get_by_label("Question").fill("Is the trail boot in stock in 42?")
    page.get_by_role("button", name="Ask").click()

    page.locator("#a-answer-reply", has_text="Yes, 3 are in stock.").wait_for()
    tools = page.locator("#a-answer-tools li")
    assert tools.count() == 1
    tools.first.locator("summary").click()
    assert "check_stock" in tools.first.inner_text()
    assert '"sku": "BOOT-TRAIL-42"' in tools.first.inner_text()
    assert page.locator("#a-answer-confidence").inner_text()
    assert fits_the_screen(page)
    page.screenshot(path=str(artifacts / "admin-04-try-it.png"), full_page=True)


def interrupted_job(database: Database) -> str:
    """What a process killed in the middle of a background import leaves behind."""
    rules = markdown("Rules", {"Tents": "Tents are aired before shipping.", "Boots": "Boots too."})
    with database.transaction() as session:
        job = IngestJob(store_id="shop", status="interrupted", total=2, done=1, result={})
        session.add(job)
        session.flush()
        session.add(
            IngestJobFile(
                job_id=job.id, position=0, source="rules.md", doc_type="policy", data=rules
            )
        )
        return job.id


def test_an_interrupted_job_is_retried_and_followed_until_it_is_done(
    browser: Any,
    admin_server: LiveServer,
    e2e_database: Database,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    interrupted_job(e2e_database)
    page = signed_in(phone_page(browser, watched_pages), admin_server, e2e_database)
    job = page.locator("#a-jobs-list .a-job")
    job.wait_for()
    assert job.get_attribute("data-status") == "interrupted"
    assert "1 of 2 passages" in job.inner_text()
    assert page.locator("#a-documents-empty").is_visible()

    job.get_by_role("button", name="Retry").click()
    page.locator('#a-jobs-list .a-job[data-status="succeeded"]').wait_for()
    assert "2 of 2 passages" in job.inner_text()
    assert job.get_by_role("button", name="Retry").count() == 0
    page.locator("#a-documents-body tr", has_text="rules.md").wait_for()  # listed without a reload
    page.screenshot(path=str(artifacts / "admin-05-job-retried.png"), full_page=True)


def test_a_catalog_with_a_bad_row_is_refused_unless_the_valid_rows_are_chosen(
    browser: Any,
    admin_server: LiveServer,
    e2e_database: Database,
    watched_pages: list[Any],
    tmp_path: Path,
) -> None:
    export = tmp_path / "lamps.csv"
    export.write_text("sku,title,price,stock\nLAMP-1,Desk Lamp,24.00,5\nLAMP-2,Floor Lamp,x,2\n")
    page = signed_in(phone_page(browser, watched_pages), admin_server, e2e_database)
    page.get_by_label("File to upload").set_input_files(str(export))
    page.get_by_role("button", name="Preview").click()

    page.locator("#a-preview-verdict", has_text="would be refused").wait_for()
    assert "line 3" in page.locator("#a-preview-problems").inner_text()
    import_button = page.get_by_role("button", name="Import", exact=True)
    assert import_button.is_disabled()
    page.get_by_label("Import the valid rows and report the bad ones").check()
    import_button.click()

    result = page.locator("#a-import-result")
    result.wait_for(state="visible")
    assert "1 bad rows skipped" in result.inner_text()
    with e2e_database.session() as session:
        titles = set(session.scalars(select(Product.title)))
    assert "Desk Lamp" in titles and "Floor Lamp" not in titles
