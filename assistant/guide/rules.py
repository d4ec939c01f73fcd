"""Which of a store's proactive rules fire on the events just stored.

Rules are evaluated when a batch arrives, so they see the freshest events and need no timer:
the widget reports time on a product page as it grows, which is also what lets a cart that has
sat unchanged be noticed while the shopper is still on the site. Each firing is a `Moment`
about one subject (a product or a cart); the caps decide which, if any, is spoken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assistant.domain import Cart, CartItem, Event, Variant
from assistant.domain.store_settings import (
    CartIdleRule,
    DwellRule,
    LeavingWithCartRule,
    ProactiveSettings,
    RepeatViewsRule,
)
from assistant.guide.events import StoredBatch
from assistant.shopper_sessions import ShopperIdentity

RuleKind = str


@dataclass(frozen=True)
class CartSnapshot:
    """The shopper's cart as the guide sees it: the service's own, or the store's (events)."""

    key: str
    lines: tuple[tuple[str, int], ...]
    changed_at: datetime


@dataclass(frozen=True)
class Moment:
    """A rule that fired, about a product or about the cart."""

    rule: RuleKind
    subject: str
    product_id: int | None = None
    cart: CartSnapshot | None = None


def shopper_cart(session: Session, shopper: ShopperIdentity) -> CartSnapshot | None:
    """The session's non-empty cart: the service's open cart, else the lines the store's own
    front end last reported."""
    cart = session.scalar(
        select(Cart)
        .where(
            Cart.store_id == shopper.store_id,
            Cart.session_id == shopper.session_id,
            Cart.status == "open",
        )
        .options(selectinload(Cart.items))
        .order_by(Cart.created_at.desc())
        .limit(1)
    )
    if cart is not None and cart.items:
        skus = dict(
            session.execute(
                select(Variant.id, Variant.sku).where(
                    Variant.id.in_([item.variant_id for item in cart.items])
                )
            ).all()
        )
        lines = tuple((skus[item.variant_id], item.quantity) for item in _ordered(cart.items))
        return CartSnapshot(key=f"cart:{cart.id}", lines=lines, changed_at=cart.updated_at)
    reported = session.scalar(
        select(Event)
        .where(
            Event.store_id == shopper.store_id,
            Event.session_id == shopper.session_id,
            Event.kind == "cart.updated",
        )
        .order_by(Event.id.desc())
        .limit(1)
    )
    items = (reported.payload or {}).get("items") if reported is not None else None
    if reported is None or not items:
        return None
    lines = tuple((str(item["sku"]), int(item["quantity"])) for item in items)
    return CartSnapshot(key="cart:reported", lines=lines, changed_at=reported.created_at)


def _ordered(items: list[CartItem]) -> list[CartItem]:
    return sorted(items, key=lambda item: item.id)


def _views_within(
    session: Session, shopper: ShopperIdentity, product_id: int, since: datetime
) -> int:
    payloads = session.scalars(
        select(Event.payload).where(
            Event.store_id == shopper.store_id,
            Event.session_id == shopper.session_id,
            Event.kind == "product.viewed",
            Event.created_at >= since,
        )
    )
    return sum(1 for payload in payloads if (payload or {}).get("product_id") == product_id)


def fired_moments(
    session: Session,
    shopper: ShopperIdentity,
    proactive: ProactiveSettings,
    batch: StoredBatch,
    now: datetime,
) -> list[Moment]:
    """Every moment the store's rules see in this batch, in the order of the rules."""
    moments: list[Moment] = []
    cart: CartSnapshot | None = None
    cart_read = False
    for rule in proactive.rules:
        if isinstance(rule, RepeatViewsRule):
            since = now - timedelta(minutes=rule.within_minutes)
            for product_id in dict.fromkeys(reversed(batch.viewed)):
                if _views_within(session, shopper, product_id, since) >= rule.views:
                    moments.append(Moment(rule.kind, f"product:{product_id}", product_id))
        elif isinstance(rule, DwellRule):
            for product_id, seconds in batch.dwell.items():
                if seconds >= rule.seconds:
                    moments.append(Moment(rule.kind, f"product:{product_id}", product_id))
        else:
            if not cart_read:
                cart, cart_read = shopper_cart(session, shopper), True
            if cart is None:
                continue
            idle = isinstance(rule, CartIdleRule) and (
                cart.changed_at <= now - timedelta(minutes=rule.minutes)
            )
            leaving = isinstance(rule, LeavingWithCartRule) and batch.leaving
            if idle or leaving:
                moments.append(Moment(rule.kind, cart.key, cart=cart))
    return moments
