"""What a turn records for analytics: products shown as cards or put in the cart, and the
questions the assistant could not answer (knowledge gaps)."""

from __future__ import annotations

from sqlalchemy import select

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.agent.turn import ToolCallRecord
from assistant.analytics.recording import gap_kind
from assistant.db import Database
from assistant.domain import ConversationProduct, KnowledgeGap, Product
from tests.api.conftest import Shopper


def recorded(database: Database) -> set[tuple[str, str]]:
    with database.session() as session:
        rows = session.execute(
            select(Product.handle, ConversationProduct.kind).join(
                Product, Product.id == ConversationProduct.product_id
            )
        )
        return {(handle, kind) for handle, kind in rows}


def test_cards_shown_and_cart_changes_are_recorded_once_per_conversation(
    shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    model.add(
        tool_call("search_products", query="boot"),
        tool_call("add_to_cart", sku="BOOT-TRAIL-42", quantity=1),
        reply("The Trail Boot is $100.00; I added it to your cart."),
    )
    body = shopper.send("add a trail boot in 42").json()
    shown = {card["handle"] for card in body["product_cards"]}
    assert shown
    model.add(tool_call("search_products", query="boot"), reply("The Trail Boot again."))
    shopper.send("show the boot again")
    rows = recorded(database)
    assert {handle for handle, kind in rows if kind == "card"} == shown
    assert {handle for handle, kind in rows if kind == "cart"} == {"trail-boot"}
    with database.session() as session:
        assert len(session.scalars(select(ConversationProduct)).all()) == len(rows)


def test_a_handoff_for_want_of_an_answer_is_a_knowledge_gap(
    shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    model.add(tool_call("request_human", reason="no_answer"))
    shopper.send("do u ship to iceland")
    with database.session() as session:
        gaps = session.scalars(select(KnowledgeGap)).all()
        assert [(g.question, g.kind, g.reason) for g in gaps] == [
            ("do u ship to iceland", "handoff", "no_answer")
        ]


def test_asking_for_a_person_is_not_a_knowledge_gap(
    shopper: Shopper, model: ScriptedChatModel, database: Database
) -> None:
    model.add(tool_call("request_human", reason="asked_for_human"))
    shopper.send("a person please")
    with database.session() as session:
        assert session.scalars(select(KnowledgeGap)).all() == []


def ask(answered: bool) -> ToolCallRecord:
    return ToolCallRecord(
        id="1",
        name="ask_product",
        arguments={"product": "rain-jacket", "question": "is it washable"},
        result={"asked": ["washable"], "answered": answered},
    )


def test_gap_kinds_strongest_reason_first() -> None:
    assert gap_kind([ask(False)], handoff="no_answer", confidence=0.1, threshold=0.5) == "handoff"
    assert gap_kind([ask(False)], handoff=None, confidence=0.1, threshold=0.5) == "not_stated"
    assert gap_kind([ask(True)], handoff=None, confidence=0.1, threshold=0.5) == "low_confidence"
    assert gap_kind([ask(True)], handoff=None, confidence=0.5, threshold=0.5) is None
    assert gap_kind([], handoff="complaint", confidence=None, threshold=0.5) is None
