"""The transcript archive: full-text search with filters on date, outcome and reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel, tool_call
from tests.api.conftest import Shopper
from tests.api.console.conftest import Console, ask_for_person


def test_search_finds_conversations_by_what_was_said_and_filters_them(
    client: TestClient, ana: Console, model: ScriptedChatModel
) -> None:
    boots = ask_for_person(Shopper(client), model, "My hiking boots arrived damaged")
    ana.post(f"/conversations/{boots}/claim")
    ana.post(f"/conversations/{boots}/notes", {"content": "courier claim opened"})
    ana.post(f"/conversations/{boots}/resolve", {"outcome": "resolved"})
    model.add(tool_call("request_human", reason="complaint"))
    tent = Shopper(client).send("The tent zipper broke, this is awful").json()["conversation_id"]
    chinese = ask_for_person(Shopper(client), model, "我的靴子坏了")

    def found(**params: object) -> list[str]:
        response = ana.get("/archive", params=params)
        assert response.status_code == 200, response.text
        return [hit["conversation_id"] for hit in response.json()["items"]]

    assert found(q="boots damaged") == [boots]
    assert found(q="courier") == [boots]
    assert found(q="zipper") == [tent]
    assert found(q="靴子") == [chinese]
    assert found(q="nothing-like-this") == []
    assert set(found()) == {boots, tent, chinese}
    assert found(outcome="resolved") == [boots]
    assert set(found(outcome="open")) == {tent, chinese}
    assert found(reason="complaint") == [tent]
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert found(since=tomorrow) == []
    assert set(found(until=tomorrow)) == {boots, tent, chinese}
    page = ana.get("/archive", params={"q": "boots"}).json()
    assert page["total"] == 1
    assert "boots" in page["items"][0]["snippet"]
    assert page["items"][0]["reason"] == "asked_for_human"


def test_bad_filters_are_refused(ana: Console) -> None:
    assert ana.get("/archive", params={"outcome": "maybe"}).status_code == 422
    assert ana.get("/archive", params={"limit": 0}).status_code == 422
    assert ana.get("/archive", params={"since": "yesterday"}).status_code == 422
