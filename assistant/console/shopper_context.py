"""The shopper beside the conversation: customer, cart, recent orders, earlier conversations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assistant.console.schemas import (
    ConsentPublic,
    ContextCart,
    ContextCartLine,
    CustomerBrief,
    CustomerProfile,
    OrderBrief,
    PastConversation,
    ShopperContext,
)
from assistant.domain import ConsentRecord, Conversation, Customer, Order, ShopperSession
from assistant.domain.base import utcnow
from assistant.domain.money import Money
from tools.cart_state import find_open_cart, price_cart
from tools.cart_view import CartView, cart_view
from tools.pricing_engine import PriceBook
from tools.services import ToolServices

RECENT_ORDERS = 5
PAST_CONVERSATIONS = 10


def customer_of(session: Session, conversation: Conversation) -> Customer | None:
    """The identified customer of a conversation, from it or from the shopper's session."""
    customer_id = conversation.customer_id
    if customer_id is None:
        shopper = session.get(ShopperSession, conversation.session_id)
        customer_id = shopper.customer_id if shopper else None
    return session.get(Customer, customer_id) if customer_id is not None else None


def customer_brief(customer: Customer | None) -> CustomerBrief | None:
    """Id, full name and email, for lists."""
    if customer is None:
        return None
    name = " ".join(part for part in (customer.first_name, customer.last_name) if part)
    return CustomerBrief(id=customer.id, name=name or None, email=customer.email)


def open_cart_view(
    session: Session,
    tools: ToolServices,
    conversation: Conversation,
    priced_at: tuple[datetime, PriceBook] | None = None,
) -> CartView:
    """The shopper's open cart priced now, exactly as the cart tools would show it.

    `priced_at` (an instant and the store's price book at it) saves loading the book again
    when pricing many carts.
    """
    deps = tools.for_shopper(
        conversation.store_id, conversation.session_id, customer_id=conversation.customer_id
    )
    cart = find_open_cart(session, deps)
    now, book = priced_at or (utcnow(), None)
    return cart_view(price_cart(session, deps, cart, now, book))


def shopper_context(
    session: Session, tools: ToolServices, conversation: Conversation
) -> ShopperContext:
    """Everything the panel beside the conversation shows."""
    customer = customer_of(session, conversation)
    view = open_cart_view(session, tools, conversation)
    return ShopperContext(
        session_id=conversation.session_id,
        customer=_profile(session, customer) if customer else None,
        cart=_cart(view) if view.lines else None,
        recent_orders=_orders(session, conversation, customer),
        past_conversations=_past(session, conversation, customer),
    )


def latest_order_number(
    session: Session, conversation: Conversation, customer: Customer | None
) -> str | None:
    """The number of the shopper's most recent order, if any."""
    orders = _order_rows(session, conversation, customer, limit=1)
    return orders[0].number if orders else None


def _profile(session: Session, customer: Customer) -> CustomerProfile:
    consents = session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.customer_id == customer.id)
        .order_by(ConsentRecord.at.desc())
    )
    return CustomerProfile(
        id=customer.id,
        email=customer.email,
        first_name=customer.first_name,
        last_name=customer.last_name,
        tags=[str(tag) for tag in customer.tags or []],
        marketing_consent=customer.marketing_consent,
        consents=[
            ConsentPublic(purpose=row.kind, granted=row.granted, source=row.source, at=row.at)
            for row in consents
        ],
    )


def _cart(view: CartView) -> ContextCart:
    return ContextCart(
        lines=[
            ContextCartLine(
                sku=line.sku,
                name=line.title,
                quantity=line.quantity,
                unit_price=line.unit_price,
                line_total=line.line_total,
            )
            for line in view.lines
        ],
        item_count=view.item_count,
        subtotal=view.subtotal,
        total=view.total,
        coupon_code=view.coupon.code if view.coupon else None,
    )


def _order_rows(
    session: Session, conversation: Conversation, customer: Customer | None, *, limit: int
) -> list[Order]:
    mine = Order.session_id == conversation.session_id
    if customer is not None:
        mine = or_(mine, Order.customer_id == customer.id)
    return list(
        session.scalars(
            select(Order)
            .where(Order.store_id == conversation.store_id, mine)
            .order_by(Order.placed_at.desc(), Order.id.desc())
            .limit(limit)
        )
    )


def _orders(
    session: Session, conversation: Conversation, customer: Customer | None
) -> list[OrderBrief]:
    return [
        OrderBrief(
            number=order.number,
            status=order.status,
            total=Money.of(order.total_minor, order.currency),
            created_at=order.placed_at,
        )
        for order in _order_rows(session, conversation, customer, limit=RECENT_ORDERS)
    ]


def _past(
    session: Session, conversation: Conversation, customer: Customer | None
) -> list[PastConversation]:
    same_shopper = Conversation.session_id == conversation.session_id
    if customer is not None:
        same_shopper = or_(same_shopper, Conversation.customer_id == customer.id)
    rows = session.scalars(
        select(Conversation)
        .where(
            Conversation.store_id == conversation.store_id,
            Conversation.id != conversation.id,
            same_shopper,
        )
        .order_by(Conversation.created_at.desc())
        .limit(PAST_CONVERSATIONS)
    )
    return [
        PastConversation(
            conversation_id=row.id,
            state=row.state,
            outcome=row.outcome,
            created_at=row.created_at,
            summary=row.summary,
        )
        for row in rows
    ]
