"""Knowledge gaps grouped by meaning with the packaged multilingual encoder."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from assistant.analytics.gaps import gap_encoder, knowledge_gaps
from assistant.analytics.period import Period
from assistant.db import Database
from assistant.domain import Conversation, KnowledgeGap, ShopperSession
from tests.factories import make_store

QUESTIONS = [
    ("do you ship to iceland", "handoff"),
    ("do u ship to iceland?", "low_confidence"),
    ("Do you ship to Iceland", "handoff"),
    ("你们发货到冰岛吗", "handoff"),
    ("is the jacket machine washable", "not_stated"),
    ("can i wash the rain jacket in a machine", "not_stated"),
    ("how long is the warranty", "low_confidence"),
]


def seed(database: Database) -> None:
    start = datetime(2026, 11, 1, 9, tzinfo=UTC)
    with database.transaction() as session:
        make_store(session, "shop")
        session.add(ShopperSession(id="s1", store_id="shop", expires_at=start + timedelta(days=30)))
        session.add(Conversation(id="c1", store_id="shop", session_id="s1", created_at=start))
        session.flush()
        for minute, (question, kind) in enumerate(QUESTIONS):
            session.add(
                KnowledgeGap(
                    store_id="shop",
                    conversation_id="c1",
                    question=question,
                    kind=kind,
                    created_at=start + timedelta(minutes=minute),
                )
            )
        session.add(
            KnowledgeGap(
                store_id="shop",
                conversation_id="c1",
                question="do you ship to iceland",
                kind="handoff",
                created_at=start - timedelta(days=3),  # before the period
            )
        )


def test_questions_that_mean_the_same_are_one_group_most_asked_first(database: Database) -> None:
    seed(database)
    with database.session() as session:
        gaps = knowledge_gaps(
            session, Period.of("shop", date(2026, 11, 1), date(2026, 11, 1)), gap_encoder()
        )
    assert gaps.questions == 7
    counts = [(group.count, group.kinds) for group in gaps.groups]
    assert counts == [
        (4, {"handoff": 3, "low_confidence": 1}),  # Iceland, in English and Chinese
        (2, {"not_stated": 2}),  # washing the jacket
        (1, {"low_confidence": 1}),  # the warranty
    ]
    iceland = gaps.groups[0]
    assert "iceland" in iceland.label.lower()
    assert {example.question for example in iceland.examples} == {
        "Do you ship to Iceland",  # the latest phrasing of the two that fold together
        "do u ship to iceland?",
        "你们发货到冰岛吗",
    }


def test_no_gaps_no_groups(database: Database) -> None:
    with database.transaction() as session:
        make_store(session, "shop")
    with database.session() as session:
        gaps = knowledge_gaps(
            session, Period.of("shop", date(2026, 11, 1), date(2026, 11, 2)), gap_encoder()
        )
    assert (gaps.questions, gaps.groups) == (0, [])
