"""Migration 0014 fills the analytics columns of conversations that existed before it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from assistant.db import alembic_config, migrate

ROWS = """
INSERT INTO stores (id, name, currency, locale, timezone, settings, customer_token_secret,
                    created_at, updated_at)
VALUES ('shop', 'Shop', 'USD', 'en-US', 'UTC', '{}', 'x', '2026-11-01 00:00:00',
        '2026-11-01 00:00:00');
INSERT INTO shopper_sessions (id, store_id, created_at, expires_at)
VALUES ('s1', 'shop', '2026-11-01 00:00:00', '2026-12-01 00:00:00');
INSERT INTO conversations (id, store_id, session_id, state, priority, context, created_at,
                           updated_at, resolved_at)
VALUES ('a', 'shop', 's1', 'resolved', 0, '{}', '2026-11-01 10:00:00', '2026-11-01 10:30:00',
        '2026-11-01 10:30:00'),
       ('b', 'shop', 's1', 'resolved', 0, '{}', '2026-11-03 09:00:00', '2026-11-03 09:30:00',
        '2026-11-03 09:30:00'),
       ('c', 'shop', 's1', 'bot', 0, '{}', '2026-11-20 09:00:00', '2026-11-20 09:00:00', NULL);
INSERT INTO handoffs (store_id, conversation_id, reason, status, requested_at)
VALUES ('shop', 'b', 'no_answer', 'resolved', '2026-11-03 09:05:00'),
       ('shop', 'b', 'complaint', 'resolved', '2026-11-03 09:20:00');
INSERT INTO messages (store_id, conversation_id, role, content, tool_calls, citations, timings,
                      created_at)
VALUES ('shop', 'b', 'note', 'n', '[]', '[]', '{}', '2026-11-03 09:06:00'),
       ('shop', 'b', 'agent', 'hi', '[]', '[]', '{}', '2026-11-03 09:08:00');
"""


def test_handoffs_replies_and_reopens_of_old_conversations_are_filled_in(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0013")
    engine = create_engine(url)
    with engine.begin() as connection:
        for statement in ROWS.split(";"):
            if statement.strip():
                connection.execute(text(statement))
    migrate(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT id, handed_off_at, first_agent_reply_at, reopened_at FROM conversations "
                "ORDER BY id"
            )
        ).all()
    engine.dispose()
    found = {row[0]: tuple(str(v)[:16] if v else None for v in row[1:]) for row in rows}
    assert found == {
        "a": (None, None, "2026-11-03 09:00"),  # b started two days after a was resolved
        "b": ("2026-11-03 09:05", "2026-11-03 09:08", None),  # c came 17 days later: too late
        "c": (None, None, None),
    }
