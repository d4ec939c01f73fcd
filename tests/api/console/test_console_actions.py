"""The queue and what agents do: claim (one winner), reply, note, hand back, resolve."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.db import Database
from assistant.domain import Conversation
from tests.api.conftest import Shopper, admin
from tests.api.console.conftest import Console, agent_key, ask_for_person, idempotent


def test_the_queue_shows_why_how_sure_and_what_is_in_the_cart(
    client: TestClient, ana: Console, shopper: Shopper, model: ScriptedChatModel
) -> None:
    added = client.post(
        shopper.url("/cart/items"),
        json={"sku": "SOCK-WOOL-M", "quantity": 2},
        headers=idempotent(shopper.headers),
    )
    assert added.status_code in (200, 201), added.text
    conversation_id = ask_for_person(shopper, model, "I need a human about my socks")
    items = ana.get("/queue").json()["items"]
    assert [item["conversation_id"] for item in items] == [conversation_id]
    item = items[0]
    assert item["kind"] == "live"
    assert item["reason"] == "asked_for_human"
    assert item["language"] == "en"
    assert item["cart_items"] == 2
    assert item["cart_value"]["amount_minor"] == 2000
    assert item["last_message"] == "I need a human about my socks"
    assert item["summary"]
    assert item["handoff_status"] == "waiting"


def test_priority_first_then_the_longest_waiting(
    client: TestClient, ana: Console, model: ScriptedChatModel
) -> None:
    first = ask_for_person(Shopper(client), model)
    second = ask_for_person(Shopper(client), model)
    model.add(tool_call("request_human", reason="complaint"))
    angry = Shopper(client).send("This is outrageous").json()["conversation_id"]
    order = [item["conversation_id"] for item in ana.get("/queue").json()["items"]]
    assert order == [angry, first, second]


def test_claiming_twice_gives_the_second_agent_a_409(
    shopper: Shopper, model: ScriptedChatModel, ana: Console, ben: Console
) -> None:
    conversation_id = ask_for_person(shopper, model)
    claimed = ana.post(f"/conversations/{conversation_id}/claim")
    assert claimed.status_code == 200, claimed.text
    assert (claimed.json()["state"], claimed.json()["assigned_agent_name"]) == ("human", "Ana")
    late = ben.post(f"/conversations/{conversation_id}/claim")
    assert late.status_code == 409
    assert "another agent" in late.json()["error"]["message"]
    assert ana.get("/queue").json()["items"] == []


def test_two_agents_claiming_at_once_exactly_one_wins(
    client: TestClient,
    shopper: Shopper,
    model: ScriptedChatModel,
    database: Database,
) -> None:
    conversation_id = ask_for_person(shopper, model)
    consoles = [Console(client, agent_key(database, f"agent-{n}")) for n in range(6)]
    barrier = threading.Barrier(len(consoles))
    statuses: list[int] = []

    def claim(console: Console) -> None:
        barrier.wait()
        statuses.append(console.post(f"/conversations/{conversation_id}/claim").status_code)

    threads = [threading.Thread(target=claim, args=(console,)) for console in consoles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [409] * 5
    detail = consoles[0].get(f"/conversations/{conversation_id}").json()
    assert [t["to_state"] for t in detail["transitions"]] == ["waiting", "human"]


def test_the_holder_replies_and_the_shopper_sees_it_but_not_the_notes(
    shopper: Shopper, model: ScriptedChatModel, ana: Console, ben: Console
) -> None:
    conversation_id = ask_for_person(shopper, model)
    ana.post(f"/conversations/{conversation_id}/claim")
    sent = ana.post(f"/conversations/{conversation_id}/messages", {"content": "Hi, Ana here."})
    assert sent.status_code == 201, sent.text
    assert (sent.json()["role"], sent.json()["author"]) == ("agent", "Ana")
    noted = ben.post(f"/conversations/{conversation_id}/notes", {"content": "VIP customer"})
    assert noted.status_code == 201
    transcript = shopper.get("/chat/messages").json()
    assert transcript["messages"][-1]["content"] == "Hi, Ana here."
    assert "VIP customer" not in str(transcript)
    roles = [m["role"] for m in ana.get(f"/conversations/{conversation_id}").json()["messages"]]
    assert roles[-2:] == ["agent", "note"]


def test_only_the_holder_may_reply_and_never_to_a_bot_conversation(
    shopper: Shopper, model: ScriptedChatModel, ana: Console, ben: Console
) -> None:
    model.add(reply("Hello!"))
    bot_conversation = shopper.send("hi").json()["conversation_id"]
    refused = ana.post(f"/conversations/{bot_conversation}/messages", {"content": "hey"})
    assert refused.status_code == 409
    assert refused.json()["error"]["details"]["state"] == "bot"
    conversation_id = ask_for_person(shopper, model)
    assert conversation_id == bot_conversation
    ana.post(f"/conversations/{conversation_id}/claim")
    stranger = ben.post(f"/conversations/{conversation_id}/messages", {"content": "hey"})
    assert stranger.status_code == 409
    assert ben.post(f"/conversations/{conversation_id}/handback").status_code == 409
    blank = ana.post(f"/conversations/{conversation_id}/messages", {"content": "   "})
    assert blank.status_code == 422


def test_while_a_person_holds_it_the_bot_is_silent_and_after_hand_back_it_has_the_history(
    shopper: Shopper, model: ScriptedChatModel, ana: Console
) -> None:
    conversation_id = ask_for_person(shopper, model)
    ana.post(f"/conversations/{conversation_id}/claim")
    ana.post(f"/conversations/{conversation_id}/messages", {"content": "Your parcel left today."})
    silent = shopper.send("thanks, one more thing").json()
    assert (silent["reply"], silent["handoff"]["state"]) == ("", "human")
    back = ana.post(f"/conversations/{conversation_id}/handback", {"note": "answered"})
    assert back.status_code == 200, back.text
    assert back.json()["state"] == "bot"
    model.add(reply("Happy to help with anything else."))
    answered = shopper.send("do you sell socks?").json()
    assert answered["reply"] == "Happy to help with anything else."
    assert answered["conversation_id"] == conversation_id
    seen = " ".join(str(message.content) for message in model.received[-1])
    assert "Your parcel left today." in seen
    assert "thanks, one more thing" in seen


def test_a_resolved_conversation_does_not_carry_into_the_next_one(
    shopper: Shopper, model: ScriptedChatModel, ana: Console, database: Database
) -> None:
    conversation_id = ask_for_person(shopper, model, "my order number is 4411")
    ana.post(f"/conversations/{conversation_id}/claim")
    resolved = ana.post(f"/conversations/{conversation_id}/resolve", {"outcome": "resolved"})
    assert resolved.status_code == 200, resolved.text
    assert (resolved.json()["state"], resolved.json()["outcome"]) == ("resolved", "resolved")
    model.add(reply("Hello again!"))
    fresh = shopper.send("hi").json()
    assert fresh["conversation_id"] != conversation_id
    seen = " ".join(str(message.content) for message in model.received[-1])
    assert "4411" not in seen
    with database.session() as session:
        closed = session.get_one(Conversation, conversation_id)
        assert closed.resolved_at is not None
    assert ana.post(f"/conversations/{conversation_id}/claim").status_code == 409


def test_a_waiting_conversation_can_be_resolved_from_the_queue(
    shopper: Shopper, model: ScriptedChatModel, ana: Console
) -> None:
    conversation_id = ask_for_person(shopper, model)
    spam = ana.post(f"/conversations/{conversation_id}/resolve", {"outcome": "spam"})
    assert spam.json()["outcome"] == "spam"
    detail = ana.get(f"/conversations/{conversation_id}").json()
    assert detail["handoff"]["status"] == "resolved"
    assert [(t["to_state"], t["actor"]) for t in detail["transitions"]][-1][0] == "resolved"


def test_transitions_record_who_and_when(
    shopper: Shopper, model: ScriptedChatModel, ana: Console
) -> None:
    conversation_id = ask_for_person(shopper, model)
    me = ana.get("/me").json()
    ana.post(f"/conversations/{conversation_id}/claim")
    ana.post(f"/conversations/{conversation_id}/handback")
    transitions = ana.get(f"/conversations/{conversation_id}").json()["transitions"]
    assert [(t["from_state"], t["to_state"], t["actor"]) for t in transitions] == [
        ("bot", "waiting", "assistant"),
        ("waiting", "human", me["agent_id"]),
        ("human", "bot", me["agent_id"]),
    ]
    assert all(t["at"] for t in transitions)
    assert [t["actor_name"] for t in transitions] == [None, "Ana", "Ana"]
    mine = ana.get("/conversations", params={"mine": "true"}).json()["items"]
    assert mine == []


def test_the_console_needs_an_agent_key_of_this_store(
    client: TestClient, shopper: Shopper, stores: dict[str, str], database: Database
) -> None:
    assert client.get("/v1/stores/shop/console/queue").status_code == 401
    assert client.get("/v1/stores/shop/console/queue", headers=shopper.headers).status_code == 401
    rival_agent = agent_key(database, "Rival", store="rival")
    other = client.get(
        "/v1/stores/shop/console/queue", headers={"Authorization": f"Bearer {rival_agent}"}
    )
    assert other.status_code == 404
    assert client.get("/v1/stores/shop/console/queue", headers=admin(stores)).status_code == 200


def test_another_stores_conversation_is_not_found(
    client: TestClient, shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    conversation_id = ask_for_person(shopper, model)
    rival = Console(client, agent_key(database, "Rival", store="rival"), store="rival")
    assert rival.get(f"/conversations/{conversation_id}").status_code == 404
    assert rival.post(f"/conversations/{conversation_id}/claim").status_code == 404
