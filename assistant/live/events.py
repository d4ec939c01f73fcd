"""What is announced: small events naming what changed, never the data itself.

Subscribers (the agents' console, a shopper's widget) re-read what they need through the API,
which applies the usual authorisation. Events are queued on the SQLAlchemy session and published
only after a commit, so a rolled-back change is never announced.

Kinds:
- `queue.entered`: a conversation asked for a person (`reason`, `priority`).
- `queue.updated`: its handoff changed (`status`: `unavailable` or `ticket`).
- `conversation.state`: a state transition (`from`, `to`, `actor`).
- `message.created`: a message was stored (`message_id`, `role`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

PENDING_KEY = "live_events"


@dataclass(frozen=True)
class LiveEvent:
    """One change in a store, usually about one conversation."""

    kind: str
    store_id: str
    conversation_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """Compact JSON, as carried by PostgreSQL NOTIFY, Redis and SSE."""
        return json.dumps(
            {
                "kind": self.kind,
                "store_id": self.store_id,
                "conversation_id": self.conversation_id,
                "data": self.data,
            },
            separators=(",", ":"),
            default=str,
        )

    @classmethod
    def from_json(cls, text: str) -> LiveEvent:
        """The event `to_json` wrote."""
        raw = json.loads(text)
        return cls(
            kind=str(raw["kind"]),
            store_id=str(raw["store_id"]),
            conversation_id=raw.get("conversation_id"),
            data=dict(raw.get("data") or {}),
        )


def announce(session: Session, event: LiveEvent) -> None:
    """Queue `event` for publication when `session` commits (dropped if it rolls back)."""
    session.info.setdefault(PENDING_KEY, []).append(event)


def pending_events(session: Session) -> list[LiveEvent]:
    """Take the events queued on `session` (after a commit), leaving none behind."""
    events: list[LiveEvent] = session.info.pop(PENDING_KEY, [])
    return events
