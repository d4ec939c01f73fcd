"""CSAT: the shopper ends the chat or a person resolves it, then the shopper rates it once."""

from __future__ import annotations

from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel, reply
from assistant.db import Database
from assistant.domain import Conversation, Feedback
from tests.api.conftest import Shopper
from tests.api.console.conftest import Console, ask_for_person


def bot_conversation(shopper: Shopper, model: ScriptedChatModel) -> str:
    model.add(reply("Our socks are merino wool."))
    body = shopper.send("what are the socks made of").json()
    conversation_id: str = body["conversation_id"]
    return conversation_id


def rate(shopper: Shopper, conversation_id: str, body: object) -> object:
    return shopper.client.put(
        shopper.url(f"/chat/conversations/{conversation_id}/rating"),
        json=body,
        headers=shopper.headers,
    )


def end(shopper: Shopper, conversation_id: str) -> object:
    return shopper.client.post(
        shopper.url(f"/chat/conversations/{conversation_id}/end"), headers=shopper.headers
    )


def test_a_chat_the_shopper_ended_is_rated_as_resolved_by_the_bot(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    conversation_id = bot_conversation(shopper, model)
    ended = end(shopper, conversation_id)
    assert ended.status_code == 200, ended.text  # type: ignore[attr-defined]
    assert shopper.get("/chat/messages").json()["state"] == "resolved"
    rated = rate(shopper, conversation_id, {"rating": 5, "comment": " quick answer "})
    assert rated.status_code == 200, rated.text  # type: ignore[attr-defined]
    body = rated.json()  # type: ignore[attr-defined]
    assert (body["rating"], body["comment"], body["resolver"]) == (5, "quick answer", "bot")


def test_a_conversation_a_person_resolved_is_rated_with_their_id(
    shopper: Shopper, model: ScriptedChatModel, ana: Console, database: Database
) -> None:
    conversation_id = ask_for_person(shopper, model)
    assert ana.post(f"/conversations/{conversation_id}/claim").status_code == 200
    assert ana.post(f"/conversations/{conversation_id}/resolve").status_code == 200
    rated = rate(shopper, conversation_id, {"rating": 2})
    assert rated.json()["resolver"] == "person"  # type: ignore[attr-defined]
    agent_id = ana.get("/me").json()["agent_id"]
    with database.session() as session:
        row = session.query(Feedback).one()
        assert (row.resolved_by, row.resolver, row.comment) == (agent_id, "person", None)


def test_rating_again_replaces_the_one_rating(
    shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    conversation_id = bot_conversation(shopper, model)
    end(shopper, conversation_id)
    rate(shopper, conversation_id, {"rating": 1, "comment": "meh"})
    again = rate(shopper, conversation_id, {"rating": 4})
    assert again.json()["rating"] == 4  # type: ignore[attr-defined]
    assert again.json()["updated_at"] is not None  # type: ignore[attr-defined]
    with database.session() as session:
        assert [(r.rating, r.comment) for r in session.query(Feedback)] == [(4, None)]
    read = shopper.get(f"/chat/conversations/{conversation_id}/rating").json()
    assert read["rating"] == 4


def test_ratings_outside_one_to_five_or_long_comments_are_422(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    conversation_id = bot_conversation(shopper, model)
    end(shopper, conversation_id)
    for body in (
        {"rating": 0},
        {"rating": 6},
        {"rating": "great"},
        {},
        {"rating": 3, "comment": "x" * 1001},
    ):
        refused = rate(shopper, conversation_id, body)
        assert refused.status_code == 422, body  # type: ignore[attr-defined]
        assert refused.json()["error"]["code"]  # type: ignore[attr-defined]


def test_an_open_conversation_cannot_be_rated_yet(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    conversation_id = bot_conversation(shopper, model)
    refused = rate(shopper, conversation_id, {"rating": 5})
    assert refused.status_code == 409  # type: ignore[attr-defined]


def test_the_shopper_cannot_end_a_chat_a_person_is_handling(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    conversation_id = ask_for_person(shopper, model)
    assert end(shopper, conversation_id).status_code == 409  # type: ignore[attr-defined]


def test_another_session_cannot_rate_or_end_the_conversation(
    client: TestClient, shopper: Shopper, model: ScriptedChatModel
) -> None:
    conversation_id = bot_conversation(shopper, model)
    stranger = Shopper(client)
    assert end(stranger, conversation_id).status_code == 404  # type: ignore[attr-defined]
    end(shopper, conversation_id)
    assert rate(stranger, conversation_id, {"rating": 1}).status_code == 404  # type: ignore[attr-defined]
    assert (
        client.put(
            shopper.url(f"/chat/conversations/{conversation_id}/rating"), json={"rating": 3}
        ).status_code
        == 401
    )


def test_after_ending_the_next_message_starts_a_new_conversation(
    shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    first = bot_conversation(shopper, model)
    end(shopper, first)
    assert bot_conversation(shopper, model) != first
    with database.session() as session:
        assert session.get_one(Conversation, first).reopened_at is not None  # back within 7 days
