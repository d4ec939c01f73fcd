"""Publishing on commit: the link between SQLAlchemy sessions and the live bus.

Events are announced into `session.info` while the transaction runs; after the outermost commit
they go to the bus, after a rollback they are discarded. A rolled-back savepoint discards only
the events announced inside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from assistant.live.bus import LiveBus
from assistant.live.events import PENDING_KEY, pending_events

_SAVEPOINT_MARKS = "live_event_savepoints"


def _pending_count(session: Session) -> int:
    return len(session.info.get(PENDING_KEY, ()))


def attach_publisher(sessions: sessionmaker[Session], bus: LiveBus) -> Callable[[], None]:
    """Publish every session's committed events to `bus`; returns the function that detaches."""

    def after_commit(session: Session) -> None:
        if not session.in_nested_transaction():  # a released savepoint commits nothing yet
            bus.publish(pending_events(session))

    def after_transaction_create(session: Session, transaction: SessionTransaction) -> None:
        if transaction.nested:
            session.info.setdefault(_SAVEPOINT_MARKS, {})[transaction] = _pending_count(session)

    def after_soft_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
        marks: dict[SessionTransaction, int] = session.info.get(_SAVEPOINT_MARKS, {})
        if previous_transaction.nested and previous_transaction in marks:
            del session.info.get(PENDING_KEY, [])[marks[previous_transaction] :]
        else:
            pending_events(session)

    def after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
        # A savepoint's mark is kept until the outermost transaction ends: SQLAlchemy reports
        # the end of a rolled-back savepoint before the rollback itself.
        if transaction.parent is None:
            # Closed without commit (or after it): nothing announced may outlive the transaction.
            pending_events(session)
            session.info.pop(_SAVEPOINT_MARKS, None)

    listeners: list[tuple[str, Callable[..., Any]]] = [
        ("after_commit", after_commit),
        ("after_transaction_create", after_transaction_create),
        ("after_soft_rollback", after_soft_rollback),
        ("after_transaction_end", after_transaction_end),
    ]
    for name, listener in listeners:
        event.listen(sessions, name, listener)

    def detach() -> None:
        for name, listener in listeners:
            if event.contains(sessions, name, listener):
                event.remove(sessions, name, listener)

    return detach
