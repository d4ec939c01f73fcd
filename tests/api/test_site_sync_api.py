"""Site sync over the API: the setting, a sync started in the background and followed to its
end, a dry run, one run at a time, typed errors, the schedule's periodic job, and the OpenAPI
document. The shop is a little site on loopback (`tests.retrieval.site_sync.conftest`)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from assistant.api.app import create_app
from assistant.api.deps import get_site_sync
from assistant.api.services import AppServices
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Document, SiteSyncState
from retrieval.knowledge import KnowledgeBase
from retrieval.site_sync.worker import SiteSyncWorker
from tests.api.conftest import RIVAL, SHOP, admin
from tests.retrieval.conftest import HashingEmbedder
from tests.retrieval.site_sync import conftest as site_fixtures
from tests.retrieval.site_sync.conftest import MAX_PAGE_BYTES, Site
from tests.retrieval.site_sync.test_worker import GatedSync

# The little shop site and the other host, from the site sync tests.
elsewhere = site_fixtures.elsewhere
shop = site_fixtures.shop
site = site_fixtures.site

RUNS = f"/v1/stores/{SHOP}/site-sync/runs"
FINAL = ("succeeded", "failed", "interrupted")


@pytest.fixture
def sync_settings(settings: Settings) -> Settings:
    """The test's settings, allowed to fetch from loopback, with no delay between requests."""
    return settings.model_copy(
        update={
            "site_sync_allowed_hosts": ["127.0.0.1", "127.0.0.2"],
            "site_sync_delay_s": 0.0,
            "site_sync_timeout_s": 5.0,
            "site_sync_max_page_bytes": MAX_PAGE_BYTES,
        }
    )


@pytest.fixture
def sync_app(sync_settings: Settings, database: Database, stores: dict[str, str]) -> FastAPI:
    knowledge = KnowledgeBase(sync_settings, database, embedder=HashingEmbedder())
    return create_app(sync_settings, database, knowledge=knowledge)


@pytest.fixture
def client(sync_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(sync_app) as test_client:
        yield test_client


def set_up(client: TestClient, stores: dict[str, str], **sync: Any) -> Any:
    return client.patch(
        f"/v1/stores/{SHOP}/settings", json={"site_sync": sync}, headers=admin(stores)
    )


def finished(client: TestClient, stores: dict[str, str], run_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run: dict[str, Any] = client.get(f"{RUNS}/{run_id}", headers=admin(stores)).json()
        if run["status"] in FINAL:
            return run
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} did not finish")


def test_the_site_sync_setting_is_saved_and_read_back(
    client: TestClient, stores: dict[str, str], site: Site
) -> None:
    saved = set_up(client, stores, sitemap_url=site.url("/sitemap.xml"), interval_hours=24)

    assert saved.status_code == 200
    assert saved.json()["site_sync"]["sitemap_url"] == site.url("/sitemap.xml")
    state = client.get(f"/v1/stores/{SHOP}/site-sync", headers=admin(stores)).json()
    assert state["settings"]["interval_hours"] == 24
    assert state["active_run_id"] is None


def test_a_site_sync_setting_with_nothing_to_read_is_refused_by_field(
    client: TestClient, stores: dict[str, str]
) -> None:
    refused = set_up(client, stores, interval_hours=24)

    assert refused.status_code == 422
    problem = refused.json()["error"]["details"][0]
    assert problem["loc"][:2] == ["body", "site_sync"]
    assert "sitemap_url or start_urls" in problem["message"]


def test_a_started_sync_answers_202_and_is_followed_to_its_counts(
    client: TestClient, stores: dict[str, str], database: Database, site: Site
) -> None:
    set_up(client, stores, sitemap_url=site.url("/sitemap.xml"))

    started = client.post(RUNS, json={}, headers=admin(stores))

    assert started.status_code == 202
    run_id = started.json()["run"]["id"]
    assert started.headers["Location"] == f"{RUNS}/{run_id}"
    run = finished(client, stores, run_id)
    assert run["status"] == "succeeded"
    assert (run["pages_seen"], run["pages_added"], run["pages_failed"]) == (8, 4, 2)
    assert {entry["reason"] for entry in run["skipped"]} >= {"disallowed by robots.txt"}
    listed = client.get(RUNS, headers=admin(stores)).json()
    assert [entry["id"] for entry in listed] == [run_id]
    with database.session() as session:
        urls = set(session.scalars(select(Document.source).where(Document.store_id == SHOP)))
    assert site.url("/returns") in urls


def test_a_dry_run_says_what_would_change_and_writes_nothing(
    client: TestClient, stores: dict[str, str], database: Database, site: Site
) -> None:
    set_up(client, stores, sitemap_url=site.url("/sitemap.xml"))

    started = client.post(RUNS, json={"dry_run": True}, headers=admin(stores))

    run = finished(client, stores, started.json()["run"]["id"])
    assert (run["status"], run["dry_run"], run["pages_added"]) == ("succeeded", True, 4)
    with database.session() as session:
        sources = session.scalars(select(Document.source).where(Document.store_id == SHOP))
        assert not [source for source in sources if source.startswith("http")]


def test_a_second_sync_while_one_runs_is_a_409(
    client: TestClient, sync_app: FastAPI, stores: dict[str, str], site: Site
) -> None:
    services = sync_app.state.services
    assert isinstance(services, AppServices)
    gate = threading.Event()
    gated = GatedSync(services.knowledge, gate)
    worker = SiteSyncWorker(
        lambda: services.knowledge,
        services.database,
        services.settings,
        syncer=lambda _kb: gated,
    )
    sync_app.dependency_overrides[get_site_sync] = lambda: worker
    set_up(client, stores, sitemap_url=site.url("/sitemap.xml"))
    try:
        first = client.post(RUNS, json={}, headers=admin(stores))
        assert gated.waiting.wait(timeout=60)
        second = client.post(RUNS, json={"dry_run": True}, headers=admin(stores))
        state = client.get(f"/v1/stores/{SHOP}/site-sync", headers=admin(stores)).json()
    finally:
        gate.set()
        worker.shutdown()

    assert second.status_code == 409
    assert second.json()["error"]["code"] == "conflict"
    assert state["active_run_id"] == first.json()["run"]["id"]


def test_nothing_to_sync_and_off_site_urls_are_invalid_input(
    client: TestClient, stores: dict[str, str], site: Site, elsewhere: Site
) -> None:
    nothing = client.post(RUNS, json={}, headers=admin(stores))
    assert nothing.status_code == 422
    assert "nothing to sync" in nothing.json()["error"]["message"]

    set_up(client, stores, sitemap_url=site.url("/sitemap.xml"), hosts=["127.0.0.1"])
    off_site = client.post(RUNS, json={"start_urls": [elsewhere.url("/")]}, headers=admin(stores))
    assert off_site.status_code == 422
    assert "not on the store's hosts" in off_site.json()["error"]["message"]
    assert elsewhere.requests == []


def test_another_stores_run_is_not_found(
    client: TestClient, stores: dict[str, str], site: Site
) -> None:
    set_up(client, stores, sitemap_url=site.url("/sitemap.xml"))
    run_id = client.post(RUNS, json={"dry_run": True}, headers=admin(stores)).json()["run"]["id"]
    finished(client, stores, run_id)

    theirs = client.get(f"/v1/stores/{RIVAL}/site-sync/runs/{run_id}", headers=admin(stores, RIVAL))
    mine_with_their_key = client.get(f"{RUNS}/{run_id}", headers=admin(stores, RIVAL))

    assert theirs.status_code == 404
    assert theirs.json()["error"]["code"] == "not_found"
    assert mine_with_their_key.status_code == 404


def test_the_schedule_runs_as_a_periodic_job_of_every_app(
    client: TestClient,
    sync_app: FastAPI,
    sync_settings: Settings,
    stores: dict[str, str],
    database: Database,
    site: Site,
) -> None:
    services = sync_app.state.services
    assert isinstance(services, AppServices)
    (job,) = [job for job in services.jobs.jobs if job.name == "site-sync"]
    assert job.interval_s == sync_settings.site_sync_poll_interval_s
    set_up(client, stores, sitemap_url=site.url("/sitemap.xml"), interval_hours=12)

    job.run()  # the tick: the store is due (never synced)
    job.run()  # the next tick: it is running or done, and not due again

    runs = client.get(RUNS, headers=admin(stores)).json()
    assert [run["trigger"] for run in runs] == ["schedule"]
    assert finished(client, stores, runs[0]["id"])["status"] == "succeeded"
    with database.session() as session:
        state = session.get(SiteSyncState, SHOP)
        assert state is not None and state.next_run_at is not None


def test_changing_the_interval_makes_the_next_sync_due_at_once(
    client: TestClient, stores: dict[str, str], database: Database, site: Site
) -> None:
    set_up(client, stores, sitemap_url=site.url("/sitemap.xml"), interval_hours=24)
    run_id = client.post(RUNS, json={}, headers=admin(stores)).json()["run"]["id"]
    finished(client, stores, run_id)
    with database.session() as session:
        state = session.get(SiteSyncState, SHOP)
        assert state is not None and state.next_run_at is not None

    set_up(client, stores, sitemap_url=site.url("/sitemap.xml"), interval_hours=1)

    with database.session() as session:
        state = session.get(SiteSyncState, SHOP)
        assert state is not None and state.next_run_at is None


def test_the_site_sync_operations_are_documented(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]

    start = paths["/v1/stores/{store_id}/site-sync/runs"]["post"]
    assert {"202", "409", "422", "401", "404"} <= set(start["responses"])
    assert "get" in paths["/v1/stores/{store_id}/site-sync/runs"]
    assert "404" in paths["/v1/stores/{store_id}/site-sync/runs/{run_id}"]["get"]["responses"]
    assert "get" in paths["/v1/stores/{store_id}/site-sync"]
