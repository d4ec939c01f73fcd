"""`earlier_sessions` follows a chain of renewals newest first, stops at `MAX_RENEWALS`, and
never reaches sessions outside the chain."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assistant.db import Database
from assistant.domain import ShopperSession
from assistant.shopper_sessions import MAX_RENEWALS, earlier_sessions
from tests.factories import make_shopper_session, make_store


def _chain(session: Session, length: int) -> list[str]:
    """`length` sessions, each renewing the one before; the newest last."""
    ids = [make_shopper_session(session)]
    for _ in range(length - 1):
        newer = make_shopper_session(session)
        session.get_one(ShopperSession, newer).renewed_from = ids[-1]
        session.flush()
        ids.append(newer)
    return ids


def test_the_chain_is_read_newest_first(database: Database) -> None:
    with database.session() as session:
        make_store(session)
        ids = _chain(session, 4)
        make_shopper_session(session)  # another browser's session
        assert earlier_sessions(session, ids[-1]) == ids[-2::-1]
        assert earlier_sessions(session, ids[1]) == [ids[0]]
        assert earlier_sessions(session, ids[0]) == []


def test_a_session_that_renewed_nothing_has_no_earlier_ones(database: Database) -> None:
    with database.session() as session:
        make_store(session)
        assert earlier_sessions(session, make_shopper_session(session)) == []
        assert earlier_sessions(session, "no-such-session") == []


def test_the_chain_is_followed_no_further_than_the_limit(database: Database) -> None:
    with database.session() as session:
        make_store(session)
        ids = _chain(session, MAX_RENEWALS + 5)
        found = earlier_sessions(session, ids[-1])
        assert found == ids[-2 : -2 - MAX_RENEWALS : -1]
        assert len(found) == MAX_RENEWALS
