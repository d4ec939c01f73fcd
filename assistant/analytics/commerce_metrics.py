"""What the assistant earned and spent: assisted orders, recovered carts, proactive openers,
the assistant's discounts, and the products shoppers looked at. Definitions: README,
"Analytics: definitions"."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session

from assistant.analytics.period import ORDER_WINDOW, Period, ratio
from assistant.analytics.schemas import (
    AssistedFigures,
    DiscountFigures,
    OpenerFigures,
    ProductCount,
    RecoveryFigures,
)
from assistant.domain import (
    BargainOffer,
    Conversation,
    ConversationProduct,
    Coupon,
    GuideOpener,
    Message,
    Order,
    Product,
    RecoveryMessage,
)
from assistant.domain.money import Money
from assistant.domain.orders import PAID_STATUSES

ASSISTANT_COUPON_ORIGINS = ("bargain", "recovery")


def _assisted(period: Period) -> tuple[ColumnElement[bool], ...]:
    return (
        Conversation.created_at >= period.start,
        Conversation.created_at < period.end,
        Conversation.assisted_at.is_not(None),
    )


def _followed_by_orders(period: Period, until: datetime) -> tuple[ColumnElement[bool], ...]:
    """Revenue orders that may follow the period's conversations, placed up to `until`."""
    return (
        Order.store_id == period.store_id,
        Order.status.in_(PAID_STATUSES),
        Order.placed_at >= period.start,
        Order.placed_at <= until,
    )


def same_shopper_matches() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """How an order is matched to a conversation of the same shopper: by the browser session,
    then by the signed-in customer (each is read with its own query)."""
    return (
        Conversation.session_id == Order.session_id,
        and_(Order.customer_id.is_not(None), Conversation.customer_id == Order.customer_id),
    )


@dataclass(frozen=True)
class AssistedMatch:
    """An assisted order and one assisted conversation it followed."""

    order_id: int
    total_minor: int
    conversation_id: str
    conversation_started: datetime


def assisted_matches(session: Session, period: Period) -> Iterator[AssistedMatch]:
    """Each (order, conversation) pair where a revenue order of the same shopper was placed
    after an assisted conversation of the period started and at most 24 hours after its last
    activity; an order may follow several conversations (and a shopper match twice)."""
    # A conversation may go on past the period's end, and its orders count up to 24 hours
    # after its last activity, whenever that was: the latest activity bounds the orders read.
    latest = session.scalar(
        select(func.max(Conversation.updated_at)).where(
            Conversation.store_id == period.store_id, *_assisted(period)
        )
    )
    if latest is None:
        return
    for same_shopper in same_shopper_matches():
        # Driven from the orders (fewer), each looked up by shopper: no store filter on the
        # conversations, which belong to the order's store through its session or customer.
        rows = session.execute(
            select(
                Order.id,
                Order.total_minor,
                Order.placed_at,
                Conversation.id,
                Conversation.created_at,
                Conversation.updated_at,
            )
            .select_from(Order)
            .join(Conversation, same_shopper)
            .where(
                *_followed_by_orders(period, latest + ORDER_WINDOW),
                *_assisted(period),
                Conversation.created_at <= Order.placed_at,
            )
        )
        for order_id, total, placed_at, conversation_id, started, last_active in rows:
            if placed_at - last_active <= ORDER_WINDOW:
                yield AssistedMatch(order_id, total, conversation_id, started)


def assisted_figures(session: Session, period: Period, currency: str) -> AssistedFigures:
    """Orders by the same shopper placed while an assisted conversation was going on or within
    24 hours of its last activity; each order counted once."""
    assisted = (
        session.scalar(
            select(func.count())
            .select_from(Conversation)
            .where(Conversation.store_id == period.store_id, *_assisted(period))
        )
        or 0
    )
    totals: dict[int, int] = {}
    converted: set[str] = set()
    for match in assisted_matches(session, period):
        totals[match.order_id] = match.total_minor
        converted.add(match.conversation_id)
    return AssistedFigures(
        assisted_conversations=assisted,
        converted_conversations=len(converted),
        conversion_rate=ratio(len(converted), assisted),
        orders=len(totals),
        revenue=Money.of(sum(totals.values()), currency),
    )


def recovery_figures(session: Session, period: Period, currency: str) -> RecoveryFigures:
    """Carts first reminded of in the period, and those ordered after the first reminder."""
    first = (
        select(RecoveryMessage.cart_id, func.min(RecoveryMessage.at).label("first_at"))
        .where(RecoveryMessage.store_id == period.store_id)
        .group_by(RecoveryMessage.cart_id)
        .having(func.min(RecoveryMessage.at) >= period.start)
        .having(func.min(RecoveryMessage.at) < period.end)
        .subquery()
    )
    reminded = session.scalar(select(func.count()).select_from(first)) or 0
    rows = session.execute(
        select(Order.id, Order.cart_id, Order.total_minor)
        .join(first, first.c.cart_id == Order.cart_id)
        .where(
            Order.store_id == period.store_id,
            Order.status.in_(PAID_STATUSES),
            Order.placed_at >= first.c.first_at,
        )
    ).all()
    carts = {cart_id for _, cart_id, _ in rows}
    return RecoveryFigures(
        carts_reminded=reminded,
        carts_recovered=len(carts),
        recovery_rate=ratio(len(carts), reminded),
        revenue=Money.of(sum(total for _, _, total in rows), currency),
    )


def opener_figures(session: Session, period: Period) -> list[OpenerFigures]:
    """Per rule: openers shown in the period, and how many the shopper answered, followed by
    putting something in the cart in that conversation, or by an order within 24 hours."""
    replied = exists().where(
        Message.conversation_id == GuideOpener.conversation_id,
        Message.role == "user",
        Message.created_at >= GuideOpener.created_at,
    )
    carted = exists().where(
        ConversationProduct.conversation_id == GuideOpener.conversation_id,
        ConversationProduct.kind == "cart",
    )
    scope = (
        GuideOpener.store_id == period.store_id,
        GuideOpener.created_at >= period.start,
        GuideOpener.created_at < period.end,
    )
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for rule, was_replied, was_carted in session.execute(
        select(GuideOpener.rule, replied, carted).where(*scope)
    ):
        row = counts[rule]
        row[0] += 1
        row[1] += int(bool(was_replied))
        row[2] += int(bool(was_carted))
    ordered: dict[str, set[int]] = defaultdict(set)
    for opener_id, rule, shown_at, placed_at in session.execute(
        select(GuideOpener.id, GuideOpener.rule, GuideOpener.created_at, Order.placed_at)
        .join(Order, Order.session_id == GuideOpener.session_id)
        .where(
            *scope,
            Order.status.in_(PAID_STATUSES),
            Order.placed_at >= GuideOpener.created_at,
            Order.placed_at < period.end + ORDER_WINDOW,
        )
    ):
        if placed_at - shown_at <= ORDER_WINDOW:
            ordered[rule].add(opener_id)
    return [
        OpenerFigures(
            rule=rule,
            shown=row[0],
            replied=row[1],
            carted=row[2],
            ordered=len(ordered[rule]),
        )
        for rule, row in sorted(counts.items())
    ]


def discount_figures(session: Session, period: Period, currency: str) -> list[DiscountFigures]:
    """The discount on revenue orders placed in the period with a coupon the assistant made,
    and how many such coupons it issued in the period."""
    rows = session.execute(
        select(
            Coupon.origin, func.count(Order.id), func.coalesce(func.sum(Order.discount_minor), 0)
        )
        .join(Coupon, and_(Coupon.store_id == Order.store_id, Coupon.code == Order.coupon_code))
        .where(
            Order.store_id == period.store_id,
            Order.status.in_(PAID_STATUSES),
            Order.placed_at >= period.start,
            Order.placed_at < period.end,
            Coupon.origin.in_(ASSISTANT_COUPON_ORIGINS),
        )
        .group_by(Coupon.origin)
    )
    spent = {origin: (int(orders), int(total)) for origin, orders, total in rows}
    issued = {
        "bargain": session.scalar(
            select(func.count()).where(
                BargainOffer.store_id == period.store_id,
                BargainOffer.offered.is_(True),
                BargainOffer.created_at >= period.start,
                BargainOffer.created_at < period.end,
            )
        )
        or 0,
        "recovery": session.scalar(
            select(func.count()).where(
                RecoveryMessage.store_id == period.store_id,
                RecoveryMessage.coupon_code.is_not(None),
                RecoveryMessage.at >= period.start,
                RecoveryMessage.at < period.end,
            )
        )
        or 0,
    }
    return [
        DiscountFigures(
            origin=origin,
            coupons_issued=issued[origin],
            orders=spent.get(origin, (0, 0))[0],
            discount=Money.of(spent.get(origin, (0, 0))[1], currency),
        )
        for origin in ASSISTANT_COUPON_ORIGINS
    ]


def top_products(session: Session, period: Period, limit: int = 10) -> list[ProductCount]:
    """The products shown as cards in the most conversations of the period."""
    # One row per conversation, product and kind (a unique constraint): rows are conversations.
    conversations = func.count()
    rows = session.execute(
        select(Product.id, Product.title, conversations)
        .select_from(ConversationProduct)
        .join(Product, Product.id == ConversationProduct.product_id)
        .where(
            ConversationProduct.store_id == period.store_id,
            ConversationProduct.kind == "card",
            ConversationProduct.created_at >= period.start,
            ConversationProduct.created_at < period.end,
        )
        .group_by(Product.id, Product.title)
        .order_by(conversations.desc(), Product.id)
        .limit(limit)
    )
    return [ProductCount(product_id=i, title=t, conversations=n) for i, t, n in rows]
