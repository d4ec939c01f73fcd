"""Chats the bot holds and the shopper left are resolved by the bot after the idle time."""

from __future__ import annotations

from datetime import timedelta

from assistant.config import Settings
from assistant.conversations import transition
from assistant.csat import close_idle_chats, resolved_by
from assistant.db import Database
from assistant.domain import Conversation, ShopperSession
from assistant.domain.base import utcnow
from tests.factories import make_store


def seed(database: Database, idle_for: dict[str, timedelta], state: dict[str, str]) -> None:
    now = utcnow()
    with database.transaction() as session:
        make_store(session, "shop")
        session.add(ShopperSession(id="s", store_id="shop", expires_at=now + timedelta(days=3)))
        session.flush()
        for conversation_id, idle in idle_for.items():
            session.add(
                Conversation(
                    id=conversation_id,
                    store_id="shop",
                    session_id="s",
                    state=state.get(conversation_id, "bot"),
                    created_at=now - idle,
                    updated_at=now - idle,
                )
            )


def test_only_bot_chats_idle_past_the_limit_are_closed_by_the_bot(
    database: Database, settings: Settings
) -> None:
    seed(
        database,
        {"old": timedelta(hours=25), "fresh": timedelta(hours=23), "queued": timedelta(hours=30)},
        {"queued": "waiting"},
    )
    assert close_idle_chats(database, settings) == 1
    with database.session() as session:
        states = {c.id: c.state for c in session.query(Conversation)}
        assert states == {"old": "resolved", "fresh": "bot", "queued": "waiting"}
        assert resolved_by(session, session.get_one(Conversation, "old")) == "assistant"
    assert close_idle_chats(database, settings) == 0  # nothing left to close


def test_the_idle_time_is_a_setting(database: Database, settings: Settings) -> None:
    seed(database, {"a": timedelta(hours=3)}, {})
    assert close_idle_chats(database, settings.model_copy(update={"idle_chat_close_h": 2})) == 1


def test_a_chat_that_moved_meanwhile_is_left_alone(database: Database, settings: Settings) -> None:
    seed(database, {"a": timedelta(hours=30)}, {})
    with database.transaction() as session:
        conversation = session.get_one(Conversation, "a")
        transition(session, conversation, "waiting", actor="assistant")
    assert close_idle_chats(database, settings) == 0
