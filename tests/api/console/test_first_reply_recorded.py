"""The write path records what analytics reads: a person's first reply after a handoff."""

from __future__ import annotations

from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel
from assistant.db import Database
from assistant.domain import Conversation
from tests.api.conftest import SHOP, Shopper, admin
from tests.api.console.conftest import Console, ask_for_person


def test_the_first_reply_of_a_person_is_timed_from_the_handoff(
    client: TestClient,
    shopper: Shopper,
    model: ScriptedChatModel,
    ana: Console,
    database: Database,
    stores: dict[str, str],
) -> None:
    conversation_id = ask_for_person(shopper, model)
    ana.post(f"/conversations/{conversation_id}/claim")
    ana.post(f"/conversations/{conversation_id}/messages", {"content": "Hi, Ana here"})
    ana.post(f"/conversations/{conversation_id}/messages", {"content": "Anything else?"})
    with database.session() as session:
        row = session.get_one(Conversation, conversation_id)
        assert row.handed_off_at is not None and row.first_agent_reply_at is not None
        first = row.first_agent_reply_at
        assert first >= row.handed_off_at
    body = client.get(f"/v1/stores/{SHOP}/analytics", headers=admin(stores)).json()
    reply = body["first_human_reply"]
    assert (reply["replied"], reply["not_replied"]) == (1, 0)
    assert reply["median_seconds"] == round((first - row.handed_off_at).total_seconds(), 1)
