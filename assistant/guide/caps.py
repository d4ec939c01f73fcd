"""What keeps the guide quiet, checked again inside the transaction that posts an opener.

Quiet when the store has it off, on a checkout page, once the shopper switched it off (for the
session, and for the customer when known), while a person holds or is about to take the
conversation, and after `max_openers_per_day` openers in 24 hours; and never twice about one
product or one cart. "The shopper" is the session, the expired sessions of the same browser it
took over, and the customer when known. Counts are read from the stored openers, so they hold
across instances.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from assistant.domain import Conversation, GuideOpener, GuideOptOut
from assistant.domain.store_settings import ProactiveSettings
from assistant.guide.events import PageKind
from assistant.shopper_sessions import ShopperIdentity, earlier_sessions

QuietReason = Literal["disabled", "checkout", "switched_off", "person", "daily_cap"]
PERSON_STATES = ("waiting", "human")
CAP_WINDOW = timedelta(hours=24)


def shopper_sessions(session: Session, shopper: ShopperIdentity) -> list[str]:
    """The shopper's session and the expired ones of the same browser it took over."""
    return [shopper.session_id, *earlier_sessions(session, shopper.session_id)]


def _same_shopper(
    shopper: ShopperIdentity, sessions: list[str], session_column: Any, customer_column: Any
) -> ColumnElement[bool]:
    clauses = [session_column.in_(sessions)]
    if shopper.customer_id is not None:
        clauses.append(customer_column == shopper.customer_id)
    return or_(*clauses)


def switched_off(session: Session, shopper: ShopperIdentity, sessions: list[str]) -> bool:
    """Whether this shopper asked for no more openers."""
    return (
        session.scalar(
            select(GuideOptOut.id)
            .where(
                GuideOptOut.store_id == shopper.store_id,
                _same_shopper(shopper, sessions, GuideOptOut.session_id, GuideOptOut.customer_id),
            )
            .limit(1)
        )
        is not None
    )


def person_holds(session: Session, shopper: ShopperIdentity, sessions: list[str]) -> bool:
    """Whether the shopper's open conversation (in this session, or in one this browser had
    before, where a person may still be writing) waits for, or is with, a person."""
    states = session.scalars(
        select(Conversation.state).where(
            Conversation.store_id == shopper.store_id,
            Conversation.session_id.in_(sessions),
            Conversation.state.in_(PERSON_STATES),
        )
    )
    return next(iter(states), None) is not None


def openers_today(
    session: Session, shopper: ShopperIdentity, sessions: list[str], now: datetime
) -> int:
    """Openers this shopper got in the last 24 hours."""
    return int(
        session.scalar(
            select(func.count(GuideOpener.id)).where(
                GuideOpener.store_id == shopper.store_id,
                GuideOpener.created_at > now - CAP_WINDOW,
                _same_shopper(shopper, sessions, GuideOpener.session_id, GuideOpener.customer_id),
            )
        )
        or 0
    )


def used_subjects(session: Session, shopper: ShopperIdentity, sessions: list[str]) -> set[str]:
    """Products and carts this shopper already had an opener about."""
    return set(
        session.scalars(
            select(GuideOpener.subject).where(
                GuideOpener.store_id == shopper.store_id,
                _same_shopper(shopper, sessions, GuideOpener.session_id, GuideOpener.customer_id),
            )
        )
    )


def quiet_reason(
    session: Session,
    shopper: ShopperIdentity,
    proactive: ProactiveSettings,
    page: PageKind,
    now: datetime,
    *,
    sessions: list[str],
    checkout: bool = False,
) -> QuietReason | None:
    """Why no opener may be posted now, or None when one may (`sessions` from
    `shopper_sessions`)."""
    if not proactive.enabled or proactive.max_openers_per_day == 0:
        return "disabled"
    if page == "checkout" or checkout:
        return "checkout"
    if switched_off(session, shopper, sessions):
        return "switched_off"
    if person_holds(session, shopper, sessions):
        return "person"
    if openers_today(session, shopper, sessions, now) >= proactive.max_openers_per_day:
        return "daily_cap"
    return None
