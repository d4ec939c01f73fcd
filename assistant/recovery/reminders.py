"""The reminder a shopper sees on their next visit, once, and the link that brings a cart back.

A `widget` reminder waits for the session that left the cart (or a later session of the same
browser that took it over when its token had expired), or for the identified customer in any
later session. Taking it marks every waiting reminder of that cart shown with a conditional
update, so two tabs opening at once show it once. A cart left in an older session (a customer
back on another day, or a resume link) moves to the current session when that session has no
cart of its own with items in it; its cart-bound coupon comes with it, since it names the cart.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from assistant.domain import Cart, Coupon, RecoveryMessage
from assistant.errors import NotFoundError, PermissionDeniedError
from assistant.recovery.links import read_link
from assistant.shopper_sessions import earlier_sessions
from tools.cart import view_cart
from tools.cart_view import CartView
from tools.services import ToolServices


class RecoveryOffer(BaseModel):
    """The best recovery coupon still valid for the cart."""

    code: str
    percent_off: int
    ends_at: datetime | None


class Reminder(BaseModel):
    """A cart the shopper left, priced now by the tools, and the coupon waiting for it."""

    cart: CartView
    offer: RecoveryOffer | None = Field(description="None for a reminder without a discount.")


def take_reminder(
    tools: ToolServices,
    store_id: str,
    session_id: str,
    customer_id: int | None,
    now: datetime,
) -> Reminder | None:
    """The waiting reminder for this shopper, marked shown; None when there is none."""
    with tools.database.transaction() as session:
        # The browser's expired sessions this one took over count as the shopper's own.
        sessions = [session_id, *earlier_sessions(session, session_id)]
        whose: list[ColumnElement[bool]] = [Cart.session_id.in_(sessions)]
        if customer_id is not None:
            whose.append(Cart.customer_id == customer_id)
            whose.append(RecoveryMessage.customer_id == customer_id)
        cart = session.scalar(
            select(Cart)
            .join(RecoveryMessage, RecoveryMessage.cart_id == Cart.id)
            .where(
                RecoveryMessage.store_id == store_id,
                RecoveryMessage.channel == "widget",
                RecoveryMessage.shown_at.is_(None),
                Cart.status == "open",
                or_(*whose),
            )
            .order_by(RecoveryMessage.at.desc(), RecoveryMessage.id.desc())
            .limit(1)
        )
        if cart is None:
            return None
        if cart.session_id != session_id and not _move_cart(session, cart, session_id, customer_id):
            return None
        if not _mark_shown(session, cart.id, now):
            return None
        offer = best_offer(session, cart.id, now)
    return _reminder(tools, store_id, session_id, customer_id, offer)


def resume_cart(
    tools: ToolServices,
    store_id: str,
    session_id: str,
    customer_id: int | None,
    token: str,
    now: datetime,
) -> Reminder:
    """Bring back the cart a resume link names into this session, with its offer.

    Raises:
        NotFoundError: the link is not valid here, or the cart is no longer open.
        PermissionDeniedError: the cart belongs to another customer, or this session already
            has a cart with items.
    """
    cart_id = read_link(tools.settings, "resume", store_id, token)
    if cart_id is None:
        raise NotFoundError("this link is not valid for this shop")
    with tools.database.transaction() as session:
        cart = session.get(Cart, cart_id)
        if cart is None or cart.store_id != store_id or cart.status != "open":
            raise NotFoundError("this cart is no longer open")
        if cart.customer_id is not None and customer_id not in (None, cart.customer_id):
            raise PermissionDeniedError("this cart belongs to another customer")
        if cart.session_id != session_id and not _move_cart(session, cart, session_id, customer_id):
            raise PermissionDeniedError("this session already has a cart with items in it")
        _mark_shown(session, cart.id, now)
        offer = best_offer(session, cart.id, now)
    return _reminder(tools, store_id, session_id, customer_id, offer)


def best_offer(session: Session, cart_id: str, now: datetime) -> RecoveryOffer | None:
    """The largest recovery coupon of the cart that is unused and still valid at `now`."""
    coupon = session.scalar(
        select(Coupon)
        .where(
            Coupon.cart_id == cart_id,
            Coupon.origin == "recovery",
            Coupon.times_used < 1,
            or_(Coupon.ends_at.is_(None), Coupon.ends_at > now),
        )
        .order_by(Coupon.percent_off.desc(), Coupon.id.desc())
        .limit(1)
    )
    if coupon is None or coupon.percent_off is None:
        return None
    return RecoveryOffer(code=coupon.code, percent_off=coupon.percent_off, ends_at=coupon.ends_at)


def _move_cart(session: Session, cart: Cart, session_id: str, customer_id: int | None) -> bool:
    """Give the cart to `session_id` unless that session has an open cart with items."""
    own = session.scalars(
        select(Cart).where(
            Cart.store_id == cart.store_id, Cart.session_id == session_id, Cart.status == "open"
        )
    ).all()
    if any(other.items for other in own):
        return False
    for empty in own:
        empty.status = "abandoned"
    cart.session_id = session_id
    if cart.customer_id is None:
        cart.customer_id = customer_id
    session.flush()
    return True


def _mark_shown(session: Session, cart_id: str, now: datetime) -> bool:
    result = session.execute(
        update(RecoveryMessage)
        .where(
            RecoveryMessage.cart_id == cart_id,
            RecoveryMessage.channel == "widget",
            RecoveryMessage.shown_at.is_(None),
        )
        .values(shown_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def _reminder(
    tools: ToolServices,
    store_id: str,
    session_id: str,
    customer_id: int | None,
    offer: RecoveryOffer | None,
) -> Reminder:
    deps = tools.for_shopper(store_id, session_id, customer_id=customer_id)
    return Reminder(cart=view_cart(deps), offer=offer)
