"""The analytics API: admin keys only, JSON and CSV for a date range, knowledge gaps, charts."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.db import Database
from assistant.domain import Conversation
from assistant.domain.base import utcnow
from assistant.stores import create_api_key
from tests.api.conftest import SHOP, Shopper, admin

URL = f"/v1/stores/{SHOP}/analytics"


def today() -> str:
    return utcnow().date().isoformat()


def test_the_report_counts_todays_conversations(
    client: TestClient, stores: dict[str, str], shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(tool_call("search_products", query="boot"), reply("The Trail Boot is $100.00."))
    shopper.send("got boots")
    model.add(tool_call("request_human", reason="no_answer"))
    Shopper(client).send("do u ship to iceland")
    response = client.get(URL, params={"from": today(), "to": today()}, headers=admin(stores))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["from"], body["to"], body["currency"]) == (today(), today(), "USD")
    assert body["resolution"]["conversations"] == 2
    assert body["resolution"]["handed_off"] == 1
    assert body["handoff_reasons"] == [{"reason": "no_answer", "count": 1}]
    assert body["assisted"]["assisted_conversations"] == 1
    assert [p["title"] for p in body["top_products"]] == ["Trail Boot"]
    assert body["per_day"] == [{"day": today(), "conversations": 2, "handed_off": 1}]


def test_without_dates_the_report_covers_the_last_30_days(
    client: TestClient, stores: dict[str, str]
) -> None:
    body = client.get(URL, headers=admin(stores)).json()
    assert body["to"] == today()
    assert len(body["per_day"]) == 30


def test_csv_export_by_suffix_or_format(
    client: TestClient, stores: dict[str, str], shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(reply("Hello!"))
    shopper.send("hi")
    for response in (
        client.get(f"{URL}.csv", params={"from": today(), "to": today()}, headers=admin(stores)),
        client.get(
            URL, params={"from": today(), "to": today(), "format": "csv"}, headers=admin(stores)
        ),
    ):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/csv")
        assert "attachment" in response.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(response.text)))
        figures = {(r["section"], r["metric"]): r["value"] for r in rows}
        assert figures[("resolution", "conversations")] == "1"
        assert {r["store_id"] for r in rows} == {SHOP}


def test_only_an_admin_key_of_the_store_reads_it(
    client: TestClient, stores: dict[str, str], shopper: Shopper, database: Database
) -> None:
    assert client.get(URL).status_code == 401
    assert client.get(URL, headers=shopper.headers).status_code == 401
    assert client.get(URL, headers=admin(stores, "rival")).status_code == 404  # not probed
    assert client.get(f"{URL}/knowledge-gaps", headers=admin(stores, "rival")).status_code == 404
    with database.transaction() as session:
        agent = create_api_key(session, SHOP, "Ana", ["agent"])[1]
    assert client.get(URL, headers={"Authorization": f"Bearer {agent}"}).status_code == 403


def test_bad_dates_are_422(client: TestClient, stores: dict[str, str]) -> None:
    for params in (
        {"from": "2026-11-05", "to": "2026-11-01"},
        {"from": "yesterday"},
        {"from": "2024-01-01", "to": "2026-01-01"},
    ):
        response = client.get(URL, params=params, headers=admin(stores))
        assert response.status_code == 422, params
        assert response.json()["error"]["code"] in ("invalid_input", "validation_error")


def test_knowledge_gaps_and_charts(
    client: TestClient, stores: dict[str, str], model: ScriptedChatModel, database: Database
) -> None:
    for text in ("do you ship to iceland", "do u ship to iceland?"):
        model.add(tool_call("request_human", reason="no_answer"))
        Shopper(client).send(text)
    gaps = client.get(f"{URL}/knowledge-gaps", headers=admin(stores)).json()
    assert gaps["questions"] == 2
    assert [g["count"] for g in gaps["groups"]] == [2]
    charts = client.get(f"{URL}/charts", headers=admin(stores)).json()["charts"]
    assert set(charts) == {"per_day", "handoff_reasons", "csat", "top_products"}
    assert all(svg.startswith("<svg") for svg in charts.values())
    assert "no_answer" in charts["handoff_reasons"]
    with database.session() as session:
        assert session.query(Conversation).count() == 2
