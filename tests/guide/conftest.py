"""The factory shop behind the API with a clock the test moves, a FAQ finder that answers from
a table the test fills, and a shopper who reports events."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel
from assistant.api.deps import services_of
from assistant.config import Settings
from assistant.db import Database
from assistant.guide.facts import FaqHint
from retrieval.results import Citation
from tests.api.conftest import SHOP, Shopper, admin, make_app
from tests.api.conftest import stores as stores
from tests.tools.conftest import NOW


class Clock:
    """The time the app reads; tests move it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class TableFaq:
    """Answers a FAQ query with the question listed for the first key word it contains."""

    def __init__(self) -> None:
        self.questions: dict[str, str] = {}
        self.queries: list[str] = []

    def __call__(self, store_id: str, kind: str, query: str) -> FaqHint | None:
        self.queries.append(query)
        for word, question in self.questions.items():
            if word.lower() in kind.lower():
                citation = Citation(
                    document_id="faq-1",
                    title="FAQ",
                    section=question,
                    source="faq.md",
                    doc_type="faq",
                )
                return FaqHint(question, citation)
        return None


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def faq() -> TableFaq:
    return TableFaq()


@pytest.fixture
def app(
    settings: Settings,
    database: Database,
    stores: dict[str, str],
    clock: Clock,
    faq: TableFaq,
) -> FastAPI:
    app = make_app(settings, database, ScriptedChatModel())
    services = services_of(app)
    services.tools = dataclasses.replace(services.tools, now=clock)
    services.guide.tools = services.tools
    services.guide.faq_finder = faq
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


class EventShopper(Shopper):
    """A shopper who reports events."""

    def report(self, *events: dict[str, Any], page: str = "product") -> Any:
        return self.client.post(
            self.url("/events"), json={"page": page, "events": list(events)}, headers=self.headers
        )

    def view(self, product: str, sku: str | None = None, page: str = "product") -> Any:
        event: dict[str, Any] = {"kind": "product.viewed", "product": product}
        if sku:
            event["sku"] = sku
        return self.report(event, page=page)


@pytest.fixture
def shopper(client: TestClient) -> EventShopper:
    return EventShopper(client)


def enable_guide(
    client: TestClient,
    stores: dict[str, str],
    **proactive: Any,
) -> None:
    body = {"enabled": True, **proactive}
    response = client.patch(
        f"/v1/stores/{SHOP}/settings", json={"proactive": body}, headers=admin(stores)
    )
    assert response.status_code == 200, response.text


def opener_of(response: Any) -> dict[str, Any] | None:
    assert response.status_code == 200, response.text
    opener: dict[str, Any] | None = response.json()["opener"]
    return opener
