"""A real server on loopback and a real headless Chromium driven by Playwright.

The browser is Debian's `chromium` (`apt-get install chromium`); Playwright's own browser
download is not used. Without the browser or the `playwright` package these tests are skipped
with the reason. Screenshots go to `$SALES_ASSISTANT_E2E_ARTIFACTS` (CI keeps that folder) or
to the test's temporary directory.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from assistant.agent.models.scripted import ScriptedChatModel
from assistant.config import Settings
from assistant.db import Database
from assistant.stores import create_api_key
from tests.api.conftest import make_app
from tests.tools.conftest import build_shop

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """Uvicorn serving an app in a background thread."""

    def __init__(self, app: FastAPI, port: int | None = None) -> None:
        self.port = port or free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed"
    )
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def sqlite_settings(tmp_path: Path, sqlite_template: Path) -> Settings:
    """The browser tests run on SQLite only: the API tests cover both databases."""
    path = tmp_path / "e2e.db"
    shutil.copy(sqlite_template, path)
    return Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{path}", _env_file=None)


@pytest.fixture
def e2e_database(sqlite_settings: Settings) -> Iterator[Database]:
    database = Database(sqlite_settings)
    build_shop(database)
    yield database
    database.dispose()


@pytest.fixture
def e2e_model() -> ScriptedChatModel:
    return ScriptedChatModel()


@pytest.fixture
def live_server(
    sqlite_settings: Settings, e2e_database: Database, e2e_model: ScriptedChatModel
) -> Iterator[LiveServer]:
    with LiveServer(make_app(sqlite_settings, e2e_database, e2e_model)) as server:
        yield server


@pytest.fixture
def artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SALES_ASSISTANT_E2E_ARTIFACTS") or tmp_path / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item, so fixtures can tell a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def watched_pages(
    request: pytest.FixtureRequest, browser: Any, artifacts: Path
) -> Iterator[list[Any]]:
    """Pages appended here are photographed into the artifacts folder if the test fails, then
    closed with their contexts (so no stream holds the server open while it stops)."""
    pages: list[Any] = []
    yield pages
    report = getattr(request.node, "report_call", None)
    failed = report is not None and report.failed
    for index, page in enumerate(pages):
        with contextlib.suppress(Exception):  # a page already closed has nothing to show
            if failed:
                page.screenshot(path=str(artifacts / f"failed-{request.node.name}-{index}.png"))
            page.context.close()


def store_key(database: Database, name: str, scopes: list[str], store: str = "shop") -> str:
    """A new API key of the store; returns its secret."""
    with database.transaction() as session:
        return create_api_key(session, store, name, scopes)[1]


def new_page(browser: Any, watched: list[Any], **options: Any) -> Any:
    """A page in its own browser context (its own storage, like another person's browser),
    watched for a failure's screenshot; `options` go to the context (viewport, is_mobile...)."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 860}, **options})
    page = context.new_page()
    page.set_default_timeout(20_000)
    watched.append(page)
    return page


def sign_in_to(page: Any, url: str, key_label: str, key: str, store: str = "shop") -> None:
    """Open a staff page (console or admin) and sign in with the store id and a key."""
    page.goto(url)
    page.get_by_label("Store id").fill(store)
    page.get_by_label(key_label).fill(key)
    page.get_by_role("button", name="Sign in").click()
