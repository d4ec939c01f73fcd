import pytest
from sqlalchemy import select

from assistant.conversations import (
    NewMessage,
    append_messages,
    current_conversation,
    request_handoff,
    transcript,
    transition,
)
from assistant.db import Database
from assistant.domain import ConversationTransition, Handoff
from assistant.errors import ConflictError
from tests.factories import make_shopper_session, make_store


@pytest.fixture
def shopper(database: Database) -> str:
    with database.transaction() as session:
        make_store(session, "shop")
        return make_shopper_session(session, "shop")


def test_messages_survive_a_new_session(database: Database, shopper: str) -> None:
    with database.transaction() as session:
        conversation = current_conversation(session, "shop", shopper)
        append_messages(
            session,
            conversation,
            [
                NewMessage(role="user", content="hi"),
                NewMessage(
                    role="assistant", content="hello", model="offline", prompt_version="system@1"
                ),
            ],
        )
    with database.session() as session:
        again = current_conversation(session, "shop", shopper)
        assert again.id == conversation.id
        assert [m.content for m in transcript(session, again)] == ["hi", "hello"]
        assert transcript(session, again)[1].prompt_version == "system@1"


def test_handoff_moves_to_waiting_and_records_why(database: Database, shopper: str) -> None:
    with database.transaction() as session:
        conversation = current_conversation(session, "shop", shopper)
        request_handoff(
            session,
            conversation,
            reason="asked_for_human",
            confidence=0.9,
            summary="wants a person",
        )
    with database.session() as session:
        assert current_conversation(session, "shop", shopper).state == "waiting"
        handoff = session.scalars(select(Handoff)).one()
        assert (handoff.reason, handoff.confidence) == ("asked_for_human", 0.9)
        steps = session.scalars(select(ConversationTransition)).all()
        assert [(s.from_state, s.to_state, s.actor) for s in steps] == [
            ("bot", "waiting", "assistant")
        ]


def test_an_invalid_transition_is_a_conflict(database: Database, shopper: str) -> None:
    with database.transaction() as session:
        conversation = current_conversation(session, "shop", shopper)
        with pytest.raises(ConflictError):
            transition(session, conversation, "human", actor="agent-1")


def test_a_stale_claim_loses(database: Database, shopper: str) -> None:
    with database.transaction() as session:
        conversation = current_conversation(session, "shop", shopper)
        request_handoff(session, conversation, reason="x", confidence=None, summary="")
    with database.transaction() as session:
        transition(session, current_conversation(session, "shop", shopper), "human", actor="ana")
    with database.transaction() as session:
        stale = current_conversation(session, "shop", shopper)
        with pytest.raises(ConflictError):
            transition(session, stale, "human", actor="ben", expected="waiting")


def test_a_resolved_conversation_is_not_resumed(database: Database, shopper: str) -> None:
    with database.transaction() as session:
        first = current_conversation(session, "shop", shopper)
        transition(session, first, "resolved", actor="shopper")
    with database.transaction() as session:
        second = current_conversation(session, "shop", shopper)
        assert second.id != first.id
        assert transcript(session, second) == []
