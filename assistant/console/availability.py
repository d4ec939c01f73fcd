"""When no person is available: outside business hours, or nobody claimed in time.

A store's `business_hours` maps weekdays ("mon".."sun") to ["HH:MM", "HH:MM"] in its time zone;
a day left out or null is closed, and a store with no hours at all is always staffed. After
`handoff_wait_s` seconds unclaimed (store setting, default from Settings), or at once when the
store is closed, the shopper is told and invited to leave a message and an email address, which
turns the handoff into a ticket that stays in the queue. Nothing the shopper wrote is lost: the
conversation stays waiting and can still be claimed.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assistant.config import Settings
from assistant.console.conversation_view import latest_handoff
from assistant.console.notices import Why, ticket_thanks, unavailable_notice
from assistant.conversations import NewMessage, append_messages
from assistant.db import Database
from assistant.domain import Conversation, Handoff, Store
from assistant.domain.base import utcnow
from assistant.domain.store_settings import DayName, settings_of
from assistant.errors import ConflictError
from assistant.live import LiveEvent, announce
from assistant.webhooks import enqueue_ticket_webhook

DAYS: tuple[DayName, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def store_is_open(store: Store, now: datetime) -> bool:
    """Whether `now` falls in the store's business hours (always, when it has none)."""
    hours = settings_of(store).business_hours
    if not hours:
        return True
    try:
        zone = ZoneInfo(store.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = now.astimezone(zone)
    span = hours.get(DAYS[local.weekday()])
    if not span:
        return False
    opens, closes = (time.fromisoformat(value) for value in span)
    return opens <= local.time().replace(tzinfo=None) < closes


def wait_limit(store: Store, settings: Settings) -> timedelta:
    """How long a handoff may wait unclaimed before the shopper is offered a message instead."""
    seconds = settings_of(store).handoff_wait_s or settings.handoff_wait_s
    return timedelta(seconds=int(seconds))


def check_handoff(
    session: Session, settings: Settings, conversation: Conversation, now: datetime | None = None
) -> Why | None:
    """Tell the shopper if no one can come now; returns why, or None while someone may."""
    now = now or utcnow()
    handoff = latest_handoff(session, conversation.id)
    if conversation.state != "waiting" or handoff is None or handoff.status != "waiting":
        return None
    store = session.get(Store, conversation.store_id)
    if store is None:
        return None
    if not store_is_open(store, now):
        why: Why = "closed"
    elif now - handoff.requested_at >= wait_limit(store, settings):
        why = "busy"
    else:
        return None
    claimed = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff.id, Handoff.status == "waiting")
        .values(status="unavailable", unavailable_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        return None  # another process told the shopper already
    append_messages(
        session,
        conversation,
        [
            NewMessage(
                role="assistant",
                content=unavailable_notice(why, conversation.language),
                timings={"notice": f"unavailable_{why}"},
            )
        ],
    )
    announce(
        session,
        LiveEvent(
            "queue.updated",
            conversation.store_id,
            conversation.id,
            {"status": "unavailable", "why": why},
        ),
    )
    return why


def notify_if_unavailable(database: Database, settings: Settings, conversation_id: str) -> None:
    """Right after a handoff: tell the shopper at once when the store is closed."""
    with database.transaction() as session:
        conversation = session.get(Conversation, conversation_id)
        if conversation is not None:
            check_handoff(session, settings, conversation)


def sweep_unattended(database: Database, settings: Settings, now: datetime | None = None) -> int:
    """Check every waiting handoff once; returns how many shoppers were told no one is free."""
    now = now or utcnow()
    with database.session() as session:
        waiting = list(
            session.scalars(
                select(Handoff.conversation_id)
                .join(Conversation, Conversation.id == Handoff.conversation_id)
                .where(Handoff.status == "waiting", Conversation.state == "waiting")
                .distinct()
            )
        )
    told = 0
    for conversation_id in waiting:
        with database.transaction() as session:
            conversation = session.get(Conversation, conversation_id)
            if conversation is not None and check_handoff(session, settings, conversation, now):
                told += 1
    return told


def leave_message(
    session: Session, conversation: Conversation, message: str, email: str
) -> Handoff:
    """Turn the waiting handoff into a ticket with the shopper's message and email address."""
    handoff = latest_handoff(session, conversation.id)
    if (
        conversation.state != "waiting"
        or handoff is None
        or handoff.status not in ("waiting", "unavailable", "ticket")
    ):
        raise ConflictError(
            "a message can be left only while waiting for a person",
            details={"state": conversation.state},
        )
    handoff.status = "ticket"
    handoff.contact_email = email
    handoff.ticket_at = utcnow()
    append_messages(
        session,
        conversation,
        [
            NewMessage(role="user", content=message),
            NewMessage(
                role="assistant",
                content=ticket_thanks(email, conversation.language),
                timings={"notice": "ticket"},
            ),
        ],
    )
    enqueue_ticket_webhook(session, conversation, handoff)
    announce(
        session,
        LiveEvent("queue.updated", conversation.store_id, conversation.id, {"status": "ticket"}),
    )
    return handoff
