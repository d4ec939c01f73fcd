"""The chat endpoints: JSON replies with cards and the cart, streamed replies, transcripts."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.agent.turn import TurnResult
from assistant.api.deps import get_agent
from assistant.conversations import NewMessage, append_messages, get_conversation, transition
from assistant.db import Database
from assistant.domain import Conversation, Customer
from assistant.errors import UpstreamError
from tests.api.conftest import Shopper, parse_sse


def test_a_reply_carries_product_cards_and_the_cart_after_the_turn(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(
        tool_call("search_products", query="boot"),
        tool_call("add_to_cart", sku="BOOT-TRAIL-42", quantity=2),
        reply("The Trail Boot is $100.00; I added 2 to your cart."),
    )
    response = shopper.send("Add two trail boots in 42")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["reply"] == "The Trail Boot is $100.00; I added 2 to your cart."
    cards = {card["sku"]: card for card in body["product_cards"]}
    assert cards["BOOT-TRAIL-42"]["price"]["display"] == "$100.00"
    assert cards["BOOT-TRAIL-42"]["availability"] == "low_stock"
    assert body["cart"]["item_count"] == 2
    assert body["cart"]["total"]["display"] == "$200.00"
    assert body["handoff"]["state"] == "bot"


def test_a_card_offers_an_in_stock_variant_for_add_to_cart(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(tool_call("get_product", product="rain-jacket"), reply("Here it is."))
    card = shopper.send("Show me the rain jacket").json()["product_cards"][0]
    assert (card["sku"], card["availability"]) == ("JACKET-STORM-M", "low_stock")


def test_a_card_shows_the_variant_the_turn_added(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(
        tool_call("get_product", product="summit-boot"),
        tool_call("add_to_cart", sku="BOOT-SUMMIT-43", quantity=1),
        reply("I added the Summit Boot in 43."),
    )
    cards = shopper.send("add the summit boot in 43").json()["product_cards"]
    assert [card["sku"] for card in cards] == ["BOOT-SUMMIT-43"]
    assert cards[0]["options"]["size"] == "43"


def test_cards_keep_to_the_products_the_reply_names(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(tool_call("search_products", query="boot"), reply("Try the Summit Boot."))
    cards = shopper.send("warm boots?").json()["product_cards"]
    assert [card["title"] for card in cards] == ["Summit Boot"]


def test_quick_replies_follow_a_product_list(shopper: Shopper, model: ScriptedChatModel) -> None:
    model.add(tool_call("search_products", query="boot"), reply("Two boots."))
    assert "Show cheaper options" in shopper.send("boots").json()["quick_replies"]


def test_quick_replies_are_in_chinese_for_a_chinese_message(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(tool_call("search_products", query="boot"), reply("有两款靴子。"))
    body = shopper.send("有靴子吗").json()
    assert body["language"] == "zh"
    assert "转人工" in body["quick_replies"]


def test_the_stream_sends_tool_tokens_then_done(shopper: Shopper, model: ScriptedChatModel) -> None:
    model.add(tool_call("check_stock", sku="BOOT-TRAIL-42"), reply("Yes, 3 are in stock."))
    response = shopper.stream("Is the trail boot in stock?")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    kinds = [event.event for event in events]
    assert kinds[0] == "tool" and kinds[-1] == "done"
    assert set(kinds[1:-1]) == {"token"}
    assert events[0].data == {"name": "check_stock", "ok": True}
    text = "".join(event.data["text"] for event in events if event.event == "token")
    assert text == events[-1].data["reply"] == "Yes, 3 are in stock."
    assert events[-1].data["product_cards"][0]["sku"] == "BOOT-TRAIL-42"


def test_a_failing_model_ends_the_stream_with_a_typed_error_event(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    response = shopper.stream("hello")  # the empty script makes the model call fail
    events = parse_sse(response.text)
    assert events[-1].event == "error"
    assert events[-1].data["code"] == "upstream_error"
    assert events[-1].data["details"]["handoff"]["state"] == "waiting"
    assert "done" not in [event.event for event in events]


def test_a_failing_model_is_a_502_for_the_json_endpoint(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    response = shopper.send("hello")
    assert response.status_code == 502
    error = response.json()["error"]
    assert error["code"] == "upstream_error"
    assert error["details"]["handoff"]["reason"] == "provider_error"


class ExplodingAgent:
    """An agent whose turn raises after streaming a tool event."""

    async def run_turn(self, *args: Any, on_event: Any = None, **kwargs: Any) -> TurnResult:
        from assistant.agent.loop import TurnEvent

        if on_event is not None:
            await on_event(TurnEvent("tool", {"name": "search_products", "ok": True}))
        raise UpstreamError("the model provider timed out")


def test_an_error_escaping_the_turn_ends_the_stream_with_its_code(
    app: FastAPI, client: TestClient, shopper: Shopper
) -> None:
    app.dependency_overrides[get_agent] = ExplodingAgent
    events = parse_sse(shopper.stream("hello").text)
    assert [event.event for event in events] == ["tool", "error"]
    assert events[-1].data == {"code": "upstream_error", "message": "the model provider timed out"}


def test_an_unexpected_error_in_a_turn_is_a_500_with_the_stable_body(
    app: FastAPI, shopper: Shopper
) -> None:
    class Broken:
        async def run_turn(self, *args: Any, **kwargs: Any) -> TurnResult:
            raise RuntimeError("bug")

    app.dependency_overrides[get_agent] = Broken
    response = shopper.send("hello")
    assert response.status_code == 500
    assert response.json() == {
        "error": {"code": "internal_error", "message": "something went wrong on our side"}
    }


def test_a_message_over_the_limit_is_422_and_nothing_is_stored(shopper: Shopper) -> None:
    response = shopper.send("x" * 2_001)
    assert response.status_code == 422
    assert response.json()["error"]["details"]["limit"] == 2_000
    assert shopper.get("/chat/messages").json()["messages"] == []


def test_a_message_at_the_limit_is_accepted(shopper: Shopper, model: ScriptedChatModel) -> None:
    model.add(reply("Noted."))
    assert shopper.send("x" * 2_000).status_code == 200


def test_a_streamed_message_over_the_limit_is_422_not_a_stream(shopper: Shopper) -> None:
    response = shopper.stream("x" * 2_001)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/json")


def test_a_blank_message_is_422(shopper: Shopper) -> None:
    assert shopper.send("   ").status_code == 422


def test_the_transcript_shows_the_conversation_without_tool_traffic(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(tool_call("check_stock", sku="BOOT-TRAIL-42"), reply("Yes, 3 left."))
    shopper.send("Trail boot in stock?")
    transcript = shopper.get("/chat/messages").json()
    assert [(m["role"], m["content"]) for m in transcript["messages"]] == [
        ("user", "Trail boot in stock?"),
        ("assistant", "Yes, 3 left."),
    ]
    assert transcript["state"] == "bot"


def test_polling_with_after_returns_only_newer_messages(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(reply("One."), reply("Two."))
    shopper.send("first")
    last = shopper.get("/chat/messages").json()["messages"][-1]["id"]
    shopper.send("second")
    newer = shopper.get("/chat/messages", params={"after": last}).json()["messages"]
    assert [m["content"] for m in newer] == ["second", "Two."]


def test_a_persons_reply_reaches_the_transcript_but_internal_notes_do_not(
    shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    model.add(tool_call("request_human", reason="asked_for_human"))
    conversation_id = shopper.send("I want a person").json()["conversation_id"]
    with database.transaction() as session:
        conversation = get_conversation(session, "shop", conversation_id)
        transition(session, conversation, "human", actor="ana@shop")
        append_messages(
            session,
            conversation,
            [
                NewMessage(role="note", content="VIP, be nice", author="ana@shop"),
                NewMessage(role="agent", content="Hi, Ana here.", author="Ana"),
            ],
        )
    transcript = shopper.get("/chat/messages").json()
    assert transcript["state"] == "human"
    last = transcript["messages"][-1]
    assert (last["role"], last["content"], last["author"]) == ("agent", "Hi, Ana here.", "Ana")
    assert "VIP, be nice" not in str(transcript)


def test_while_a_person_holds_the_conversation_the_bot_stays_silent(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(tool_call("request_human", reason="asked_for_human"))
    first = shopper.send("I want a person").json()
    assert first["handoff"]["state"] == "waiting"
    assert first["quick_replies"] == []
    second = shopper.send("hello?").json()
    assert (second["reply"], second["handoff"]["state"]) == ("", "waiting")


def test_an_identified_customer_is_passed_to_the_turn(
    client: TestClient, model: ScriptedChatModel, database: Database
) -> None:
    from tests.tools.test_api_shopper import customer_token

    token = customer_token(database, "cust-1")
    session = client.post("/v1/stores/shop/sessions", json={"customer_token": token}).json()
    model.add(tool_call("get_order_status"), reply("You have no orders yet."))
    response = client.post(
        "/v1/stores/shop/chat/messages",
        json={"message": "where is my order?"},
        headers={"Authorization": f"Bearer {session['token']}"},
    )
    assert response.status_code == 200, response.text
    with database.session() as db_session:
        conversation = db_session.get_one(Conversation, response.json()["conversation_id"])
        customer = db_session.get_one(Customer, conversation.customer_id)
        assert customer.external_id == "cust-1"
