"""Canned replies: create, edit, delete, search, and fill in for a conversation."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.db import Database
from assistant.domain import Conversation, Order
from tests.api.conftest import Shopper
from tests.api.console.conftest import Console, ask_for_person, identified_shopper


def create(console: Console, title: str, body: str, **extra: object) -> dict[str, object]:
    response = console.post("/canned-replies", {"title": title, "body": body, **extra})
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created


def test_create_edit_search_delete(ana: Console, ben: Console) -> None:
    greeting = create(ana, "Greeting", "Hi {first_name}, how can I help?", tags=["opening"])
    create(ana, "Returns", "Returns are free within 30 days.", shortcut="ret")
    assert greeting["created_by"] == "Ana"
    titles = [item["title"] for item in ben.get("/canned-replies").json()["items"]]
    assert titles == ["Greeting", "Returns"]
    found = ben.get("/canned-replies", params={"q": "RET days"}).json()["items"]
    assert [item["title"] for item in found] == ["Returns"]
    by_tag = ben.get("/canned-replies", params={"q": "opening"}).json()["items"]
    assert [item["title"] for item in by_tag] == ["Greeting"]
    edited = ben.patch(f"/canned-replies/{greeting['id']}", {"body": "Hello {first_name}!"})
    assert edited.status_code == 200 and edited.json()["body"] == "Hello {first_name}!"
    assert ben.delete(f"/canned-replies/{greeting['id']}").status_code == 204
    assert ben.delete(f"/canned-replies/{greeting['id']}").status_code == 404
    assert [item["title"] for item in ana.get("/canned-replies").json()["items"]] == ["Returns"]


def test_bad_replies_are_refused_with_reasons(ana: Console) -> None:
    unknown = ana.post("/canned-replies", {"title": "Oops", "body": "Hi {frist_name}"})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["details"]["unknown"] == ["frist_name"]
    stray = ana.post("/canned-replies", {"title": "Brace", "body": "Hi {first_name"})
    assert stray.status_code == 422
    create(ana, "Same", "one")
    duplicate = ana.post("/canned-replies", {"title": "Same", "body": "two"})
    assert duplicate.status_code == 409
    assert ana.post("/canned-replies", {"title": "", "body": "x"}).status_code == 422
    assert ana.patch("/canned-replies/1", {}).status_code == 422


def test_variables_are_filled_from_the_conversation(
    client: TestClient, ana: Console, model: ScriptedChatModel, database: Database
) -> None:
    shopper = identified_shopper(client, database, "cust-7", given_name="Mia")
    model.add(tool_call("search_products", query="wool socks"), reply("We have wool socks."))
    shopper.send("wool socks?")
    conversation_id = ask_for_person(shopper, model)
    with database.transaction() as session:
        conversation = session.get_one(Conversation, conversation_id)
        session.add(
            Order(
                store_id="shop",
                number="SO-1042",
                customer_id=conversation.customer_id,
                status="shipped",
                currency="USD",
                total_minor=2000,
                placed_at=datetime(2026, 11, 1, tzinfo=UTC),
            )
        )
    template = create(
        ana, "Status", "Hi {first_name}, order {order_number} ({product_name}) - {agent_name}"
    )
    rendered = ana.post(
        f"/canned-replies/{template['id']}/render", {"conversation_id": conversation_id}
    )
    assert rendered.status_code == 200, rendered.text
    assert rendered.json()["text"] == "Hi Mia, order SO-1042 (Wool Hiking Sock) - Ana"


def test_unknown_details_read_naturally(
    shopper: Shopper, ana: Console, model: ScriptedChatModel
) -> None:
    conversation_id = ask_for_person(shopper, model)
    template = create(ana, "Status", "Hi {first_name}, about {order_number}:")
    text = ana.post(
        f"/canned-replies/{template['id']}/render", {"conversation_id": conversation_id}
    ).json()["text"]
    assert text == "Hi there, about your order:"


def test_null_tags_clear_them_and_searching_still_works(ana: Console) -> None:
    reply_id = create(ana, "Sizes", "See the size guide.", tags=["fit"])["id"]
    cleared = ana.patch(f"/canned-replies/{reply_id}", {"tags": None})
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["tags"] == []
    found = ana.get("/canned-replies", params={"q": "size"})
    assert found.status_code == 200, found.text
    assert [item["title"] for item in found.json()["items"]] == ["Sizes"]


def test_renaming_to_a_title_in_use_is_a_conflict(ana: Console) -> None:
    create(ana, "Taken", "one")
    other = create(ana, "Free", "two")
    renamed = ana.patch(f"/canned-replies/{other['id']}", {"title": "Taken"})
    assert renamed.status_code == 409, renamed.text
    assert renamed.json()["error"]["details"] == {"title": "Taken"}
    titles = [item["title"] for item in ana.get("/canned-replies").json()["items"]]
    assert titles == ["Free", "Taken"]
