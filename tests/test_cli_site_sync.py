"""`sales-assistant sync-site`: a sync of a little local site from the command line, its
summary, and an exit code for each way it can end."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from assistant.cli import site_sync as site_sync_cli
from assistant.cli.app import main
from assistant.cli.context import database
from assistant.config import get_settings
from assistant.domain import Document, SiteSyncRun, SiteSyncState, Store
from retrieval.knowledge import KnowledgeBase
from retrieval.site_sync.sync import SyncReport
from tests.retrieval.conftest import HashingEmbedder
from tests.retrieval.site_sync import conftest as site_fixtures
from tests.retrieval.site_sync.conftest import MAX_PAGE_BYTES, Site, list_pages

elsewhere = site_fixtures.elsewhere
shop = site_fixtures.shop
site = site_fixtures.site

STORE = "trail"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A data directory of its own, loopback allowed, no delay, and a store; the knowledge
    base embeds with hashed words instead of loading the models."""
    monkeypatch.setenv("SALES_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SALES_ASSISTANT_DATABASE_URL", raising=False)
    monkeypatch.setenv("SALES_ASSISTANT_SITE_SYNC_ALLOWED_HOSTS", "127.0.0.1,127.0.0.2")
    monkeypatch.setenv("SALES_ASSISTANT_SITE_SYNC_DELAY_S", "0")
    monkeypatch.setenv("SALES_ASSISTANT_SITE_SYNC_MAX_PAGE_BYTES", str(MAX_PAGE_BYTES))
    get_settings.cache_clear()
    database.cache_clear()
    knowledge: list[KnowledgeBase] = []

    def hashing_knowledge() -> KnowledgeBase:
        if not knowledge:
            knowledge.append(KnowledgeBase(get_settings(), database(), embedder=HashingEmbedder()))
        return knowledge[0]

    monkeypatch.setattr(site_sync_cli, "knowledge", hashing_knowledge)
    assert run(monkeypatch, "stores", "create", STORE, "--name", "Trail Shop") == 0
    yield
    database.cache_clear()
    get_settings.cache_clear()


def run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """The console script with these arguments, in this process; its exit code."""
    monkeypatch.setattr(sys, "argv", ["sales-assistant", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    code = exited.value.code
    return code if isinstance(code, int) else 0


def sources() -> set[str]:
    with database().session() as session:
        return set(session.scalars(select(Document.source).where(Document.store_id == STORE)))


def test_a_clean_sync_exits_0_and_says_what_it_did(
    cli: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    site: Site,
    elsewhere: Site,
) -> None:
    list_pages(site, elsewhere, ("/", "/returns", "/shipping", "/private/staff"))

    code = run(monkeypatch, "sync-site", STORE, "--url", site.url("/sitemap.xml"))

    out = capsys.readouterr().out
    assert code == 0, out
    assert "4 pages seen: 3 added" in out
    assert "disallowed by robots.txt" in out
    assert sources() == {site.url(path) for path in ("/", "/returns", "/shipping")}
    with database().session() as session:
        (run_row,) = session.scalars(select(SiteSyncRun)).all()
    assert (run_row.trigger, run_row.status) == ("cli", "succeeded")


def test_pages_that_fail_exit_3_and_are_listed(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], site: Site
) -> None:
    code = run(monkeypatch, "sync-site", STORE, "--url", site.url("/sitemap.xml"))

    out = capsys.readouterr().out
    assert code == 3, out
    assert "Failed (kept as they were) (2)" in out
    assert "not on the store's hosts" in out
    assert "larger than" in out


def test_a_dry_run_crawl_writes_nothing(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], site: Site
) -> None:
    code = run(monkeypatch, "sync-site", STORE, "--url", site.url("/"), "--dry-run")

    out = capsys.readouterr().out
    assert code == 0, out
    assert "Dry run of trail: crawl from" in out
    assert "3 would be added" in out
    assert sources() == set()


def test_the_stored_setting_is_used_without_a_url(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], site: Site
) -> None:
    with database().transaction() as session:
        store = session.get(Store, STORE)
        assert store is not None
        store.settings = {"site_sync": {"start_urls": [site.url("/")], "max_depth": 0}}

    code = run(monkeypatch, "sync-site", STORE)

    assert code == 0, capsys.readouterr().out
    assert sources() == {site.url("/")}


def test_nothing_to_sync_is_one_clear_line_and_exit_1(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(monkeypatch, "sync-site", STORE)

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: nothing to sync")
    assert "Traceback" not in err


def test_a_sync_already_running_is_refused_with_exit_1(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], site: Site
) -> None:
    with database().transaction() as session:
        session.add(SiteSyncState(store_id=STORE, active_run_id="0" * 32))

    code = run(monkeypatch, "sync-site", STORE, "--url", site.url("/sitemap.xml"))

    assert code == 1
    assert "already running" in capsys.readouterr().err
    assert site.requests == []


def test_an_unreadable_sitemap_fails_the_run_with_exit_1(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], site: Site
) -> None:
    site.routes["/sitemap.xml"].status = 500

    code = run(monkeypatch, "sync-site", STORE, "--url", site.url("/sitemap.xml"))

    captured = capsys.readouterr()
    assert code == 1
    assert ": failed." in captured.out
    assert "could not be read: HTTP 500" in captured.err


def test_a_sitemap_and_start_pages_together_are_refused(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], site: Site
) -> None:
    args = ["--url", site.url("/sitemap.xml"), "--url", site.url("/")]

    assert run(monkeypatch, "sync-site", STORE, *args) == 1
    assert "not both" in capsys.readouterr().err


def test_an_unknown_store_exits_1(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], site: Site
) -> None:
    assert run(monkeypatch, "sync-site", "nowhere", "--url", site.url("/")) == 1
    assert "nowhere" in capsys.readouterr().err


def test_the_progress_line_names_the_page_being_read() -> None:
    report = SyncReport(seen=12, added=3, unchanged=7, current_url="https://shop.example/returns")

    line = site_sync_cli.progress_line(report)

    assert line.startswith("12 pages read; so far 3 added, 0 changed, 7 unchanged, 0 failed")
    assert line.endswith("· https://shop.example/returns")
