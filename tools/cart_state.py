"""The shopper's open cart: locking the session, finding or creating the cart, pricing it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assistant.domain import Cart, CartItem, Event, ShopperSession, Store, Variant
from tools.coupons import CouponCheck, Redeemer, check_coupon
from tools.deps import ToolDeps
from tools.idempotency import ResultT
from tools.pricing_engine import LinePrice, PriceBook
from tools.results import ToolError


def lock_shopper(session: Session, deps: ToolDeps) -> ShopperSession | ToolError:
    """Lock the shopper session row: one cart write per session at a time."""
    shopper = session.scalar(
        select(ShopperSession)
        .where(ShopperSession.id == deps.session_id, ShopperSession.store_id == deps.store_id)
        .with_for_update()
    )
    if shopper is None:
        return ToolError(
            code="session_unavailable",
            message="This shopping session is not known to the shop.",
            next_step="Start a new session.",
        )
    return shopper


def with_shopper_locked(
    deps: ToolDeps, effect: Callable[[Session], ResultT | ToolError]
) -> Callable[[Session], ResultT | ToolError]:
    """`effect` for `run_write`, run once the shopper session is locked (or the lock's error)."""

    def locked(session: Session) -> ResultT | ToolError:
        shopper = lock_shopper(session, deps)
        if isinstance(shopper, ToolError):
            return shopper
        return effect(session)

    return locked


def shopper_redeemer(deps: ToolDeps, cart_id: str | None) -> Redeemer:
    """The calling shopper as the user of a coupon, with the cart it is for."""
    return Redeemer(deps.customer_id, deps.session_id, cart_id)


def check_shopper_coupon(
    session: Session,
    deps: ToolDeps,
    code: str,
    *,
    subtotal_minor: int,
    currency: str,
    cart_id: str | None,
    now: datetime,
) -> CouponCheck:
    """`check_coupon` in the caller's store, for the calling shopper."""
    return check_coupon(
        session,
        store_id=deps.store_id,
        code=code,
        subtotal_minor=subtotal_minor,
        currency=currency,
        redeemer=shopper_redeemer(deps, cart_id),
        now=now,
    )


def find_open_cart(session: Session, deps: ToolDeps) -> Cart | None:
    """The session's open cart in this store, or None."""
    return session.scalar(
        select(Cart)
        .where(
            Cart.store_id == deps.store_id,
            Cart.session_id == deps.session_id,
            Cart.status == "open",
        )
        .options(selectinload(Cart.items))
        .order_by(Cart.created_at.desc())
        .limit(1)
    )


def open_cart(session: Session, deps: ToolDeps) -> Cart:
    """The session's open cart, created on first use in the store's currency."""
    cart = find_open_cart(session, deps)
    if cart is None:
        store = session.get(Store, deps.store_id)
        cart = Cart(
            store_id=deps.store_id,
            session_id=deps.session_id,
            customer_id=deps.customer_id,
            currency=store.currency if store else "USD",
            items=[],
        )
        session.add(cart)
        session.flush()
    elif deps.customer_id is not None and cart.customer_id is None:
        cart.customer_id = deps.customer_id
    return cart


def record_event(session: Session, deps: ToolDeps, kind: str, **payload: object) -> None:
    """Note what the shopper did, for proactive engagement and analytics."""
    session.add(
        Event(
            store_id=deps.store_id,
            session_id=deps.session_id,
            customer_id=deps.customer_id,
            kind=kind,
            payload=dict(payload),
            created_at=deps.now(),
        )
    )


@dataclass(frozen=True)
class PricedItem:
    """A cart item, its variant and its price."""

    item: CartItem
    variant: Variant
    price: LinePrice


@dataclass(frozen=True)
class PricedCart:
    """A cart priced by the one engine: subtotal = sum of line totals; total = subtotal - coupon."""

    cart: Cart | None
    currency: str
    items: list[PricedItem]
    coupon: CouponCheck | None

    @property
    def subtotal_minor(self) -> int:
        """Sum of the line totals (after price rules)."""
        return sum(entry.price.total_minor for entry in self.items)

    @property
    def discount_minor(self) -> int:
        """What the coupon takes off."""
        return self.coupon.discount_minor if self.coupon else 0

    @property
    def total_minor(self) -> int:
        """What the shopper pays."""
        return self.subtotal_minor - self.discount_minor


def price_cart(
    session: Session,
    deps: ToolDeps,
    cart: Cart | None,
    now: datetime,
    book: PriceBook | None = None,
) -> PricedCart:
    """Price every line and check the cart's coupon against the resulting subtotal.

    `book`, the store's price book at `now`, is loaded when not given (pricing many carts at
    once loads it once).
    """
    if cart is None:
        store = session.get(Store, deps.store_id)
        return PricedCart(None, store.currency if store else "USD", [], None)
    book = book or PriceBook.load(session, deps.store_id, now)
    variants = {
        variant.id: variant
        for variant in session.scalars(
            select(Variant)
            .where(Variant.id.in_([item.variant_id for item in cart.items]))
            .options(selectinload(Variant.product))
        )
    }
    items = []
    for item in cart.items:
        variant = variants[item.variant_id]
        price = book.price(
            product_id=variant.product_id,
            category_id=variant.product.category_id,
            unit_price_minor=variant.price_minor,
            currency=variant.currency,
            quantity=item.quantity,
        )
        items.append(PricedItem(item, variant, price))
    coupon = None
    if cart.coupon_code:
        coupon = check_shopper_coupon(
            session,
            deps,
            cart.coupon_code,
            subtotal_minor=sum(entry.price.total_minor for entry in items),
            currency=cart.currency,
            cart_id=cart.id,
            now=now,
        )
    return PricedCart(cart, cart.currency, items, coupon)


def price_filled_cart(
    session: Session, deps: ToolDeps, now: datetime, *, if_empty: str, next_step: str
) -> tuple[Cart, PricedCart] | ToolError:
    """The open cart and its price at `now`, or an `empty_cart` error (`if_empty`, then
    `next_step`) when there is no cart or it has no line."""
    cart = find_open_cart(session, deps)
    if cart is None or not cart.items:
        return ToolError(code="empty_cart", message=if_empty, next_step=next_step)
    return cart, price_cart(session, deps, cart, now)
